/**
 * Kubernaut RemediationRequest phases (`status.overallPhase`), plus Unknown for anything else.
 *
 * @public
 */
export const REMEDIATION_PHASES = [
  'Pending',
  'Processing',
  'Analyzing',
  'AwaitingApproval',
  'Executing',
  'Verifying',
  'Blocked',
  'Completed',
  'Failed',
  'TimedOut',
  'Skipped',
  'Cancelled',
  'Unknown',
] as const;
/**
 * A RemediationRequest phase (`status.overallPhase`).
 *
 * @public
 */
export type RemediationPhase = (typeof REMEDIATION_PHASES)[number];

/**
 * The phases after which a remediation no longer changes.
 *
 * @public
 */
export const TERMINAL_PHASES: readonly RemediationPhase[] = [
  'Completed',
  'Failed',
  'TimedOut',
  'Skipped',
  'Cancelled',
];

/**
 * Signal severities as Kubernaut normalises them, most severe first.
 *
 * @public
 */
export const SEVERITIES = [
  'critical',
  'high',
  'warning',
  'info',
  'unknown',
] as const;
/**
 * A signal severity.
 *
 * @public
 */
export type Severity = (typeof SEVERITIES)[number];

/**
 * How a remediation that ended turned out (`status.outcome`).
 *
 * @public
 */
export const OUTCOMES = [
  'Remediated',
  'NoActionRequired',
  'ManualReviewRequired',
  'VerificationTimedOut',
  'Inconclusive',
  'DryRun',
  'Unknown',
] as const;
/**
 * A remediation's outcome.
 *
 * @public
 */
export type Outcome = (typeof OUTCOMES)[number];

/**
 * Which layout a cluster's Kubernaut writes statuses in: v1.5 (flat) or v1.6/main (nested).
 *
 * @public
 */
export type StatusLayout = 'v1.5' | 'v1.6' | 'unknown';

/**
 * A Kubernetes object, by kind, name and namespace.
 *
 * @public
 */
export interface ResourceRef {
  kind: string;
  name: string;
  namespace?: string;
}

/**
 * How one configured cluster is doing, as every response that spans clusters reports it.
 *
 * @public
 */
export interface ClusterHealth {
  name: string;
  title: string;
  environment?: string;
  /** connected: synced and watching; syncing: first list running; degraded: watch errors but data; unreachable: no data. */
  status: 'connected' | 'syncing' | 'degraded' | 'unreachable';
  /** True when the cached data may be out of date (watch down). */
  stale: boolean;
  lastSync?: string;
  lastError?: string;
  /** Objects cached per kind, e.g. `{ RemediationRequest: 1200 }`. */
  counts: Record<string, number>;
  statusLayout: StatusLayout;
}

/**
 * What `GET /remediations?sort=` orders by.
 *
 * @public
 */
export const REMEDIATION_SORTS = [
  'created',
  'severity',
  'phase',
  'cluster',
  'name',
  'deadline',
] as const;
/**
 * A column `GET /remediations` sorts by.
 *
 * @public
 */
export type RemediationSort = (typeof REMEDIATION_SORTS)[number];

/**
 * One row of the remediations table.
 *
 * @public
 */
export interface RemediationSummary {
  cluster: string;
  name: string;
  namespace: string;
  phase: RemediationPhase;
  outcome?: Outcome;
  severity: Severity;
  environment?: string;
  signalName: string;
  signalSource?: string;
  target: ResourceRef;
  rcaTarget?: ResourceRef;
  workflow?: string;
  confidence?: number;
  createdAt: string;
  completedAt?: string;
  requiresManualReview?: boolean;
  failurePhase?: string;
  failureReason?: string;
  blockReason?: string;
  /** Set while an approval request waits for a decision. */
  approval?: { name: string; requiredBy?: string };
  /** How the remediation's approval request was decided, once it was (an expired one is Expired). */
  approvalDecision?: 'Approved' | 'Rejected' | 'Expired';
}

/**
 * One page of a cursor-paged list across clusters.
 *
 * @public
 */
