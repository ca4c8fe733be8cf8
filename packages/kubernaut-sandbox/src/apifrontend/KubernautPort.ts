import type { AuditEvent, NewAuditEvent } from '../datastorage/AuditLog';
import type { UserInfo } from '../kube/auth';
import type { KubeObject } from '../kube/ObjectStore';
import type { Scenario } from '../scenario/scenarios';
import type { Transcript } from '../scenario/Transcript';

/** What the endpoints read of a remediation the scenario engine plays. */
export interface RunHandle {
  readonly rrName: string;
  readonly transcript: Transcript;
  readonly scenario: Scenario;
  readonly startedAt: Date;
  readonly phase: string;
  readonly terminal: boolean;
}

export interface StartScenarioOptions {
  signalSource: 'prometheus' | 'a2a-agent';
  scriptedDecisions: boolean;
}

export interface ApprovalDecision {
  decision: 'Approved' | 'Rejected';
  /** The human API Frontend authenticated; API Frontend writes as its own service account. */
  decidedBy: string;
  reason?: string;
  workflowOverride?: { workflowName: string; rationale: string };
}

/** Per-workflow effectiveness, from Data Storage's audit trail. */
export interface WorkflowEffectiveness {
  successRate: number;
  sampleSize: number;
  avgDurationMs?: number;
}

/**
 * Thrown by an operation the simulated Kubernaut cannot perform: the scenario engine plays its
 * remediations from a script and offers no hook for it (e.g. an interactive workflow choice).
 */
export class OperationUnavailableError extends Error {}

/**
 * The few things API Frontend's endpoints need of Kubernaut: its remediation runs (the agent's
 * conversations), its custom resources in the controller namespace, and Data Storage. The
 * endpoints depend on this port only; `ScenarioEngineAdapter` implements it over the sandbox's
 * scenario engine, object store and audit log.
 */
export interface KubernautPort {
  /** The controller namespace every Kubernaut CR lives in (ADR-057). */
  readonly namespace: string;

  findRun(rrName: string): RunHandle | undefined;
  findRunByContext(contextId: string): RunHandle | undefined;
  /** A running remediation of the scenario whose investigation has begun. */
  findLiveRun(scenarioId: string): RunHandle | undefined;
  scenarios(): Scenario[];
  startScenario(scenarioId: string, options: StartScenarioOptions): RunHandle;
  /** Records the InvestigationSession CR API Frontend creates when a user drives a run. */
  recordInvestigationSession(
    run: RunHandle,
    user: UserInfo,
    joinMode: 'start' | 'takeover',
  ): void;

  getRemediation(name: string): KubeObject | undefined;
  listRemediations(): KubeObject[];
  /** Calls `onChange` with the current object (if any), then with every change, until unsubscribed. */
  watchRemediation(
    name: string,
    onChange: (rr: KubeObject) => void,
  ): () => void;
  /** Patches the status to Cancelled (throws the Kubernetes error of the write). */
  cancelRemediation(name: string, message: string): KubeObject;

  getApprovalRequest(name: string): KubeObject | undefined;
  listApprovalRequests(): KubeObject[];
  watchApprovalRequest(
    name: string,
    onChange: (rar: KubeObject) => void,
  ): () => void;
  /** Writes a decision through the admission rules (throws the Kubernetes error of the write). */
  decideApproval(name: string, decision: ApprovalDecision): KubeObject;

  getEffectivenessAssessment(name: string): KubeObject | undefined;
  watchEffectivenessAssessment(
    name: string,
    onChange: (ea: KubeObject) => void,
  ): () => void;

  listWorkflows(): KubeObject[];

  appendAudit(event: NewAuditEvent): void;
  /** Data Storage's `GET /api/v1/audit/events?correlation_id=&event_type=&limit=200`, newest first. */
  auditEvents(correlationId: string, eventType?: string): AuditEvent[];
  /** Effectiveness of the remediations that ran a workflow (by its UUID); all when absent. */
  workflowEffectiveness(workflowId?: string): WorkflowEffectiveness;

  /**
   * The agent's interactive operations (upstream: Kubernaut Agent's pooled session). Throw
   * `OperationUnavailableError` when the engine cannot perform them.
   */
  selectWorkflow(
    rrName: string,
    workflowId: string,
    parameters: Record<string, unknown> | undefined,
  ): { status: string; message: string };
  completeNoAction(
    rrName: string,
    reason?: string,
    escalationReason?: string,
  ): { status: string; reason?: string; escalation_reason?: string };
}
