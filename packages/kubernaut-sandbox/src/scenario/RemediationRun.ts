import { createHash, randomUUID } from 'node:crypto';
import type { AuditLog } from '../datastorage/AuditLog';
import {
  effectivenessComponentAssessed,
  effectivenessCompleted,
  effectivenessHashComputed,
  lifecycleCompleted,
  workflowCreated,
  workflowSelectionCompleted,
  type AuditDraft,
} from '../datastorage/upstreamAudit';
import type { KubeObject, ObjectStore } from '../kube/ObjectStore';
import {
  KUBERNAUT_API_VERSION,
  RESOURCE_TYPES,
  type ResourceType,
} from '../kube/resources';
import type { ClusterSpec } from '../SimulatedCluster';
import { evaluateApprovalPolicy } from './approvalPolicy';
import { bundleOf, findWorkflow, workflowId } from './catalog';
import {
  aaStatusFor,
  condition,
  objectRef,
  ownerRef,
  remediationRequestRef,
  rrStatusFor,
  setCondition,
  workflowRefFor,
} from './objects';
import type { Scenario, ScriptedDecision, TargetRef } from './scenarios';
import { tokenChunks, Transcript, type RrContext } from './Transcript';

/** Time as a run sees it: real (scaled by --speed) for live runs, virtual for history. */
export interface RunClock {
  readonly live: boolean;
  now(): Date;
  sleep(seconds: number): Promise<void>;
  /** The moment `seconds` of scenario time from now (deadlines scale with the clock). */
  later(seconds: number): Date;
}

export interface DecisionOutcome {
  decision: 'Approved' | 'Rejected' | 'Expired';
  decidedBy: string;
  message?: string;
  override?: {
    workflowName?: string;
    parameters?: Record<string, string>;
    rationale?: string;
  };
}

export interface RunEnvironment {
  cluster: ClusterSpec;
  namespace: string;
  store: ObjectStore;
  audit: AuditLog;
  clock: RunClock;
  /** Resolves when the approval request is decided (by a human, a scripted operator, or expiry). */
  awaitDecision(
    rarName: string,
    requiredBy: Date,
    scripted: ScriptedDecision | undefined,
    clock: RunClock,
  ): Promise<DecisionOutcome>;
  /** Kubernaut's observe mode: analyse, never execute. */
  dryRun: boolean;
}

export interface RunOptions {
  signalSource: 'prometheus' | 'a2a-agent';
  /** Seeds the RR name, so a seeded sandbox produces the same names every run. */
  seed: string;
}

/** Thrown inside a run when someone cancelled its RemediationRequest; the engine winds it down. */
export class RunCancelled extends Error {}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const display = (t: TargetRef) => `${t.kind}/${t.name}`;

function confidenceLevel(confidence: number): 'low' | 'medium' | 'high' {
  if (confidence >= 0.8) return 'high';
  if (confidence >= 0.6) return 'medium';
  return 'low';
}

/** Kubernetes-style duration text, e.g. `14m30s`. */
function durationText(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(total / 60);
  return `${minutes}m${total % 60}s`;
}

function eventReason(oom: boolean, crashing: boolean): string {
  if (oom) return 'OOMKilling';
  return crashing ? 'BackOff' : 'Unhealthy';
}

/** The demo SignalProcessing policy's priority: P0 for critical production signals. */
function priorityOf(severity: string, environment: string): string {
  if (severity === 'critical' && environment === 'Production') return 'P0';
  if (severity === 'critical' || severity === 'high') return 'P1';
  return 'P2';
}

function normalisedEnvironment(environment: string): string {
  return environment.charAt(0).toUpperCase() + environment.slice(1);
}

/** One remediation played through Kubernaut's lifecycle, writing the CRs a real installation would. */
export class RemediationRun {
  readonly rrName: string;
  readonly fingerprint: string;
  readonly transcript: Transcript;
  readonly startedAt: Date;
  phase = 'Pending';
  private rr?: KubeObject;
  private rrView: Record<string, unknown> = {};
  private aaView: Record<string, unknown> = {};
  private readonly v16: boolean;
  private readonly rcaTarget: TargetRef;

  constructor(
    private readonly env: RunEnvironment,
    readonly scenario: Scenario,
    private readonly options: RunOptions,
  ) {
    const hash = createHash('sha256')
      .update(`${options.seed}:${scenario.id}:${env.cluster.name}`)
      .digest('hex');
    this.fingerprint = hash;
    this.rrName = `rr-${hash.slice(0, 12)}-${createHash('sha256')
      .update(`${hash}:name`)
      .digest('hex')
      .slice(0, 8)}`;
    this.startedAt = env.clock.now();
    this.v16 = env.cluster.layout === 'v1.6';
    this.rcaTarget = scenario.rcaTarget ?? scenario.target;
    this.transcript = new Transcript(() => this.rrContext());
  }

  get clusterName(): string {
    return this.env.cluster.name;
  }

  private rrContext(): RrContext {
    return {
      rr_id: this.rrName,
      namespace: this.env.namespace,
      kind: this.scenario.target.kind,
      target: display(this.scenario.target),
      alert_name: this.scenario.signal.name,
      phase: this.phase,
      cluster_id: this.env.cluster.name,
    };
  }

  private now() {
    return this.env.clock.now();
  }

  private async sleep(seconds: number) {
    await this.env.clock.sleep(seconds);
    this.assertActive();
  }

  /** A user may cancel at any time (status patch or MCP); the run must then stop writing. */
  private assertActive() {
    const current = this.env.store.get(
      RESOURCE_TYPES.remediationRequests,
      this.env.namespace,
      this.rrName,
    )?.object;
    if (
      (current?.status as { overallPhase?: string } | undefined)
        ?.overallPhase === 'Cancelled'
    )
      throw new RunCancelled(this.rrName);
  }

  /** After a cancellation: children stop with ParentCancelled and the conversation ends. */
  windDownCancelled() {
    const cancelledIn = this.phase;
    this.phase = 'Cancelled';
    const aaName = `ai-${this.rrName}`;
    const aa = this.env.store.get(
      RESOURCE_TYPES.aiAnalyses,
      this.env.namespace,
      aaName,
    )?.object;
    const aaPhase = (aa?.status as { phase?: string } | undefined)?.phase;
    if (aa && aaPhase !== 'Completed' && aaPhase !== 'Failed') {
      this.writeAA(v => {
        Object.assign(v, {
          phase: 'Failed',
          reason: 'ParentCancelled',
          message: 'RemediationRequest was cancelled',
          completedAt: iso(this.now()),
        });
      });
    }
    this.audit({
      event_type: 'orchestrator.lifecycle.cancelled',
      event_category: 'orchestration',
      event_action: 'cancelled',
      data: { cancelled_in_phase: cancelledIn },
    });
    this.transcript.status(
      'canceled',
      'status',
      'The remediation was cancelled.',
      this.now(),
      { phase: 'Cancelled' },
      true,
    );
  }