export interface Page<T> {
  items: T[];
  /** Opaque; pass as `cursor` for the next page. Absent on the last page. */
  nextCursor?: string;
  /** Matching items across all pages. */
  totalCount: number;
  /** Health of every cluster the page spans; a failing one contributes no rows. */
  clusters: ClusterHealth[];
}

/**
 * The fleet KPIs over a window, for the whole fleet or one cluster.
 *
 * @public
 */
export interface KpiFigures {
  activeInvestigations: number;
  awaitingApproval: number;
  resolved: number;
  failed: number;
  criticalAlerts: number;
  /** Seconds, over resolved remediations in the window. */
  meanTimeToResolve?: number;
  p90TimeToResolve?: number;
  /** Remediated / (remediations that ended) in the window, 0..1. */
  successRate?: number;
}

/**
 * Remediations that ended in one slice of the summary window.
 *
 * @public
 */
export interface TrendBucket {
  start: string;
  resolved: number;
  failed: number;
  /** Seconds, over the resolved ones. */
  meanTimeToResolve?: number;
}

/**
 * The answer to `GET /fleet/summary`: KPIs, trend and per-cluster figures over a window.
 *
 * @public
 */
export interface FleetSummary {
  window: { since: string; until: string };
  /** The window in equal slices, oldest first, for the fleet (filtered like the figures). */
  trend: TrendBucket[];
  /** Where figures older than the watch caches came from. */
  historySource: 'cache' | 'cache+dataStorage';
  fleet: KpiFigures;
  /**
   * Each cluster's figures and, from servers that break the trend down, its own trend over the
   * same slices as `trend`. A cluster whose figures could not be read is left out.
   */
  byCluster: Array<{
    cluster: string;
    figures: KpiFigures;
    trend?: TrendBucket[];
  }>;
  clusters: ClusterHealth[];
}

/**
 * The status of one of a remediation's child objects (SignalProcessing, WorkflowExecution...).
 *
 * @public
 */
export interface ChildStatus {
  name: string;
  phase?: string;
  [key: string]: unknown;
}

/**
 * A RemediationApprovalRequest: what the agent proposes, why approval is required, and its decision.
 *
 * @public
 */
export interface ApprovalView {
  name: string;
  cluster: string;
  namespace: string;
  remediation: string;
  resourceVersion: string;
  confidence?: number;
  confidenceLevel?: string;
  reason?: string;
  whyApprovalRequired?: string;
  investigationSummary?: string;
  evidence: string[];
  alternativesConsidered: Array<{ approach: string; prosCons: string }>;
  recommendedWorkflow?: {
    workflowId?: string;
    name?: string;
    version?: string;
    rationale?: string;
  };
  policy?: { name?: string; matchedRules: string[]; decision?: string };
  requiredBy?: string;
  decision?: 'Approved' | 'Rejected' | 'Expired';
  decidedBy?: string;
  decidedVia?: string;
  decidedAt?: string;
  decisionMessage?: string;
  workflowOverride?: {
    workflowName?: string;
    parameters?: Record<string, string>;
    rationale?: string;
  };
  expired: boolean;
}

/**
 * One row of `GET /approvals`: the request with what a person needs to recognise it.
 *
 * @public
 */
export interface ApprovalListItem extends ApprovalView {
  signalName: string;
  target: ResourceRef;
  severity: Severity;
  environment?: string;
  /** The workflow the remediation selected, by name. */
  workflow?: string;
}

/**
 * The filter and page of `GET /approvals`; it answers a `Page<ApprovalListItem>`, soonest
 * deadline first.
 *
 * @public
 */
export interface ApprovalListRequest {
  /** Default `pending`. */
  state?: 'pending' | 'decided' | 'all';
  cluster?: string[];
  /** 1 to 500; default 50. */
  limit?: number;
  /** `nextCursor` of the previous page of the same query. */
  cursor?: string;
}

/**
 * An AIAnalysis: root cause, selected workflow and its alternatives.
 *
 * @public
 */
