import type { ApprovalView } from './types';

/**
 * Body of `POST /clusters/:cluster/approvals/:name/decision`.
 *
 * @public
 */
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

/**
 * How a decision was recorded in the cluster.
 *
 * @public
 */
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

/**
 * Where an investigation is: running, or how it ended (`interrupted`: its relay stopped mid-turn).
 *
 * @public
 */
export type InvestigationStatus =
  | 'running'
  | 'completed'
  | 'failed'
  | 'canceled'
  | 'interrupted';

/**
 * One investigation conversation the backend relays and keeps.
 *
 * @public
 */
export interface InvestigationRecord {
  id: string;
  cluster: string;
  remediation?: string;
  contextId?: string;
  /**
   * Who drives the remediation from this investigation: whoever started the conversation, or
   * took the remediation over from the autonomous run. Only they can steer it.
   */
  driver?: string;
  status: InvestigationStatus;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * Body of `POST /investigations`.
 *
 * @public
 */
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

/**
 * The answer to `POST /investigations`: the investigation started or joined.
 *
 * @public
 */
export interface StartInvestigationResponse {
  id: string;
  /** True when a running investigation of the remediation was joined. */
  joined: boolean;
}

/**
 * Query of `GET /investigations`. Lists are comma-separated or repeated parameters; `mine`
 * and `createdBy` are exclusive.
 *
 * @public
 */
export interface InvestigationListRequest {
  /** Shown status: a running investigation without a heartbeat for 45 s counts as interrupted. */
  status?: InvestigationStatus[];
  cluster?: string[];
  /** Backstage user entity refs of who started them. */
  createdBy?: string[];
  /** Only the caller's own. */
  mine?: boolean;
  remediation?: string[];
  /**
   * Words that must each appear (case-insensitive) in the remediation name, the creator, the
   * cluster or the first question.
   */
  q?: string;
  /** 1 to 200; 50 by default. */
  limit?: number;
  /** `nextCursor` of the previous page, with the same filters. */
  cursor?: string;
}

/**
 * One row of `GET /investigations`: most recent activity first.
 *
 * @public
 */
export interface InvestigationListItem {
  id: string;
  cluster: string;
  remediation?: string;
  /** Backstage user entity ref. */
  createdBy: string;
  /** As shown: a stale `running` one (relay silent for 45 s) is `interrupted`. */
  status: InvestigationStatus;
  createdAt: string;
  /** Last activity: the last status change or relay heartbeat. */
  updatedAt: string;
  /** The first question asked, cut to about 200 characters; absent for a watch. */
  firstQuestion?: string;
  /** Events in the stored transcript. */
  eventCount: number;
}

/**
 * Body of `GET /investigations`. There is no total: it would count what the caller may not see.
 *
 * @public
 */
export interface InvestigationListResponse {
  items: InvestigationListItem[];
  /** Opaque; pass as `cursor` for the next page. Absent on the last page. */
  nextCursor?: string;
}
