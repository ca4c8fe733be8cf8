import type { ApprovalView } from './types';

/** Body of `POST /clusters/:cluster/approvals/:name/decision`. */
export interface DecisionRequest {
  decision: 'Approved' | 'Rejected';
  /** Required for a rejection. */
  reason?: string;
  /** The approval request's resourceVersion the person decided on. */
  resourceVersion: string;
  override?: {
    workflowName?: string;
    parameters?: Record<string, string>;
    rationale: string;
  };
}

/** How a decision was recorded in the cluster. */
export interface DecisionResult {
  cluster: string;
  name: string;
  decision: 'Approved' | 'Rejected';
  decidedBy?: string;
  decidedVia?: string;
  decidedAt?: string;
  resourceVersion: string;
  workflowOverride?: ApprovalView['workflowOverride'];
}

export type InvestigationStatus =
  | 'running'
  | 'completed'
  | 'failed'
  | 'canceled'
  | 'interrupted';

/** One investigation conversation the backend relays and keeps. */
export interface InvestigationRecord {
  id: string;
  cluster: string;
  remediation?: string;
  contextId?: string;
  status: InvestigationStatus;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** Body of `POST /investigations`. */
export interface StartInvestigationRequest {
  cluster: string;
  /**
   * The question that starts a conversation. Without one, a running `remediation` is watched:
   * its history and live progress, with nothing sent to the agent.
   */
  message?: string;
  /** Watch this running remediation, or ask about this ended one. */
  remediation?: string;
}

export interface StartInvestigationResponse {
  id: string;
  /** True when a running investigation of the remediation was joined. */
  joined: boolean;
}