export interface AnalysisView {
  name: string;
  phase?: string;
  reason?: string;
  rootCause?: string;
  summary?: string;
  contributingFactors: string[];
  selectedWorkflow?: {
    workflowId?: string;
    name?: string;
    actionType?: string;
    confidence?: number;
    rationale?: string;
    parameters?: Record<string, string>;
  };
  alternatives: Array<{
    workflowId?: string;
    confidence?: number;
    rationale?: string;
  }>;
  approvalRequired?: boolean;
  approvalReason?: string;
  needsHumanReview?: boolean;
  humanReviewReason?: string;
}

/**
 * One remediation with its child objects, as `GET /clusters/:cluster/remediations/:name` returns it.
 *
 * @public
 */
export interface RemediationDetail extends RemediationSummary {
  resourceVersion: string;
  message?: string;
  signalLabels: Record<string, string>;
  signalAnnotations: Record<string, string>;
  statusLayout: StatusLayout;
  timeline: {
    startTime?: string;
    processingStartTime?: string;
    analyzingStartTime?: string;
    executingStartTime?: string;
    verificationDeadline?: string;
    completedAt?: string;
  };
  signalProcessing?: ChildStatus & {
    environment?: string;
    priority?: string;
    severity?: string;
  };
  analysis?: AnalysisView;
  approvalRequest?: ApprovalView;
  workflowExecution?: ChildStatus & {
    workflow?: string;
    duration?: string;
    failureReason?: string;
    failureSummary?: string;
  };
  effectiveness?: ChildStatus & {
    assessmentReason?: string;
    healthScore?: number;
    alertScore?: number;
    metricsScore?: number;
    /** Which components the EffectivenessMonitor has assessed so far. */
    assessed?: { health: boolean; alert: boolean; metrics: boolean };
    /** When stabilization ends and metrics are assessed (`status.prometheusCheckAfter`). */
    stabilizationDeadline?: string;
    /** When the assessment gives up waiting (`status.validityDeadline`). */
    validityDeadline?: string;
    completedAt?: string;
    /** The overall score, weighed as Data Storage weighs the components. */
    score?: number;
  };
  notifications: Array<ChildStatus & { type?: string; subject?: string }>;
}

/**
 * One Data Storage audit event.
 *
 * @public
 */
export interface AuditEventView {
  id: string;
  type: string;
  category: string;
  action: string;
  outcome: string;
  timestamp: string;
  actor: { type: string; id: string };
  data: Record<string, unknown>;
}

/**
 * A remediation's Data Storage audit trail, oldest first.
 *
 * @public
 */
export interface AuditTrail {
  cluster: string;
  remediation: string;
  /** `unavailable` when Data Storage could not be reached; `events` is then empty. */
  status: 'ok' | 'unavailable';
  message?: string;
  events: AuditEventView[];
  nextOffset?: number;
  total: number;
}

/**
 * One RemediationWorkflow of the catalog with its match count and effectiveness.
 *
 * @public
 */
export interface WorkflowRow {
  cluster: string;
  name: string;
  workflowId?: string;
  actionType: string;
  version?: string;
  engine?: string;
  status: string;
  description?: string;
  /** RemediationRequests in the caches that selected this workflow. */
  matchCount: number;
  /** Mean Data Storage effectiveness score, 0..1, and how many assessments it is over. */
  effectiveness?: { score: number; samples: number };
  lastUsed?: string;
}

/**
 * One workflow with its parameters, effectiveness history and recent remediations.
 *
 * @public
 */
export interface WorkflowDetail extends WorkflowRow {
  whenToUse?: string;
  whenNotToUse?: string;
  parameters: Array<{
    name: string;
    type: string;
    required: boolean;
    description?: string;
  }>;
  labels: Record<string, unknown>;
  /** Effectiveness scores over time, oldest first. */
  history: Array<{ at: string; score: number; remediation: string }>;
  recentRemediations: RemediationSummary[];
  effectivenessStatus: 'ok' | 'unavailable';
}

/**
 * One message on `/events`: something changed that an open page may want to refetch.
 *
 * @public
 */
export interface FleetChangeEvent {
  cluster: string;
  kind: string;
  name: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'HEALTH';
  phase?: string;
}
