import type {
  AuditEvent,
  AuditLog,
  NewAuditEvent,
} from '../datastorage/AuditLog';
import { admitApprovalStatus } from '../kube/admission';
import { API_FRONTEND_USER, type UserInfo } from '../kube/auth';
import type { KubeObject, ObjectStore } from '../kube/ObjectStore';
import {
  KUBERNAUT_API_VERSION,
  RESOURCE_TYPES,
  type ResourceType,
} from '../kube/resources';
import type { Scenario } from '../scenario/scenarios';
import {
  AgentToolError,
  type ApprovalDecision,
  type CompleteNoActionResult,
  type KubernautPort,
  type RunHandle,
  type StartScenarioOptions,
  type WorkflowEffectiveness,
} from './KubernautPort';

// What Kubernaut Agent answers for a remediation it holds no interactive session for.
const NO_SESSION =
  'no_session: No active interactive session for this remediation';
const INTERNAL_ERROR = 'internal_error: Internal service error';

/** The parts of `ScenarioEngine` the adapter uses. */
export interface EngineLike {
  readonly runs: ReadonlyMap<string, RunHandle>;
  scenarios(): Scenario[];
  startScenario(
    scenarioId: string,
    options: Partial<StartScenarioOptions>,
  ): RunHandle;
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `KubernautPort` over the sandbox's scenario engine, object store and audit log. */
export class ScenarioEngineAdapter implements KubernautPort {
  constructor(
    private readonly options: {
      namespace: string;
      store: ObjectStore;
      audit: AuditLog;
      engine: EngineLike;
      now?: () => Date;
    },
  ) {}

