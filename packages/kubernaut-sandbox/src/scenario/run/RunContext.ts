import { createHash } from 'node:crypto';
import type { AuditLog } from '../../datastorage/AuditLog';
import type { AuditDraft } from '../../datastorage/upstreamAudit';
import type { KubeObject, ObjectStore } from '../../kube/ObjectStore';
import {
  KUBERNAUT_API_VERSION,
  RESOURCE_TYPES,
  type ResourceType,
} from '../../kube/resources';
import type { ClusterSpec } from '../../SimulatedCluster';
import {
  aaStatusFor,
  condition,
  ownerRef,
  rrStatusFor,
  setCondition,
} from '../objects';
import type { Scenario, ScriptedDecision, TargetRef } from '../scenarios';
import { tokenChunks, Transcript, type RrContext } from '../Transcript';

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
  /** A user drives the investigation: it ends offering the workflows and waits for a choice. */
  interactive?: boolean;
}

/** The workflow a run goes on to execute, once chosen. */
export interface ChosenWorkflow {
  workflow: string;
  parameters: Record<string, string>;
  confidence: number;
  rationale: string;
}

/** Thrown inside a run when someone cancelled its RemediationRequest; the engine winds it down. */
export class RunCancelled extends Error {}

export const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
export const display = (t: TargetRef) => `${t.kind}/${t.name}`;

export function confidenceLevel(confidence: number): 'low' | 'medium' | 'high' {
  if (confidence >= 0.8) return 'high';
  if (confidence >= 0.6) return 'medium';
  return 'low';
}

export function normalisedEnvironment(environment: string): string {
  return environment.charAt(0).toUpperCase() + environment.slice(1);
}

/**
 * What every phase of one remediation shares: its identity, the status views it keeps of the
 * RemediationRequest and AIAnalysis, and the writes Kubernaut's controllers make (custom
 * resources, audit events, the agent's conversation).
 */
export class RunContext {
  readonly rrName: string;
  readonly fingerprint: string;
  readonly transcript: Transcript;
  readonly startedAt: Date;
  readonly v16: boolean;
  readonly rcaTarget: TargetRef;
  phase = 'Pending';
  rr?: KubeObject;
  rrView: Record<string, unknown> = {};
  aaView: Record<string, unknown> = {};

  constructor(
    readonly env: RunEnvironment,
    readonly scenario: Scenario,
    readonly options: RunOptions,
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

  get aaName(): string {
    return `ai-${this.rrName}`;
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

  now() {
    return this.env.clock.now();
  }

  async sleep(seconds: number) {
    await this.env.clock.sleep(seconds);
    this.assertActive();
  }

  get cancelled(): boolean {
    const current = this.get(RESOURCE_TYPES.remediationRequests, this.rrName);
    return (
      (current?.status as { overallPhase?: string } | undefined)
        ?.overallPhase === 'Cancelled'
    );
  }

  /** A user may cancel at any time (status patch or MCP); the run must then stop writing. */
  assertActive() {
    if (this.cancelled) throw new RunCancelled(this.rrName);
  }

  get(type: ResourceType, name: string): KubeObject | undefined {
    return this.env.store.get(type, this.env.namespace, name)?.object;
  }

  audit(event: AuditDraft) {
    this.env.audit.append({
      ...event,
      at: this.now(),
      correlation_id: this.rrName,
      severity: event.severity ?? this.scenario.signal.severity,
    });
  }

  clusterId(): Record<string, string> {
    return this.v16 ? { clusterID: this.env.cluster.name } : {};
  }

  create(
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

  patchStatus(
    type: ResourceType,
    name: string,
    mutate: (status: Record<string, unknown>) => Record<string, unknown>,
  ) {
    return this.env.store.update(type, this.env.namespace, name, o => ({
      ...o,
      status: mutate({ ...(o.status ?? {}) }),
    })).object;
  }

  writeRR(changes: (view: Record<string, unknown>) => void) {
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

  writeAA(changes: (view: Record<string, unknown>) => void) {
    changes(this.aaView);
    const layout = this.env.cluster.layout;
    this.env.store.update(
      RESOURCE_TYPES.aiAnalyses,
      this.env.namespace,
      this.aaName,
      o => ({
        ...o,
        status: aaStatusFor(layout, structuredClone(this.aaView)),
      }),
    );
  }

  rrCondition(
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

  transition(
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
  async narrate(text: string) {
    for (const chunk of tokenChunks(text)) {
      this.transcript.reasoning(chunk, this.now());
      await this.sleep(0.12);
    }
    this.transcript.reasoning('\n\n', this.now());
  }
}
