import type { AuditEvent, NewAuditEvent } from '../datastorage/AuditLog';
import type { UserInfo } from '../kube/auth';
import type { KubeObject } from '../kube/ObjectStore';
import type {
  CompleteNoActionResult,
  InteractiveSession,
} from '../scenario/run/InteractiveSession';
import type { Scenario } from '../scenario/scenarios';
import type { Transcript } from '../scenario/Transcript';

export { AgentToolError } from '../scenario/run/InteractiveSession';
export type { CompleteNoActionResult };

/** What the endpoints read of a remediation the scenario engine plays. */
export interface RunHandle {
  readonly rrName: string;
  readonly transcript: Transcript;
  readonly scenario: Scenario;
  readonly startedAt: Date;
  readonly phase: string;
  readonly terminal: boolean;
  /** Kubernaut Agent's interactive session; absent when the run cannot be driven by a user. */
  readonly interactiveSession?: Pick<
    InteractiveSession,
    | 'awaitingChoice'
    | 'driverName'
    | 'takeOver'
    | 'recordDiscovery'
    | 'selectWorkflow'
    | 'completeNoAction'
  >;
}

export interface StartScenarioOptions {
  signalSource: 'prometheus' | 'a2a-agent';
  scriptedDecisions: boolean;
  /** A user drives the investigation: it ends offering workflows and waits for their choice. */
  interactive?: boolean;
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
  /** The InvestigationSession ends (`handler/mcp_bridge.go` finalizeSessionPhase). */
  completeInvestigationSession(rrName: string): void;

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
   * Kubernaut Agent's interactive tools (upstream: KA's MCP server behind API Frontend's pooled
   * session). They throw `AgentToolError` with KA's error text when KA refuses.
   */
  takeOverInvestigation(run: RunHandle, user: UserInfo): void;
  recordWorkflowDiscovery(rrName: string, user: UserInfo): void;
  selectWorkflow(
    rrName: string,
    workflowId: string,
    user: UserInfo,
  ): { status: string };
  completeNoAction(
    rrName: string,
    user: UserInfo,
    reason?: string,
    escalationReason?: string,
  ): CompleteNoActionResult;
}