  get namespace(): string {
    return this.options.namespace;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  findRun(rrName: string): RunHandle | undefined {
    return this.options.engine.runs.get(rrName);
  }

  findRunByContext(contextId: string): RunHandle | undefined {
    for (const run of this.options.engine.runs.values())
      if (run.transcript.contextId === contextId) return run;
    return undefined;
  }

  findLiveRun(scenarioId: string): RunHandle | undefined {
    for (const run of this.options.engine.runs.values()) {
      if (
        run.scenario.id === scenarioId &&
        !run.terminal &&
        run.transcript.events.length > 0
      )
        return run;
    }
    return undefined;
  }

  scenarios(): Scenario[] {
    return this.options.engine.scenarios();
  }

  startScenario(scenarioId: string, options: StartScenarioOptions): RunHandle {
    return this.options.engine.startScenario(scenarioId, options);
  }

  recordInvestigationSession(
    run: RunHandle,
    user: UserInfo,
    joinMode: 'start' | 'takeover',
  ): void {
    const { store, namespace } = this.options;
    const name = `is-${run.rrName}`;
    if (store.get(RESOURCE_TYPES.investigationSessions, namespace, name))
      return;
    const rr = this.getRemediation(run.rrName);
    store.create(RESOURCE_TYPES.investigationSessions, {
      apiVersion: KUBERNAUT_API_VERSION,
      kind: 'InvestigationSession',
      metadata: {
        name,
        namespace,
        labels: {
          'kubernaut.ai/rr-name': run.rrName,
          'kubernaut.ai/user': user.username
            .replace(/[^A-Za-z0-9_.-]/g, '-')
            .slice(0, 63),
          'app.kubernetes.io/managed-by': 'kubernaut-apifrontend',
        },
        ...(rr
          ? {
              ownerReferences: [
                {
                  apiVersion: rr.apiVersion,
                  kind: rr.kind,
                  name: rr.metadata.name,
                  uid: rr.metadata.uid,
                },
              ],
            }
          : {}),
      },
      spec: {
        remediationRequestRef: { name: run.rrName, namespace },
        a2aTaskID: run.transcript.taskId,
        userIdentity: {
          username: user.username,
          groups: user.groups.slice(0, 64),
        },
        joinMode,
      },
      status: {
        phase: 'Active',
        connectionState: 'Connected',
        startedAt: this.now().toISOString(),
      },
    });
  }

  private get(type: ResourceType, name: string): KubeObject | undefined {
    return this.options.store.get(type, this.options.namespace, name)?.object;
  }

  private list(type: ResourceType): KubeObject[] {
    return this.options.store
      .list(type, { namespace: this.options.namespace })
      .items.map(entry => entry.object);
  }

  private watch(
    type: ResourceType,
    name: string,
    onChange: (object: KubeObject) => void,
  ): () => void {
    return this.options.store.watch(
      type,
      {
        namespace: this.options.namespace,
        filter: object => object.metadata.name === name,
      },
      event => {
        if (event.type !== 'DELETED') onChange(event.entry.object);
      },
    );
  }

  getRemediation(name: string): KubeObject | undefined {
    return this.get(RESOURCE_TYPES.remediationRequests, name);
  }

  listRemediations(): KubeObject[] {
    return this.list(RESOURCE_TYPES.remediationRequests);
  }

  watchRemediation(
    name: string,
    onChange: (rr: KubeObject) => void,
  ): () => void {
    return this.watch(RESOURCE_TYPES.remediationRequests, name, onChange);
  }

  cancelRemediation(name: string, message: string): KubeObject {
    return this.options.store.update(
      RESOURCE_TYPES.remediationRequests,
      this.options.namespace,
      name,
      current => ({
        ...current,
        status: {
          ...(current.status ?? {}),
          overallPhase: 'Cancelled',
          completedAt: iso(this.now()),
          message,
        },
      }),
    ).object;
  }

  getApprovalRequest(name: string): KubeObject | undefined {
    return this.get(RESOURCE_TYPES.remediationApprovalRequests, name);
  }

  listApprovalRequests(): KubeObject[] {
    return this.list(RESOURCE_TYPES.remediationApprovalRequests);
  }

  watchApprovalRequest(
    name: string,
    onChange: (rar: KubeObject) => void,
  ): () => void {
    return this.watch(
      RESOURCE_TYPES.remediationApprovalRequests,
      name,
      onChange,
    );
  }

  decideApproval(name: string, decision: ApprovalDecision): KubeObject {
    const { store, namespace } = this.options;
    return store.update(
      RESOURCE_TYPES.remediationApprovalRequests,
      namespace,
      name,
      current =>
        admitApprovalStatus(
          current,
          {
            ...current,
            status: {
              ...(current.status ?? {}),
              decision: decision.decision,
              decidedBy: decision.decidedBy,
              decidedAt: iso(this.now()),
              ...(decision.reason ? { decisionMessage: decision.reason } : {}),
              ...(decision.workflowOverride
                ? { workflowOverride: decision.workflowOverride }
                : {}),
            },
          },
          {
            user: { username: API_FRONTEND_USER, groups: [] },
            store,
            now: () => this.now(),
            trustedIntermediaries: [API_FRONTEND_USER],
          },
        ),
    ).object;
  }

  getEffectivenessAssessment(name: string): KubeObject | undefined {
    return this.get(RESOURCE_TYPES.effectivenessAssessments, name);
  }

  watchEffectivenessAssessment(
    name: string,
    onChange: (ea: KubeObject) => void,
  ): () => void {
    return this.watch(RESOURCE_TYPES.effectivenessAssessments, name, onChange);
  }

  listWorkflows(): KubeObject[] {
    return this.list(RESOURCE_TYPES.remediationWorkflows);
  }

  appendAudit(event: NewAuditEvent): void {
    this.options.audit.append(event);
  }

  auditEvents(correlationId: string, eventType?: string): AuditEvent[] {
    return this.options.audit.query({
      correlation_id: correlationId,
      event_type: eventType,
      limit: 200,
      offset: 0,
    }).data;
  }

  workflowEffectiveness(workflowId?: string): WorkflowEffectiveness {
    const { audit } = this.options;
    const all = Number.MAX_SAFE_INTEGER;
    const created = audit.query({
      event_type: 'remediation.workflow_created',
      ...(workflowId
        ? { detail_key: 'workflow_id', detail_value: workflowId }
        : {}),
      limit: all,
      offset: 0,
    }).data;
    const remediations = [...new Set(created.map(e => e.correlation_id))];
    const scores: number[] = [];
    const durations: number[] = [];
    for (const rr of remediations) {
      const score = audit.effectiveness(rr)?.score;
      if (typeof score === 'number') scores.push(score);
      const ended = audit.query({
        correlation_id: rr,
        event_type: 'orchestrator.lifecycle.completed',
        limit: 1,
        offset: 0,
      }).data[0];
      if (typeof ended?.duration_ms === 'number')
        durations.push(ended.duration_ms);
    }
    const mean = (values: number[]) =>
      values.reduce((sum, v) => sum + v, 0) / values.length;
    return {
      successRate: scores.length ? Math.round(mean(scores) * 1000) / 1000 : 0,
      sampleSize: scores.length,
      ...(durations.length ? { avgDurationMs: mean(durations) } : {}),
    };
  }

  completeInvestigationSession(rrName: string): void {
    const { store, namespace } = this.options;
    const name = `is-${rrName}`;
    const phase = (
      store.get(RESOURCE_TYPES.investigationSessions, namespace, name)?.object
        .status as { phase?: string } | undefined
    )?.phase;
    if (!phase || ['Completed', 'Cancelled', 'Failed'].includes(phase)) return;
    store.update(RESOURCE_TYPES.investigationSessions, namespace, name, o => ({
      ...o,
      status: {
        ...(o.status ?? {}),
        phase: 'Completed',
        message: 'user action: Completed',
        completedAt: this.now().toISOString(),
      },
    }));
  }

  takeOverInvestigation(run: RunHandle, user: UserInfo): void {
    run.interactiveSession?.takeOver(user);
  }

  recordWorkflowDiscovery(rrName: string, user: UserInfo): void {
    this.findRun(rrName)?.interactiveSession?.recordDiscovery(user);
  }

  selectWorkflow(
    rrName: string,
    workflowId: string,
    user: UserInfo,
  ): { status: string } {
    const session = this.findRun(rrName)?.interactiveSession;
    if (!session) throw new AgentToolError(NO_SESSION);
    return session.selectWorkflow(user, workflowId);
  }

  completeNoAction(
    rrName: string,
    user: UserInfo,
    reason?: string,
    escalationReason?: string,
  ): CompleteNoActionResult {
    const session = this.findRun(rrName)?.interactiveSession;
    if (!session) throw new AgentToolError(INTERNAL_ERROR);
    return session.completeNoAction(user, reason, escalationReason);
  }
}