  private audit(event: AuditDraft) {
    this.env.audit.append({
      ...event,
      at: this.now(),
      correlation_id: this.rrName,
      severity: event.severity ?? this.scenario.signal.severity,
    });
  }

  private clusterId(): Record<string, string> {
    return this.v16 ? { clusterID: this.env.cluster.name } : {};
  }

  private create(
    type: ResourceType,
    name: string,
    spec: Record<string, unknown>,
    status: Record<string, unknown>,
    owned = true,
  ): KubeObject {
    return this.env.store.create(type, {
      apiVersion: KUBERNAUT_API_VERSION,
      kind: type.kind,
      metadata: {
        name,
        namespace: this.env.namespace,
        ...(owned && this.rr ? { ownerReferences: ownerRef(this.rr) } : {}),
        creationTimestamp: iso(this.now()),
      },
      spec,
      status,
    }).object;
  }

  private patchStatus(
    type: ResourceType,
    name: string,
    mutate: (status: Record<string, unknown>) => Record<string, unknown>,
  ) {
    return this.env.store.update(type, this.env.namespace, name, o => ({
      ...o,
      status: mutate({ ...(o.status ?? {}) }),
    })).object;
  }

  private writeRR(changes: (view: Record<string, unknown>) => void) {
    if (this.rr) this.assertActive();
    changes(this.rrView);
    this.phase = (this.rrView.overallPhase as string) ?? this.phase;
    const layout = this.env.cluster.layout;
    this.rr = this.env.store.update(
      RESOURCE_TYPES.remediationRequests,
      this.env.namespace,
      this.rrName,
      o => ({
        ...o,
        status: rrStatusFor(layout, structuredClone(this.rrView)),
      }),
    ).object;
  }

  private writeAA(changes: (view: Record<string, unknown>) => void) {
    changes(this.aaView);
    const layout = this.env.cluster.layout;
    this.env.store.update(
      RESOURCE_TYPES.aiAnalyses,
      this.env.namespace,
      `ai-${this.rrName}`,
      o => ({
        ...o,
        status: aaStatusFor(layout, structuredClone(this.aaView)),
      }),
    );
  }

  private rrCondition(
    type: string,
    reason: string,
    message: string,
    status: 'True' | 'False' = 'True',
  ) {
    this.rrView.conditions = setCondition(
      this.rrView.conditions,
      condition(type, status, reason, message, this.now()),
    );
  }

  private transition(
    phase: string,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    const from = this.phase;
    this.writeRR(v => {
      v.overallPhase = phase;
      v.message = message;
      Object.assign(v, extra);
    });
    this.audit({
      event_type: 'orchestrator.lifecycle.transitioned',
      event_category: 'orchestration',
      event_action: 'transitioned',
      data: { from_phase: from, to_phase: phase, message },
    });
    this.transcript.status(
      'working',
      'status',
      `Remediation ${phase}: ${message}`,
      this.now(),
      { phase },
    );
  }

  /** Streams narration token by token, as API Frontend relays the agent's reasoning. */
  private async narrate(text: string) {
    for (const chunk of tokenChunks(text)) {
      this.transcript.reasoning(chunk, this.now());
      await this.sleep(0.12);
    }
    this.transcript.reasoning('\n\n', this.now());
  }

  async play(): Promise<void> {
    await this.signal();
    await this.processing();
    const decision = await this.analysis();
    if (decision === 'stop') return;
    await this.execution(decision);
  }

  private async signal() {
    const s = this.scenario;
    const at = this.now();
    const labels = {
      alertname: s.signal.name,
      severity: s.signal.severity,
      namespace: s.target.namespace,
      [s.target.kind.toLowerCase()]: s.target.name,
    };
    this.rr = this.env.store.create(RESOURCE_TYPES.remediationRequests, {
      apiVersion: KUBERNAUT_API_VERSION,
      kind: 'RemediationRequest',
      metadata: {
        name: this.rrName,
        namespace: this.env.namespace,
        creationTimestamp: iso(at),
        ...(this.options.signalSource === 'prometheus'
          ? {
              labels: {
                'app.kubernetes.io/managed-by': 'gateway-service',
                'app.kubernetes.io/component': 'remediation',
              },
              annotations: { 'kubernaut.ai/created-at': iso(at) },
            }
          : {}),
      },
      spec: {
        signalFingerprint: this.fingerprint,
        signalName: s.signal.name,
        severity: s.signal.severity,
        signalType: 'alert',
        signalSource: this.options.signalSource,
        targetType: 'kubernetes',
        targetResource: { ...s.target },
        ...this.clusterId(),
        firingTime: iso(new Date(at.getTime() - 5_000)),
        receivedTime: iso(at),
        signalLabels: labels,
        signalAnnotations: {
          summary: s.signal.summary,
          description: s.signal.description,
        },
      },
    }).object;
    this.rrView = {
      overallPhase: 'Pending',
      message: 'Remediation request received',
      startTime: iso(at),
      deduplication: {
        firstSeenAt: iso(at),
        lastSeenAt: iso(at),
        occurrenceCount: 1,
      },
      conditions: [],
    };
    this.writeRR(() => undefined);
    this.workloadSymptoms(at);
    this.audit({
      event_type: 'gateway.signal.received',
      event_category: 'gateway',
      event_action: 'received',
      actor_id: 'gateway',
      data: {
        signal_name: s.signal.name,
        fingerprint: this.fingerprint,
        source: this.options.signalSource,
      },
    });
    this.audit({
      event_type: 'gateway.crd.created',
      event_category: 'gateway',
      event_action: 'created',
      actor_id: 'gateway',
      data: { rr_name: this.rrName },
    });
    this.audit({
      event_type: 'orchestrator.lifecycle.created',
      event_category: 'orchestration',
      event_action: 'created',
      data: { target: display(s.target), namespace: s.target.namespace },
    });
    this.transcript.status(
      'submitted',
      'status',
      `Signal ${s.signal.name} on ${display(s.target)} in ${
        s.target.namespace
      }: ${s.signal.summary}`,
      at,
    );
  }

