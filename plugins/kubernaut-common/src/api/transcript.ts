/**
 * The typed events of an investigation's transcript, as `GET /investigations/:id/events` sends
 * them. The backend turns API Frontend's A2A and status-stream traffic into these, so the
 * browser never reads upstream's wire formats.
 */

/**
 * A workflow the agent offers, from its decision card (`investigation_summary`).
 *
 * @public
 */
export interface WorkflowOption {
  workflowId: string;
  name: string;
  description?: string;
  risk?: string;
  confidence?: number;
  recommended: boolean;
  parameters: Record<string, string>;
  ruledOutReason?: string;
}

/**
 * The agent's root-cause analysis, from its decision card or the remediation's AIAnalysis.
 *
 * @public
 */
export interface RootCauseAnalysis {
  summary: string;
  rootCause?: string;
  explanation?: string;
  severity?: string;
  confidence?: number;
  target?: string;
  causalChain: string[];
  contributingFactors: string[];
  evidence: string[];
  affectedComponents: string[];
  toolCalls?: number;
  options: WorkflowOption[];
  /** An early assessment (`early_rca`), before the investigation's decision card. */
  provisional?: boolean;
}

/**
 * The approval request an investigation transcript announces, as its card shows it.
 *
 * @public
 */
export interface ApprovalRequestCard {
  name: string;
  remediation?: string;
  confidence?: number;
  whyApprovalRequired?: string;
  requiredBy?: string;
}

/**
 * One step of a remediation's verification (the status stream's `verification_steps`).
 *
 * @public
 */
export interface VerificationStepView {
  step: string;
  status?: string;
  detail: string;
  score?: number;
}

/**
 * What the status stream says of a phase, beyond its name.
 *
 * @public
 */
export interface PhaseDetails {
  workflowId?: string;
  startedAt?: string;
  outcome?: string;
  failureReason?: string;
  failurePhase?: string;
  blockReason?: string;
  blockMessage?: string;
  blockedUntil?: string;
  skipReason?: string;
  approvalRequest?: string;
  effectivenessPhase?: string;
  stabilizationDeadline?: string;
  verificationDeadline?: string;
}

/**
 * One audit event recorded before a watch began.
 *
 * @public
 */
export interface HistoryEntry {
  type: string;
  action?: string;
  at?: string;
  outcome?: string;
  actor?: string;
}

/**
 * What the driver of a remediation did from the console, and what Kubernaut answered.
 *
 * @public
 */
export interface SteeringOutcome {
  user: string;
  action: SteeringAction['action'];
  workflowId?: string;
  parameters?: Record<string, string>;
  reason?: string;
  /** Kubernaut's answer (the tool's status and message). */
  status?: string;
  message?: string;
}

/**
 * Body of `POST /investigations/:id/steer`: what the driver does with the remediation.
 *
 * @public
 */
export type SteeringAction =
  | {
      action: 'select-workflow';
      workflowId: string;
      parameters?: Record<string, string>;
      /** Why, for the audit trail. */
      rationale?: string;
    }
  | { action: 'dismiss'; reason?: string }
  | { action: 'escalate'; reason: string };

/**
 * The payload of each transcript event type.
 *
 * @public
 */
export interface TranscriptEventPayloads {
  /** A person's message to the agent. */
  'user-message': { user: string; text: string };
  /** The agent's streamed reasoning. */
  'agent-text': { text: string };
  /** The model's thinking, when the agent streams it (redacted when the provider hides it). */
  thinking: { text: string; redacted: boolean };
  /**
   * The agent calls a tool. `textOnly` when it was announced as text ("Calling X..."), as
   * upstream's agent streams calls: no result ever comes, so it is done once anything else happens.
   */
  'tool-call': { tool: string; args?: string; textOnly?: boolean };
  /** A tool's result, for the latest open call of that tool. */
  'tool-result': { tool: string; result: string };
  /** A line of progress: execution, a watch's step, a status message. */
  progress: { text: string };
  /** A root-cause analysis card; a later one in the same turn replaces it. */
  analysis: { rca: RootCauseAnalysis; remediation?: string };
  /** The agent's answer text; `append` continues the previous answer. */
  answer: { text: string; append: boolean };
  'approval-request': ApprovalRequestCard;
  'approval-decided': {
    decision: string;
    decidedBy?: string;
    message?: string;
  };
  /** The agent's task state changed (working, input-required, completed, failed, ...). */
  'agent-state': { state: string; remediation?: string; phase?: string };
  /** The remediation moved to a phase, or reports more of the same phase (verification steps). */
  phase: {
    phase: string;
    final: boolean;
    details: PhaseDetails;
    verificationSteps: VerificationStepView[];
  };
  notice: { severity: 'error' | 'warning'; text: string };
  /** Someone started watching a running remediation. */
  watching: { user: string; remediation?: string; at?: string };
  /** What Kubernaut recorded of the remediation before the watch began. */
  history: {
    remediation?: string;
    phase?: string;
    events: HistoryEntry[];
    /** The audit trail could not be read. */
    unavailable: boolean;
    /** The analysis the remediation carries (its AIAnalysis), shown as the agent's card. */
    analysis?: RootCauseAnalysis;
    /** An approval request waiting for a decision. */
    pendingApproval?: ApprovalRequestCard;
  };
  /**
   * Someone took the remediation over from the autonomous run: from now on they drive it
   * (upstream's takeover, `kubernaut_investigate {rr_id}`).
   */
  'taken-over': { user: string; remediation?: string };
  /** The driver acted on the remediation from the console. */
  steered: SteeringOutcome;
  /** Someone opened a conversation already running. */
  joined: { user: string; at?: string };
  /** The connection to API Frontend dropped before the agent finished. */
  interrupted: { message: string; cause?: string };
  error: { message: string };
}

/**
 * The name of a typed transcript event.
 *
 * @public
 */
export type TranscriptEventType = keyof TranscriptEventPayloads;

/**
 * One typed transcript event, before it is numbered.
 *
 * @public
 */
export type TranscriptEventBody = {
  [T in TranscriptEventType]: { type: T; payload: TranscriptEventPayloads[T] };
}[TranscriptEventType];

/**
 * A numbered event of an investigation (`seq` orders them; a resumed stream continues after one).
 *
 * @public
 */
export type InvestigationEvent = TranscriptEventBody & {
  seq: number;
  createdAt: string;
};
