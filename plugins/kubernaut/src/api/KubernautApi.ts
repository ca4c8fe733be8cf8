import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ApprovalListItem,
  ApprovalListRequest,
  AuditTrail,
  ClusterHealth,
  DecisionRequest,
  DecisionResult,
  FleetChangeEvent,
  FleetSummary,
  HealthResponse,
  InvestigationEvent,
  InvestigationFeedback,
  InvestigationFeedbackRequest,
  InvestigationListRequest,
  InvestigationListResponse,
  InvestigationRecord,
  Page,
  ParsedQuery,
  RemediationDetail,
  RemediationPhase,
  RemediationSort,
  RemediationSummary,
  Severity,
  StartInvestigationRequest,
  SteeringAction,
  SteeringOutcome,
  StartInvestigationResponse,
  WorkflowDetail,
  WorkflowFeedbackCounts,
  WorkflowRow,
} from '@kubernaut/plugin-kubernaut-common';

/**
 * Options of a read: a signal that aborts it.
 *
 * @public
 */
export interface RequestOptions {
  signal?: AbortSignal;
}

/**
 * The filters, sort and page of `GET /remediations`.
 *
 * @public
 */
export interface RemediationListRequest {
  q?: string;
  cluster?: string[];
  phase?: RemediationPhase[];
  severity?: Severity[];
  namespace?: string[];
  /** `[namespace/][Kind/]name` patterns (catalog entities). */
  target?: string[];
  sort?: RemediationSort;
  direction?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
}

/**
 * A list across clusters with the health of every cluster it spans.
 *
 * @public
 */
export interface ClusterList<T> {
  items: T[];
  clusters: ClusterHealth[];
}

/**
 * What an investigation event stream delivers, in order.
 *
 * @public
 */
export interface InvestigationStreamHandlers {
  onRecord?(record: InvestigationRecord): void;
  onEvent(event: InvestigationEvent): void;
  /** Sent when the relay stopped on the backend; history up to here is complete. */
  onNotice?(message: string): void;
  /**
   * Events numbered above `after` are void: another backend replica stored events under those
   * numbers first. They come again, renumbered, right after.
   */
  onRewind(after: number): void;
}

/**
 * The Kubernaut backend's REST API (`/api/kubernaut`) as the frontend uses it.
 *
 * @public
 */
export interface KubernautApi {
  getHealth(options?: RequestOptions): Promise<HealthResponse>;
  getClusters(options?: RequestOptions): Promise<{ items: ClusterHealth[] }>;
  getFleetSummary(
    request: { q?: string; window?: string },
    options?: RequestOptions,
  ): Promise<FleetSummary>;
  listRemediations(
    request: RemediationListRequest,
    options?: RequestOptions,
  ): Promise<Page<RemediationSummary>>;
  getRemediation(
    cluster: string,
    name: string,
    options?: RequestOptions,
  ): Promise<RemediationDetail>;
  getAuditTrail(
    cluster: string,
    name: string,
    request?: { limit?: number; offset?: number },
    options?: RequestOptions,
  ): Promise<AuditTrail>;
  /**
   * One page of approval requests, soonest deadline first, with how many there are in all. A
   * backend from before approvals were paged answers every one, without `totalCount` or
   * `nextCursor`.
   */
  listApprovals(
    request?: ApprovalListRequest,
    options?: RequestOptions,
  ): Promise<
    ClusterList<ApprovalListItem> &
      Partial<Pick<Page<ApprovalListItem>, 'nextCursor' | 'totalCount'>>
  >;
  decide(
    cluster: string,
    name: string,
    decision: DecisionRequest,
  ): Promise<DecisionResult>;
  cancelRemediation(cluster: string, name: string): Promise<unknown>;
  listWorkflows(
    request?: { q?: string },
    options?: RequestOptions,
  ): Promise<ClusterList<WorkflowRow>>;
  getWorkflow(
    cluster: string,
    name: string,
    options?: RequestOptions,
  ): Promise<WorkflowDetail>;
  parseQuery(
    q: string,
    scope: 'fleet' | 'workflows',
    options?: RequestOptions,
  ): Promise<ParsedQuery>;
  /** Workloads the caches know per cluster (targets of remediations the caller may see). */
  listWorkloads(
    request?: { cluster?: string[] },
    options?: RequestOptions,
  ): Promise<{
    items: Array<{
      cluster: string;
      name: string;
      namespace?: string;
      kind?: string;
    }>;
  }>;
  /** Investigations the caller may watch, most recent activity first, a page at a time. */
  listInvestigations(
    request: InvestigationListRequest,
    options?: RequestOptions,
  ): Promise<InvestigationListResponse>;
  startInvestigation(
    request: StartInvestigationRequest,
  ): Promise<StartInvestigationResponse>;
  sendInvestigationMessage(
    id: string,
    message: string,
  ): Promise<{ seq: number }>;
  /** Takes the investigation's remediation over from the autonomous run: the caller drives it. */
  takeOverInvestigation(
    id: string,
    message?: string,
  ): Promise<InvestigationRecord>;
  /** Runs a workflow, dismisses or escalates the remediation, as its driver. */
  steerInvestigation(
    id: string,
    action: SteeringAction,
  ): Promise<SteeringOutcome>;
  /** Thumbs up or down on the RCA or an answer; a second one on the item replaces the first. */
  sendInvestigationFeedback(
    id: string,
    feedback: InvestigationFeedbackRequest,
  ): Promise<InvestigationFeedback>;
  /** The caller's own feedback on an investigation's items. */
  getInvestigationFeedback(
    id: string,
    options?: RequestOptions,
  ): Promise<{ items: InvestigationFeedback[] }>;
  /** RCA feedback counted per recommended workflow, over all investigations. */
  getWorkflowFeedback(
    options?: RequestOptions,
  ): Promise<WorkflowFeedbackCounts>;
  /**
   * Streams an investigation's events after sequence number `after`, then live ones. Resolves
   * with the final status when the investigation ends; rejects when the connection drops.
   */
  streamInvestigation(
    id: string,
    after: number,
    handlers: InvestigationStreamHandlers,
    options?: RequestOptions,
  ): Promise<string | undefined>;
  /** Streams fleet changes until the signal aborts; rejects when the connection drops. */
  streamFleetChanges(
    handlers: {
      onChanges(changes: FleetChangeEvent[]): void;
      onClusters?(clusters: ClusterHealth[]): void;
    },
    options: RequestOptions,
  ): Promise<void>;
}

export type { RemediationSort };

/**
 * The API reference of the Kubernaut backend client.
 *
 * @public
 */
export const kubernautApiRef = createApiRef<KubernautApi>({
  id: 'plugin.kubernaut.api',
});