  /** The target's pods and the Warning events an operator would see next to the alert. */
  private workloadSymptoms(at: Date) {
    const s = this.scenario;
    if (
      s.target.kind !== 'Deployment' ||
      !this.env.store.get(
        RESOURCE_TYPES.namespaces,
        undefined,
        s.target.namespace,
      )
    )
      return;
    const oom = /oom/i.test(`${s.signal.name} ${s.signal.description}`);
    const crashing = /crash|oom/i.test(
      `${s.signal.name} ${s.signal.description}`,
    );
    for (let i = 0; i < 2; i++) {
      const pod = `${s.target.name}-${this.fingerprint.slice(
        12,
        18,
      )}-${this.fingerprint.slice(18 + i * 5, 23 + i * 5)}`;
      this.env.store.create(RESOURCE_TYPES.pods, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: pod,
          namespace: s.target.namespace,
          labels: {
            app: s.target.name,
            'backstage.io/kubernetes-id': s.target.name,
          },
          creationTimestamp: iso(new Date(at.getTime() - 3600_000)),
        },
        spec: {
          containers: [
            {
              name: s.target.name,
              image: `registry.example/${s.target.name}:2.8.1`,
            },
          ],
        },
        status: {
          phase: 'Running',
          containerStatuses: [
            {
              name: s.target.name,
              ready: !crashing,
              restartCount: crashing ? 14 : 0,
              state: crashing
                ? { waiting: { reason: 'CrashLoopBackOff' } }
                : { running: { startedAt: iso(at) } },
              ...(oom
                ? {
                    lastState: {
                      terminated: { reason: 'OOMKilled', exitCode: 137 },
                    },
                  }
                : {}),
            },
          ],
        },
      });
      this.env.store.create(RESOURCE_TYPES.events, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: {
          name: `${pod}.${this.fingerprint.slice(24, 34)}`,
          namespace: s.target.namespace,
          creationTimestamp: iso(at),
        },
        involvedObject: {
          kind: 'Pod',
          name: pod,
          namespace: s.target.namespace,
          apiVersion: 'v1',
        },
        reason: eventReason(oom, crashing),
        message: s.signal.description,
        type: 'Warning',
        count: crashing ? 14 : 3,
        firstTimestamp: iso(new Date(at.getTime() - 1800_000)),
        lastTimestamp: iso(at),
        source: { component: 'kubelet' },
      });
    }
  }

  private async processing() {
    const s = this.scenario;
    await this.sleep(2);
    const spName = `sp-${this.rrName}`;
    this.create(
      RESOURCE_TYPES.signalProcessings,
      spName,
      {
        remediationRequestRef: remediationRequestRef(this.rr!),
        signal: {
          fingerprint: this.fingerprint,
          name: s.signal.name,
          severity: s.signal.severity,
          type: 'alert',
          source: this.options.signalSource,
          targetType: 'kubernetes',
          targetResource: { ...s.target },
          ...(this.v16 ? { clusterID: this.env.cluster.name } : {}),
          firingTime: iso(new Date(this.startedAt.getTime() - 5_000)),
          receivedTime: iso(this.startedAt),
        },
      },
      { phase: 'Pending' },
    );
    this.transition('Processing', 'Enriching and classifying the signal', {
      phaseProgress: {
        processingStartTime: iso(this.now()),
        signalProcessingRef: objectRef(
          'SignalProcessing',
          spName,
          this.env.namespace,
        ),
      },
    });
    this.rrCondition(
      'SignalProcessingReady',
      'SignalProcessingCreated',
      'SignalProcessing created',
    );
    for (const phase of ['Enriching', 'Classifying', 'Categorizing']) {
      this.patchStatus(RESOURCE_TYPES.signalProcessings, spName, st => ({
        ...st,
        phase,
        startTime: st.startTime ?? iso(this.now()),
      }));
      await this.sleep(1);
    }
    const environment = normalisedEnvironment(this.env.cluster.environment);
    const priority = priorityOf(s.signal.severity, environment);
    const classification = {
      severity: s.signal.severity,
      signalMode: s.signal.mode,
      signalName: s.signal.name,
      sourceSignalName: s.signal.name,
      policyHash: 'sha256:9d1e8a2b',
    };
    this.patchStatus(RESOURCE_TYPES.signalProcessings, spName, st => ({
      ...st,
      phase: 'Completed',
      completionTime: iso(this.now()),
      ...(this.v16 ? { signalClassification: classification } : classification),
      environmentClassification: {
        environment,
        source: 'namespace-labels',
        classifiedAt: iso(this.now()),
      },
      priorityAssignment: {
        priority,
        source: 'rego-policy',
        policyName: 'signalprocessing-policy',
        assignedAt: iso(this.now()),
      },
      businessClassification: {
        businessUnit: 'commerce',
        serviceOwner: `${s.target.namespace.replace('demo-', '')}-team`,
        criticality: environment === 'Production' ? 'High' : 'Medium',
        slaRequirement: environment === 'Production' ? 'Gold' : 'Bronze',
      },
      conditions: [
        condition(
          'Ready',
          'True',
          'ProcessingComplete',
          'Signal processed',
          this.now(),
        ),
      ],
    }));
    this.rrCondition(
      'SignalProcessingComplete',
      'SignalProcessingSucceeded',
      'Signal processed',
    );
    this.audit({
      event_type: 'signalprocessing.classification.decision',
      event_category: 'signalprocessing',
      event_action: 'classified',
      actor_id: 'signalprocessing',
      data: { environment, priority, severity: s.signal.severity },
    });
  }

  private options_() {
    return this.scenario.options.map((option, i) => {
      const workflow = findWorkflow(option.workflow);
      return {
        option,
        workflow,
        id: workflowId(workflow),
        recommended: i === 0,
      };
    });
  }

  /** Runs the investigation and the approval gate; returns the workflow to execute, or 'stop'. */
  private async analysis(): Promise<
    | {
        workflow: string;
        parameters: Record<string, string>;
        confidence: number;
        rationale: string;
      }
    | 'stop'
  > {
    const s = this.scenario;
    const aaName = `ai-${this.rrName}`;
    const environment = normalisedEnvironment(this.env.cluster.environment);
    this.create(
      RESOURCE_TYPES.aiAnalyses,
      aaName,
      {
        remediationRequestRef: remediationRequestRef(this.rr!),
        remediationId: this.rrName,
        ...this.clusterId(),
        analysisRequest: {
          analysisTypes: ['Investigation', 'RootCause', 'WorkflowSelection'],
          signalContext: {
            fingerprint: this.fingerprint,
            severity: s.signal.severity,
            signalName: s.signal.name,
            signalMode: s.signal.mode,
            environment,
            businessPriority: s.signal.severity === 'critical' ? 'P0' : 'P1',
            targetResource: { ...s.target },
            enrichmentResults: {
              kubernetesContext: {
                namespace: {
                  name: s.target.namespace,
                  labels: { 'kubernaut.ai/managed': 'true' },
                },
              },
            },
          },
        },
      },
      { phase: 'Pending' },
    );
    this.aaView = {
      phase: 'Investigating',
      startedAt: iso(this.now()),
      message: 'Investigation dispatched to Kubernaut Agent',
      investigationSession: {
        id: randomUUID(),
        generation: 0,
        createdAt: iso(this.now()),
      },
    };
    if (!this.v16)
      this.aaView = {
        ...this.aaView,
        approvalRequired: false,
        needsHumanReview: false,
      };
    this.writeAA(() => undefined);
    if (this.v16) {
      this.env.store.create(RESOURCE_TYPES.agentSessions, {
        apiVersion: KUBERNAUT_API_VERSION,
        kind: 'AgentSession',
        metadata: {
          name: `as-${this.rrName}`,
          namespace: this.env.namespace,
          ownerReferences: ownerRef(
            this.env.store.get(
              RESOURCE_TYPES.aiAnalyses,
              this.env.namespace,
              aaName,
            )!.object,
          ),
          creationTimestamp: iso(this.now()),
        },
        spec: {
          incidentID: aaName,
          remediationID: this.rrName,
          remediationRequestRef: {
            name: this.rrName,
            namespace: this.env.namespace,
          },
          signalName: s.signal.name,
          severity: s.signal.severity,
          signalMode: s.signal.mode,
          resourceKind: s.target.kind,
          resourceName: s.target.name,
          resourceNamespace: s.target.namespace,
          environment,
        },
        status: {
          phase: 'Investigating',
          sessionID: randomUUID(),
          interactive: false,
          dispatchedAt: iso(this.now()),
        },
      });
    }
    this.transition(
      'Analyzing',
      'Kubernaut Agent is investigating the root cause',
      {
        phaseProgress: {
          ...(this.rrView.phaseProgress as object),
          analyzingStartTime: iso(this.now()),
          aiAnalysisRef: objectRef('AIAnalysis', aaName, this.env.namespace),
        },
      },
    );
    this.rrCondition(
      'AIAnalysisReady',
      'AIAnalysisCreated',
      'AIAnalysis created',
    );
    this.audit({
      event_type: 'aianalysis.phase.transition',
      event_category: 'analysis',
      event_action: 'transitioned',
      actor_id: 'aianalysis',
      data: { to_phase: 'Investigating' },
    });

    let toolCalls = 0;
    for (const step of s.investigation) {
      if ('reasoning' in step) {
        await this.narrate(step.reasoning);
      } else {
        toolCalls++;
        this.transcript.toolCall(step.tool, this.now());
        this.audit({
          event_type: 'aiagent.llm.tool_call',
          event_category: 'aiagent',
          event_action: 'tool_call',
          actor_id: 'kubernaut-agent',
          data: { tool_name: step.tool, arguments: step.args },
        });
        await this.sleep(1.5);
      }
    }

    const options = this.options_();
    const selected = options[0];
    const confidence = selected?.option.confidence ?? 0;
    this.transcript.decision(
      {
        session_id: (this.aaView.investigationSession as { id: string }).id,
        rr_id: this.rrName,
        cluster_id: this.env.cluster.name,
        summary: s.rca.summary,
        severity: s.signal.severity,
        confidence,
        rca: {
          explanation: s.rca.summary,
          severity: s.signal.severity,
          confidence,
          causal_chain: s.rca.causalChain,
          target: display(this.rcaTarget),
          root_cause: s.rca.rootCause,
          affected_components: [
            display(s.target),
            ...(s.rcaTarget ? [display(s.rcaTarget)] : []),
          ],
          evidence: s.rca.evidence,
          tool_calls_count: toolCalls,
          llm_turns: s.investigation.length,
          contributing_factors: s.rca.contributingFactors,
        },
        options: options.map(o => ({
          workflow_id: o.id,
          name: o.workflow.name,
          description: o.option.description,
          risk: o.option.risk,
          recommended: o.recommended,
          confidence: o.option.confidence,
          parameters: o.option.parameters,
          ...(o.option.ruledOutReason
            ? { ruled_out_reason: o.option.ruledOutReason }
            : {}),
        })),
        searched_target: {
          api_version: 'apps/v1',
          kind: this.rcaTarget.kind,
          name: this.rcaTarget.name,
          namespace: this.rcaTarget.namespace,
        },
        signal_target: {
          api_version: 'apps/v1',
          kind: s.target.kind,
          name: s.target.name,
          namespace: s.target.namespace,
        },
      },
      s.rca.summary,
    );
    this.audit({
      event_type: 'aiagent.rca.complete',
      event_category: 'aiagent',
      event_action: 'rca_complete',
      actor_id: 'kubernaut-agent',
      data: { root_cause: s.rca.rootCause, confidence },
    });

    this.writeAA(v => {
      v.phase = 'Analyzing';
      v.message = 'Evaluating the approval policy';
    });
    if (this.v16)
      this.patchStatus(
        RESOURCE_TYPES.agentSessions,
        `as-${this.rrName}`,
        st => ({ ...st, phase: 'Completed', completedAt: iso(this.now()) }),
      );
    await this.sleep(2);

    const rca = {
      rootCause: s.rca.rootCause,
      rootCauseAnalysis: {
        summary: s.rca.summary,
        severity: s.signal.severity,
        signalType: s.signal.name,
        contributingFactors: s.rca.contributingFactors,
        remediationTarget: { ...this.rcaTarget },
      },
      actionability: 'Actionable',
      ...(selected
        ? {
            selectedWorkflow: {
              ...(workflowRefFor('v1.6', selected.workflow) as object),
              confidence,
              rationale: `${selected.option.description}. ${s.rca.summary}`,
              parameters: selected.option.parameters,
              selectedAt: iso(this.now()),
            },
            alternativeWorkflows: options.slice(1).map(o => ({
              workflowId: o.id,
              confidence: o.option.confidence,
              rationale: o.option.description,
              executionBundle: bundleOf(o.workflow).bundle,
            })),
          }
        : {}),
    };
    const metadata = {
      investigationId: aaName,
      investigationTime: Math.round(
        (this.now().getTime() - this.startedAt.getTime()) / 1000,
      ),
      warnings: [] as string[],
    };

    if (s.outcome === 'manual-review' || !selected) {
      this.writeAA(v => {
        Object.assign(v, {
          phase: 'Completed',
          completedAt: iso(this.now()),
          reason: 'WorkflowResolutionFailed',
          subReason: 'NoMatchingWorkflows',
          message: 'No workflow in the catalog matches; human review required',
          rcaResult: { ...rca, actionability: 'Actionable' },
          review: {
            needsHumanReview: true,
            humanReviewReason: s.humanReviewReason ?? 'no_matching_workflows',
          },
          approval: { approvalRequired: false },
          investigationMetadata: metadata,
        });
      });
      this.audit({
        event_type: 'orchestrator.remediation.manual_review',
        event_category: 'orchestration',
        event_action: 'manual_review',
        data: { reason: s.humanReviewReason },
      });
      this.notify(
        'ManualReview',
        'High',
        `Manual review needed: ${s.signal.name} on ${display(s.target)}`,
        s.rca.summary,
        'manual-review',
      );
      this.complete(
        'ManualReviewRequired',
        'Manual review required: no matching workflow',
        { requiresManualReview: true },
        false,
      );
      return 'stop';
    }

    const policy = evaluateApprovalPolicy({
      environment: this.env.cluster.environment,
      confidence,
      remediationTargetKind: this.rcaTarget.kind,
      warnings: [],
    });
    const approvalContext = {
      reason: policy.reason,
      confidenceScore: confidence,
      confidenceLevel: confidenceLevel(confidence),
      investigationSummary: s.rca.summary,
      evidenceCollected: s.rca.evidence,
      recommendedActions: [
        { workflowId: selected.id, rationale: selected.option.description },
      ],
      alternativesConsidered: options.slice(1).map(o => ({
        approach: `${o.workflow.name}: ${o.option.description}`,
        prosCons: `confidence ${Math.round(o.option.confidence * 100)}%, risk ${
          o.option.risk
        }`,
      })),
      whyApprovalRequired: policy.reason,
      policyEvaluation: {
        policyName: policy.policyName,
        matchedRules: policy.matchedRules,
        decision: policy.decision,
        policyHash: policy.policyHash,
      },
    };
    this.writeAA(v => {
      Object.assign(v, {
        phase: 'Completed',
        completedAt: iso(this.now()),
        reason: 'AnalysisCompleted',
        message: 'Analysis complete',
        rcaResult: rca,
        approval: {
          approvalRequired: policy.requireApproval,
          approvalReason: policy.reason,
          ...(policy.requireApproval ? { approvalContext } : {}),
        },
        review: { needsHumanReview: false },
        investigationMetadata: metadata,
        postRCAContext: {
          setAt: iso(this.now()),
          detectedLabels: {
            gitOpsManaged: false,
            pdbProtected: false,
            hpaEnabled: this.rcaTarget.kind === 'HorizontalPodAutoscaler',
            stateful: this.rcaTarget.kind === 'StatefulSet',
            helmManaged: false,
            networkIsolated: false,
            resourceQuotaConstrained: false,
          },
        },
        conditions: [
          condition(
            'AnalysisComplete',
            'True',
            'AnalysisSucceeded',
            'Rego policy evaluation completed successfully',
            this.now(),
          ),
        ],
      });
    });
    this.rrCondition(
      'AIAnalysisComplete',
      'AIAnalysisSucceeded',
      'Analysis complete',
    );
    this.writeRR(v => {
      v.workflowSelection = {
        selectedWorkflowRef: {
          workflowId: selected.id,
          version: selected.workflow.version,
          executionBundle: bundleOf(selected.workflow).bundle,
          executionBundleDigest: bundleOf(selected.workflow).digest,
        },
        remediationTarget: { ...this.rcaTarget },
        targetDisplay: display(this.rcaTarget),
        signalTargetDisplay: display(s.target),
        workflowDisplayName: `${selected.workflow.actionType}:${selected.workflow.name}`,
        confidence: confidence.toFixed(2),
      };
    });
    this.audit({
      event_type: 'aianalysis.rego.evaluation',
      event_category: 'analysis',
      event_action: 'evaluated',
      actor_id: 'aianalysis',
      data: {
        require_approval: policy.requireApproval,
        matched_rules: policy.matchedRules,
        policy_hash: policy.policyHash,
      },
    });
    this.audit({
      event_type: 'aianalysis.analysis.completed',
      event_category: 'analysis',
      event_action: 'completed',
      actor_id: 'aianalysis',
      data: {
        workflow_id: selected.id,
        workflow_name: selected.workflow.name,
        confidence,
      },
    });

    if (s.outcome === 'dry-run' || this.env.dryRun) {
      await this.narrate(
        `Observe mode: Kubernaut would run ${
          selected.workflow.name
        } (confidence ${Math.round(confidence * 100)}%). No action was taken.`,
      );
      this.complete(
        'DryRun',
        'Dry run: analysis recorded, no workflow executed',
      );
      return 'stop';
    }

    const chosen = {
      workflow: selected.workflow.name,
      parameters: selected.option.parameters,
      confidence,
      rationale: selected.option.description,
    };
    if (!policy.requireApproval) {
      await this.narrate(
        `Policy allows automatic execution. Running ${selected.workflow.name}.`,
      );
      return chosen;
    }
    return this.approvalGate(
      selected,
      confidence,
      policy,
      approvalContext,
      chosen,
    );
  }

  private async approvalGate(
    selected: ReturnType<RemediationRun['options_']>[number],
    confidence: number,
    policy: ReturnType<typeof evaluateApprovalPolicy>,
    approvalContext: Record<string, unknown>,
    chosen: {
      workflow: string;
      parameters: Record<string, string>;
      confidence: number;
      rationale: string;
    },
  ) {
    const s = this.scenario;
    const rarName = `rar-${this.rrName}`;
    const minutes = s.approvalMinutes ?? 15;
    const requiredBy = this.env.clock.later(minutes * 60);
    const { bundle } = bundleOf(selected.workflow);
    const spec = {
      remediationRequestRef: remediationRequestRef(this.rr!),
      aiAnalysisRef: { name: `ai-${this.rrName}` },
      ...this.clusterId(),
      confidence,
      confidenceLevel: confidenceLevel(confidence),
      reason: policy.reason,
      recommendedWorkflow: {
        workflowId: selected.id,
        version: selected.workflow.version,
        executionBundle: bundle,
        rationale: selected.option.description,
      },
      investigationSummary: s.rca.summary,
      evidenceCollected: s.rca.evidence,
      recommendedActions: [
        {
          action: selected.workflow.name,
          rationale: selected.option.description,
        },
      ],
      alternativesConsidered: approvalContext.alternativesConsidered,
      whyApprovalRequired: policy.reason,
      policyEvaluation: {
        policyName: policy.policyName,
        matchedRules: policy.matchedRules,
        decision: policy.decision,
        ...(this.v16 ? { policyHash: policy.policyHash } : {}),
      },
      requiredBy: iso(requiredBy),
    };
    this.create(RESOURCE_TYPES.remediationApprovalRequests, rarName, spec, {
      createdAt: iso(this.now()),
      timeRemaining: durationText(requiredBy.getTime() - this.now().getTime()),
      expired: false,
      conditions: [
        condition(
          'ApprovalPending',
          'True',
          'AwaitingDecision',
          'Waiting for a human decision',
          this.now(),
        ),
        condition(
          'ApprovalDecided',
          'False',
          'PendingDecision',
          'No decision yet',
          this.now(),
        ),
        condition(
          'ApprovalExpired',
          'False',
          'NotExpired',
          `Expires at ${iso(requiredBy)}`,
          this.now(),
        ),
      ],
    });
    this.notify(
      'Approval',
      'High',
      `Approval needed: ${selected.workflow.name} on ${display(
        this.rcaTarget,
      )}`,
      `${s.rca.summary}\n\nWhy: ${policy.reason}`,
      'approval',
    );
    this.transition(
      'AwaitingApproval',
      `Waiting for approval of ${selected.workflow.name}`,
      {
        completionStatus: {
          ...(this.rrView.completionStatus as object),
          approvalNotificationSent: true,
        },
      },
    );
    this.rrCondition(
      'Ready',
      'ApprovalPending',
      'Waiting for approval',
      'False',
    );
    this.audit({
      event_type: 'orchestrator.approval.requested',
      event_category: 'approval',
      event_action: 'requested',
      data: {
        rar_name: rarName,
        required_by: iso(requiredBy),
        workflow_id: selected.id,
        confidence,
      },
    });
    this.transcript.status(
      'input-required',
      'approval_request',
      JSON.stringify({
        name: rarName,
        namespace: this.env.namespace,
        remediationRequestName: this.rrName,
        confidence,
        confidenceLevel: confidenceLevel(confidence),
        reason: policy.reason,
        whyApprovalRequired: policy.reason,
        recommendedWorkflow: spec.recommendedWorkflow,
        investigationSummary: s.rca.summary,
        evidenceCollected: s.rca.evidence,
        recommendedActions: spec.recommendedActions,
        alternativesConsidered: spec.alternativesConsidered,
        policyEvaluation: spec.policyEvaluation,
        requiredBy: iso(requiredBy),
      }),
      this.now(),
    );

    const outcome = await this.env.awaitDecision(
      rarName,
      requiredBy,
      s.scripted,
      this.env.clock,
    );
    const rar = this.env.store.get(
      RESOURCE_TYPES.remediationApprovalRequests,
      this.env.namespace,
      rarName,
    )?.object;
    const status = (rar?.status ?? {}) as Record<string, unknown>;
    this.transcript.status(
      'working',
      'approval_request_resolved',
      JSON.stringify({
        name: rarName,
        decision: outcome.decision,
        decidedBy: status.decidedBy ?? outcome.decidedBy,
        decidedAt: status.decidedAt ?? iso(this.now()),
        decisionMessage: status.decisionMessage ?? outcome.message,
        workflowOverride: status.workflowOverride,
      }),
      this.now(),
    );
    this.patchStatus(
      RESOURCE_TYPES.remediationApprovalRequests,
      rarName,
      st => ({
        ...st,
        timeRemaining: '0s',
        expired: outcome.decision === 'Expired',
        reason: outcome.decision,
        conditions: [
          condition(
            'ApprovalPending',
            'False',
            'DecisionMade',
            'Decision recorded',
            this.now(),
          ),
          condition(
            'ApprovalDecided',
            outcome.decision === 'Expired' ? 'False' : 'True',
            outcome.decision === 'Expired' ? 'Timeout' : outcome.decision,
            `Decision: ${outcome.decision}`,
            this.now(),
          ),
          condition(
            'ApprovalExpired',
            outcome.decision === 'Expired' ? 'True' : 'False',
            outcome.decision === 'Expired' ? 'Timeout' : 'NotExpired',
            outcome.decision === 'Expired'
              ? 'Approval deadline passed'
              : 'Decided in time',
            this.now(),
          ),
        ],
      }),
    );

    if (outcome.decision !== 'Approved') {
      const expired = outcome.decision === 'Expired';
      const reason = expired
        ? 'approval request expired (timeout)'
        : outcome.message || 'Rejected by operator';
      this.audit({
        event_type: expired
          ? 'orchestrator.approval.expired'
          : 'orchestrator.approval.rejected',
        event_category: 'approval',
        event_action: expired ? 'expired' : 'rejected',
        actor_type: expired ? 'system' : 'user',
        actor_id: (status.decidedBy as string) ?? outcome.decidedBy,
        data: { rar_name: rarName, reason },
      });
      await this.narrate(
        expired
          ? 'Nobody decided before the deadline; the approval request expired and no action was taken.'
          : `The remediation was rejected by ${
              status.decidedBy ?? outcome.decidedBy
            }: ${reason}`,
      );
      this.fail('Approval', reason);
      return 'stop' as const;
    }

    this.audit({
      event_type: 'orchestrator.approval.approved',
      event_category: 'approval',
      event_action: 'approved',
      actor_type: 'user',
      actor_id: (status.decidedBy as string) ?? outcome.decidedBy,
      data: {
        rar_name: rarName,
        workflow_override: outcome.override?.workflowName ?? null,
      },
    });
    const override =
      (status.workflowOverride as DecisionOutcome['override']) ??
      outcome.override;
    if (override?.workflowName) {
      const alternative = this.scenario.options.find(
        o => o.workflow === override.workflowName,
      );
      await this.narrate(
        `Approved by ${status.decidedBy ?? outcome.decidedBy} with ${
          override.workflowName
        } instead of ${chosen.workflow}.`,
      );
      return {
        workflow: override.workflowName,
        parameters: override.parameters ?? alternative?.parameters ?? {},
        confidence: alternative?.confidence ?? chosen.confidence,
        rationale: override.rationale ?? 'Operator override',
      };
    }
    if (override?.parameters) chosen.parameters = override.parameters;
    await this.narrate(
      `Approved by ${status.decidedBy ?? outcome.decidedBy}. Running ${
        chosen.workflow
      }.`,
    );
    return chosen;
  }

  private async execution(chosen: {
    workflow: string;
    parameters: Record<string, string>;
    confidence: number;
    rationale: string;
  }) {
    const s = this.scenario;
    if (s.outcome === 'blocked-then-remediated') {
      const until = this.env.clock.later(5 * 60);
      this.transition(
        'Blocked',
        'Target is busy: another WorkflowExecution holds its lock',
        {
          routingStatus: {
            blockReason: 'ResourceBusy',
            blockMessage: `Deployment/postgres in ${s.target.namespace} is being remediated`,
            blockedUntil: iso(until),
            blockingWorkflowExecution: 'we-rr-postgres-rollback',
          },
        },
      );
      this.audit({
        event_type: 'orchestrator.routing.blocked',
        event_category: 'orchestration',
        event_action: 'blocked',
        data: { block_reason: 'ResourceBusy', blocked_until: iso(until) },
      });
      await this.sleep(300);
      this.writeRR(v => {
        delete v.routingStatus;
      });
    }
    const workflow = findWorkflow(chosen.workflow);
    const weName = `we-${this.rrName}`;
    const target = this.rcaTarget;
    this.create(
      RESOURCE_TYPES.workflowExecutions,
      weName,
      {
        remediationRequestRef: remediationRequestRef(this.rr!),
        workflowRef: workflowRefFor(this.env.cluster.layout, workflow),
        targetResource: `${target.namespace}/${target.kind
          .charAt(0)
          .toLowerCase()}${target.kind.slice(1)}/${target.name}`,
        parameters: chosen.parameters,
        confidence: chosen.confidence,
        rationale: chosen.rationale,
        ...this.clusterId(),
      },
      { phase: 'Pending' },
    );
    this.transition('Executing', `Running ${workflow.name}`, {
      phaseProgress: {
        ...(this.rrView.phaseProgress as object),
        executingStartTime: iso(this.now()),
        workflowExecutionRef: objectRef(
          'WorkflowExecution',
          weName,
          this.env.namespace,
        ),
      },
      operatorAudit: {
        preRemediationSpecHash: `sha256:${this.fingerprint.slice(0, 64)}`,
      },
      workflowSelection: {
        ...(this.rrView.workflowSelection as object),
        workflowDisplayName: `${workflow.actionType}:${workflow.name}`,
        executionRef: objectRef(
          'WorkflowExecution',
          weName,
          this.env.namespace,
        ),
      },
    });
    this.rrCondition(
      'WorkflowExecutionReady',
      'WorkflowExecutionCreated',
      'WorkflowExecution created',
    );
    const targetResource = `${target.namespace}/${target.kind}/${target.name}`;
    this.audit(
      workflowCreated({
        rrName: this.rrName,
        namespace: this.env.namespace,
        workflowId: workflowId(workflow),
        workflowVersion: workflow.version,
        actionType: workflow.actionType,
        targetResource,
      }),
    );
    this.audit(
      workflowSelectionCompleted({
        executionName: weName,
        workflowId: workflowId(workflow),
        workflowVersion: workflow.version,
        workflowName: workflow.name,
        containerImage: bundleOf(workflow).bundle,
        targetResource,
      }),
    );
    const started = this.now();
    const wfeExtra = this.v16
      ? { workflowName: workflow.name }
      : {
          executionEngine: workflow.engine,
          serviceAccountName: `${workflow.name}-runner`,
        };
    this.patchStatus(RESOURCE_TYPES.workflowExecutions, weName, st => ({
      ...st,
      ...wfeExtra,
      phase: 'Running',
      startTime: iso(started),
      executionRef: { name: `${workflow.name}-${this.rrName.slice(3, 11)}` },
      executionStatus: { status: 'Running', completedTasks: 0, totalTasks: 3 },
    }));
    this.audit({
      event_type: 'workflowexecution.execution.started',
      event_category: 'workflowexecution',
      event_action: 'started',
      actor_id: 'workflowexecution',
      data: { workflow_name: workflow.name },
    });
    this.transcript.executionProgress(
      {
        type: 'execution_progress',
        schema_version: '1.0',
        rr_name: this.rrName,
        current_phase: 'Executing',
        started_at: iso(started),
        cluster_id: this.env.cluster.name,
      },
      'Executing',
    );
    for (const line of s.execution) {
      await this.sleep(6);
      await this.narrate(line);
    }
    await this.sleep(6);

    if (s.outcome === 'execution-failed' && s.failure) {
      const failure = s.failure;
      this.patchStatus(RESOURCE_TYPES.workflowExecutions, weName, st => ({
        ...st,
        phase: 'Failed',
        completionTime: iso(this.now()),
        duration: `${Math.round(
          (this.now().getTime() - started.getTime()) / 1000,
        )}s`,
        failureReason: failure.reason,
        executionStatus: {
          status: 'Failed',
          reason: failure.reason,
          message: failure.message,
          completedTasks: 0,
          totalTasks: 3,
        },
        failureDetails: {
          failedTaskIndex: 0,
          failedTaskName: failure.task,
          reason: failure.reason,
          message: failure.message,
          exitCode: 1,
          failedAt: iso(this.now()),
          naturalLanguageSummary: failure.summary,
          wasExecutionFailure: true,
        },
      }));
      this.audit({
        event_type: 'workflowexecution.workflow.failed',
        event_category: 'workflowexecution',
        event_action: 'failed',
        event_outcome: 'failure',
        actor_id: 'workflowexecution',
        error_code: failure.reason,
        error_message: failure.message,
        data: { workflow_name: workflow.name },
      });
      await this.narrate(`The workflow failed: ${failure.summary}`);
      this.notify(
        'Escalation',
        'Critical',
        `Remediation failed: ${workflow.name} on ${display(target)}`,
        failure.summary,
        'escalation',
      );
      this.fail('WorkflowExecution', failure.summary);
      return;
    }

    this.patchStatus(RESOURCE_TYPES.workflowExecutions, weName, st => ({
      ...st,
      phase: 'Completed',
      completionTime: iso(this.now()),
      duration: `${Math.round(
        (this.now().getTime() - started.getTime()) / 1000,
      )}s`,
      executionStatus: {
        status: 'Completed',
        completedTasks: 3,
        totalTasks: 3,
      },
    }));
    this.rrCondition(
      'WorkflowExecutionComplete',
      'WorkflowSucceeded',
      'Workflow completed',
    );
    this.audit({
      event_type: 'workflowexecution.workflow.completed',
      event_category: 'workflowexecution',
      event_action: 'completed',
      actor_id: 'workflowexecution',
      duration_ms: this.now().getTime() - started.getTime(),
      data: { workflow_name: workflow.name },
    });
    await this.verification();
  }

  private async verification() {
    const s = this.scenario;
    const eaName = `ea-${this.rrName}`;
    const stabilization = 120;
    const deadline = this.env.clock.later(stabilization + 300);
    this.create(
      RESOURCE_TYPES.effectivenessAssessments,
      eaName,
      {
        correlationID: this.rrName,
        remediationRequestPhase: 'Verifying',
        signalTarget: { ...s.target },
        remediationTarget: { ...this.rcaTarget },
        signalName: s.signal.name,
        preRemediationSpecHash: `sha256:${this.fingerprint}`,
        remediationCreatedAt: iso(this.startedAt),
        ...this.clusterId(),
        config: { stabilizationWindow: `${stabilization}s` },
      },
      { phase: 'WaitingForPropagation', validityDeadline: iso(deadline) },
    );
    this.transition('Verifying', 'Checking that the fix holds', {
      phaseProgress: {
        ...(this.rrView.phaseProgress as object),
        verificationDeadline: iso(new Date(deadline.getTime() + 30_000)),
        effectivenessAssessmentRef: objectRef(
          'EffectivenessAssessment',
          eaName,
          this.env.namespace,
        ),
      },
    });
    this.audit({
      event_type: 'effectiveness.assessment.scheduled',
      event_category: 'effectiveness',
      event_action: 'scheduled',
      actor_id: 'effectivenessmonitor',
      data: { stabilization_window: `${stabilization}s` },
    });
    this.patchStatus(RESOURCE_TYPES.effectivenessAssessments, eaName, st => ({
      ...st,
      phase: 'Stabilizing',
    }));
    for (const line of s.verification.slice(0, 1)) await this.narrate(line);
    await this.sleep(stabilization);
    this.patchStatus(RESOURCE_TYPES.effectivenessAssessments, eaName, st => ({
      ...st,
      phase: 'Assessing',
    }));

    const assessmentStarted = this.now();
    const resolves = s.alertResolves !== false;
    const seed = parseInt(this.fingerprint.slice(0, 6), 16) / 0xffffff;
    const health = resolves ? 0.9 + seed * 0.1 : 0.75;
    const metrics = resolves ? 0.7 + seed * 0.25 : 0.4;
    const alert = resolves ? 1 : 0;
    for (const [component, score, details] of [
      ['health', health, 'pods running and ready, no restarts'],
      [
        'alert',
        alert,
        resolves
          ? `${s.signal.name} resolved`
          : `${s.signal.name} still firing`,
      ],
      ['metrics', metrics, 'error rate and latency back within baseline'],
    ] as const) {
      await this.sleep(8);
      this.audit(
        effectivenessComponentAssessed({
          rrName: this.rrName,
          namespace: this.env.namespace,
          eaName,
          component,
          score: Math.round(score * 1000) / 1000,
          details,
        }),
      );
    }
    this.audit(
      effectivenessHashComputed({
        rrName: this.rrName,
        namespace: this.env.namespace,
        eaName,
        preHash: `sha256:${this.fingerprint}`,
        postHash: `sha256:${this.fingerprint.split('').reverse().join('')}`,
      }),
    );
    this.patchStatus(RESOURCE_TYPES.effectivenessAssessments, eaName, st => ({
      ...st,
      phase: 'Completed',
      assessmentReason: 'Full',
      completedAt: iso(this.now()),
      components: {
        healthAssessed: true,
        healthScore: Math.round(health * 1000) / 1000,
        alertAssessed: true,
        alertScore: alert,
        metricsAssessed: true,
        metricsScore: Math.round(metrics * 1000) / 1000,
        hashComputed: true,
        postRemediationSpecHash: `sha256:${this.fingerprint
          .split('')
          .reverse()
          .join('')}`,
      },
      message: resolves
        ? 'Remediation effective'
        : 'Alert still firing after the stabilization window',
    }));
    this.audit(
      effectivenessCompleted({
        rrName: this.rrName,
        namespace: this.env.namespace,
        eaName,
        reason: 'Full',
        signalName: s.signal.name,
        componentsAssessed: ['health', 'alert', 'metrics', 'hash'],
        completedAt: this.now(),
        durationSeconds: Math.round(
          (this.now().getTime() - assessmentStarted.getTime()) / 1000,
        ),
      }),
    );
    this.rrCondition(
      'EffectivenessAssessed',
      'AssessmentCompleted',
      'Effectiveness assessed',
    );
    for (const line of s.verification.slice(1)) await this.narrate(line);
    this.notify(
      'Completion',
      'Medium',
      `${resolves ? 'Remediated' : 'Inconclusive'}: ${
        s.signal.name
      } on ${display(s.target)}`,
      s.verification.join(' ') || s.rca.summary,
      'completion',
    );
    this.complete(
      resolves ? 'Remediated' : 'Inconclusive',
      resolves
        ? 'Remediation verified'
        : 'Workflow ran but the alert is still firing',
    );
  }

  private notify(
    type: string,
    priority: string,
    subject: string,
    body: string,
    suffix: string,
  ) {
    const name = `nr-${suffix}-${this.rrName}`;
    if (
      this.env.store.get(
        RESOURCE_TYPES.notificationRequests,
        this.env.namespace,
        name,
      )
    )
      return;
    this.create(
      RESOURCE_TYPES.notificationRequests,
      name,
      {
        type,
        priority,
        subject: subject.slice(0, 500),
        body,
        severity: this.scenario.signal.severity,
        remediationRequestRef: remediationRequestRef(this.rr!),
        ...this.clusterId(),
        context: {
          lineage: {
            remediationRequest: this.rrName,
            aiAnalysis: `ai-${this.rrName}`,
          },
        },
      },
      {
        phase: 'Sent',
        totalAttempts: 1,
        successfulDeliveries: 1,
        failedDeliveries: 0,
        deliveryAttempts: [
          {
            channel: 'slack',
            attempt: 1,
            status: 'success',
            timestamp: iso(this.now()),
            durationSeconds: 0.4,
          },
        ],
        completionTime: iso(this.now()),
      },
    );
    const refs = ((
      this.rrView.completionStatus as { notificationRequestRefs?: unknown[] }
    )?.notificationRequestRefs ?? []) as unknown[];
    this.writeRR(v => {
      v.completionStatus = {
        ...(v.completionStatus as object),
        notificationRequestRefs: [
          ...refs,
          objectRef('NotificationRequest', name, this.env.namespace),
        ],
        notificationStatus: 'Sent',
      };
    });
    this.audit({
      event_type: 'notification.message.sent',
      event_category: 'notification',
      event_action: 'sent',
      actor_id: 'notification',
      data: { notification: name, type, channel: 'slack' },
    });
  }

  private finish(
    phase: 'Completed' | 'Failed',
    message: string,
    completion: Record<string, unknown>,
    audited = true,
  ) {
    const duration = this.now().getTime() - this.startedAt.getTime();
    this.writeRR(v => {
      v.overallPhase = phase;
      v.message = message;
      v.completedAt = iso(this.now());
      v.retentionExpiryTime = iso(this.env.clock.later(24 * 3600));
      v.completionStatus = { ...(v.completionStatus as object), ...completion };
    });
    this.rrCondition(
      'Ready',
      phase === 'Completed' ? 'RemediationCompleted' : 'RemediationFailed',
      message,
      phase === 'Completed' ? 'True' : 'False',
    );
    this.writeRR(() => undefined);
    // AIAnalysis-driven endings (no workflow to run) write the RR directly: no lifecycle event
    // upstream (pkg/remediationorchestrator/handler/aianalysis.go).
    if (audited)
      this.audit(
        lifecycleCompleted({
          rrName: this.rrName,
          namespace: this.env.namespace,
          durationMs: duration,
          ending:
            phase === 'Completed'
              ? { kind: 'success', crdOutcome: String(completion.outcome) }
              : {
                  kind: 'failure',
                  failurePhase: completion.failurePhase as string | undefined,
                  message,
                },
        }),
      );
    this.transcript.status(
      phase === 'Completed' ? 'completed' : 'failed',
      'status',
      message,
      this.now(),
      { phase },
      true,
    );
  }

  /** `audited: false` for endings AIAnalysis decides, which the orchestrator does not audit. */
  private complete(
    outcome: string,
    message: string,
    extra: Record<string, unknown> = {},
    audited = true,
  ) {
    this.finish('Completed', message, { outcome, ...extra }, audited);
  }

  private fail(failurePhase: string, reason: string) {
    this.finish('Failed', reason, { failurePhase, failureReason: reason });
  }

  /** `kubernaut_cancel_remediation`: refused for terminal runs. */
  get terminal(): boolean {
    return ['Completed', 'Failed', 'TimedOut', 'Skipped', 'Cancelled'].includes(
      this.phase,
    );
  }
}
