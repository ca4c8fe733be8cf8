import { createHash } from 'node:crypto';
import type { AuditLog } from '../datastorage/AuditLog';
import {
  effectivenessComponentAssessed,
  effectivenessCompleted,
  lifecycleCompleted,
  workflowCreated,
  workflowSelectionCompleted,
  type AuditDraft,
} from '../datastorage/upstreamAudit';
import { admitApprovalStatus } from '../kube/admission';
import { API_FRONTEND_USER, CONTROLLER_USER } from '../kube/auth';
import type { KubeObject, ObjectStore } from '../kube/ObjectStore';
import { KUBERNAUT_API_VERSION, RESOURCE_TYPES } from '../kube/resources';
import type { ClusterSpec } from '../SimulatedCluster';
import { bundleOf, workflowId, WORKFLOWS } from './catalog';
import { LiveClock, VirtualClock } from './clocks';
import { catalogObjects, rrStatusFor } from './objects';
import { fillScaleChildren, type ScaledRemediation } from './scaleChildren';
import {
  RemediationRun,
  RunCancelled,
  type DecisionOutcome,
  type RunClock,
} from './RemediationRun';
import { SCENARIOS, type Scenario, type ScriptedDecision } from './scenarios';

export interface EngineOptions {
  cluster: ClusterSpec;
  namespace: string;
  store: ObjectStore;
  audit: AuditLog;
  seed: number;
  speed: number;
  /** Play remediations continuously; off in tests that drive runs one by one. */
  live: boolean;
}

export interface StartOptions {
  signalSource?: 'prometheus' | 'a2a-agent';
  /** Let the scripted operator decide when no human does (default true). */
  scriptedDecisions?: boolean;
  /**
   * A user drives the investigation (interactive mode): it ends offering its workflows and
   * waits for kubernaut_select_workflow or kubernaut_complete_no_action from whoever takes it.
   */
  interactive?: boolean;
}

/** Deterministic pseudo-random numbers (mulberry32) so a seed replays the same sandbox. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HISTORY_RUNS = 14;
const LIVE_TARGET = 4;
const LIVE_INTERVAL_SECONDS = 150;

/**
 * Plays Kubernaut's controllers for one cluster: registers the catalog, writes a day of history,
 * then keeps remediations flowing, and moves each one on when a human decides through the API.
 */
export class ScenarioEngine {
  readonly runs = new Map<string, RemediationRun>();
  private readonly clock: LiveClock;
  private readonly random: () => number;
  private counter = 0;
  private ticker?: NodeJS.Timeout;
  /**
   * Set before `fillScale` (`--scale-children`): pre-filled remediations also get the children
   * their phase implies, copied from the played history's once it has been played.
   */
  scaleChildren = false;
  private awaitingChildren?: ScaledRemediation[];
  private historyPlayed = false;

  constructor(private readonly options: EngineOptions) {
    this.clock = new LiveClock(options.speed);
    this.random = seededRandom(options.seed + hashCode(options.cluster.name));
  }

  /** Scenarios that fit the cluster's environment. */
  scenarios(): Scenario[] {
    return SCENARIOS.filter(s =>
      s.environments.includes(this.options.cluster.environment),
    );
  }

  async start(): Promise<void> {
    this.registerCatalog();
    this.seedEffectivenessHistory();
    await this.playHistory();
    this.historyPlayed = true;
    this.fillAwaitedChildren();
    if (!this.options.live) return;
    const opening = this.openingScenarios();
    opening.forEach((scenario, i) => {
      setTimeout(
        () => this.startScenario(scenario.id),
        this.clock.realMs(i * 20),
      );
    });
    this.ticker = setInterval(
      () => this.topUp(),
      this.clock.realMs(LIVE_INTERVAL_SECONDS),
    );
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.clock.stop();
  }

  private openingScenarios(): Scenario[] {
    const fitting = this.scenarios();
    const preferred = {
      'prod-us-east': 'checkout-oom',
      'prod-eu-west': 'payment-latency',
    }[this.options.cluster.name];
    const first = fitting.find(s => s.id === preferred);
    return [
      ...(first ? [first] : []),
      ...fitting.filter(s => s !== first),
    ].slice(0, 3);
  }

  private topUp() {
    const active = [...this.runs.values()].filter(r => !r.terminal).length;
    if (active >= LIVE_TARGET) return;
    const fitting = this.scenarios();
    this.startScenario(fitting[Math.floor(this.random() * fitting.length)].id);
  }

  private registerCatalog() {
    const { store, namespace } = this.options;
    for (const { kind, object, status } of catalogObjects(
      namespace,
      new Date(Date.now() - 30 * 24 * 3600_000),
    )) {
      const type =
        kind === 'ActionType'
          ? RESOURCE_TYPES.actionTypes
          : RESOURCE_TYPES.remediationWorkflows;
      if (store.get(type, namespace, object.metadata.name!)) continue;
      const layoutStatus =
        this.options.cluster.layout === 'v1.6'
          ? status
          : { ...status, contentHash: undefined };
      store.create(type, {
        ...object,
        status: JSON.parse(JSON.stringify(layoutStatus)),
      });
    }
  }

  /** Thirty days of per-workflow effectiveness in Data Storage, from before the CRs' 24h retention. */
  private seedEffectivenessHistory() {
    const { audit } = this.options;
    const now = Date.now();
    for (const workflow of WORKFLOWS) {
      const runs = Math.max(
        2,
        Math.round(workflow.effectiveness.runs * (0.4 + this.random() * 0.3)),
      );
      for (let i = 0; i < runs; i++) {
        const at = new Date(now - (2 + this.random() * 28) * 24 * 3600_000);
        const correlation = `rr-${createHash('sha256')
          .update(
            `${this.options.seed}:${workflow.name}:${this.options.cluster.name}:${i}`,
          )
          .digest('hex')
          .slice(0, 12)}-hist${String(i).padStart(4, '0')}`;
        const score = Math.min(
          1,
          Math.max(
            0,
            workflow.effectiveness.mean + (this.random() - 0.5) * 0.3,
          ),
        );
        const remediated = score >= 0.5;
        const duration = Math.round((180 + this.random() * 900) * 1000);
        // Data Storage keeps scores per component only; its effectiveness endpoint weighs them
        // (health 0.40, alert 0.35, metrics 0.25), so health and metrics carry what alert does not.
        const alert = remediated ? 1 : 0;
        const rest =
          Math.round(
            Math.min(1, Math.max(0, (score - 0.35 * alert) / 0.65)) * 1000,
          ) / 1000;
        const { namespace, cluster } = this.options;
        const eaName = `ea-${correlation}`;
        const targetResource = `${cluster.name}/Deployment/${workflow.name}-target`;
        const started = new Date(at.getTime() - duration);
        const events: Array<[Date, AuditDraft]> = [
          [
            started,
            workflowCreated({
              rrName: correlation,
              namespace,
              workflowId: workflowId(workflow),
              workflowVersion: workflow.version,
              actionType: workflow.actionType,
              targetResource,
            }),
          ],
          [
            started,
            workflowSelectionCompleted({
              executionName: `we-${correlation}`,
              workflowId: workflowId(workflow),
              workflowVersion: workflow.version,
              workflowName: workflow.name,
              containerImage: bundleOf(workflow).bundle,
              targetResource,
            }),
          ],
          ...(
            [
              ['health', rest],
              ['alert', alert],
              ['metrics', rest],
            ] as const
          ).map(([component, value]): [Date, AuditDraft] => [
            at,
            effectivenessComponentAssessed({
              rrName: correlation,
              namespace,
              eaName,
              component,
              score: value,
              details: `${component} assessed`,
            }),
          ]),
          [
            at,
            effectivenessCompleted({
              rrName: correlation,
              namespace,
              eaName,
              reason: remediated ? 'Full' : 'Partial',
              signalName: 'HistoricalSignal',
              componentsAssessed: ['health', 'alert', 'metrics'],
              completedAt: at,
              durationSeconds: 300,
            }),
          ],
          [
            at,
            lifecycleCompleted({
              rrName: correlation,
              namespace,
              durationMs: duration,
              ending: {
                kind: 'success',
                crdOutcome: remediated ? 'Remediated' : 'Inconclusive',
              },
            }),
          ],
        ];
        for (const [when, draft] of events)
          audit.append({ ...draft, at: when, correlation_id: correlation });
      }
    }
  }

  /** The last day's remediations, played instantly on virtual clocks. */
  private async playHistory() {
    const fitting = this.scenarios();
    const dayAgo = Date.now() - 24 * 3600_000;
    for (let i = 0; i < HISTORY_RUNS; i++) {
      const at = new Date(
        dayAgo + (i / HISTORY_RUNS) * 22 * 3600_000 + this.random() * 600_000,
      );
      await this.playPast(fitting[i % fitting.length].id, at, `hist-${i}`);
    }
  }

  /** Plays one remediation to its end on a virtual clock that starts at `at`. */
  async playPast(
    scenarioId: string,
    at: Date,
    seed = `past-${++this.counter}`,
  ): Promise<RemediationRun> {
    const scenario = SCENARIOS.find(s => s.id === scenarioId);
    if (!scenario) throw new Error(`unknown scenario ${scenarioId}`);
    const run = this.createRun(
      scenario,
      new VirtualClock(at),
      { signalSource: 'prometheus', scriptedDecisions: true },
      seed,
    );
    await run.play();
    return run;
  }

  private createRun(
    scenario: Scenario,
    clock: RunClock,
    options: StartOptions,
    seed: string,
  ): RemediationRun {
    const scripted =
      options.scriptedDecisions === false ? undefined : scenario.scripted;
    const run = new RemediationRun(
      {
        cluster: this.options.cluster,
        namespace: this.options.namespace,
        store: this.options.store,
        audit: this.options.audit,
        clock,
        dryRun: false,
        awaitDecision: (rarName, requiredBy, _scripted, runClock) =>
          runClock.live
            ? this.awaitLiveDecision(rarName, requiredBy, scripted)
            : this.decideHistory(
                rarName,
                requiredBy,
                scripted,
                runClock as VirtualClock,
              ),
      },
      scenario,
      {
        signalSource: options.signalSource ?? 'prometheus',
        seed: `${this.options.seed}:${seed}`,
        interactive: options.interactive === true,
      },
    );
    this.runs.set(run.rrName, run);
    return run;
  }

  /** Starts a live remediation now; resolves with the run once its RemediationRequest exists. */
  startScenario(
    scenarioId: string,
    options: StartOptions = {},
  ): RemediationRun {
    const scenario = SCENARIOS.find(s => s.id === scenarioId);
    if (!scenario) throw new Error(`unknown scenario ${scenarioId}`);
    this.counter++;
    const run = this.createRun(
      scenario,
      this.clock,
      options,
      `live-${this.counter}`,
    );
    run.play().catch(error => {
      if (error instanceof RunCancelled) run.windDownCancelled();
      else
        process.stderr.write(
          `kubernaut-sandbox: run ${run.rrName} failed: ${
            error?.stack ?? error
          }\n`,
        );
    });
    return run;
  }

  private writeDecision(
    rarName: string,
    user: string,
    status: Record<string, unknown>,
  ): boolean {
    const { store, namespace } = this.options;
    // The orchestrator expires as "system" (pkg/remediationorchestrator), and neither it nor the
    // scripted operator writes over a decision: the webhook would let it through.
    const written =
      status.decision === 'Expired'
        ? {
            ...status,
            decidedBy: 'system',
            decidedAt: new Date().toISOString(),
          }
        : status;
    try {
      store.update(
        RESOURCE_TYPES.remediationApprovalRequests,
        namespace,
        rarName,
        current => {
          if ((current.status as { decision?: string } | undefined)?.decision)
            throw new Error(`${rarName} is already decided`);
          return admitApprovalStatus(
            current,
            { ...current, status: { ...(current.status ?? {}), ...written } },
            {
              user: { username: user, groups: [] },
              store,
              now: () => new Date(),
              trustedIntermediaries: [API_FRONTEND_USER],
            },
          );
        },
      );
      return true;
    } catch {
      return false; // someone decided first; the first decision stands
    }
  }

  private scriptedStatus(scripted: ScriptedDecision) {
    return {
      decision: scripted.decision,
      decidedBy: scripted.by,
      decisionMessage: scripted.reason,
      ...(scripted.override ? { workflowOverride: scripted.override } : {}),
    };
  }

  private outcomeOf(rar: KubeObject | undefined): DecisionOutcome | undefined {
    const status = (rar?.status ?? {}) as Record<string, unknown>;
    const decision = status.decision as
      | DecisionOutcome['decision']
      | ''
      | undefined;
    if (!decision) return undefined;
    return {
      decision,
      decidedBy: (status.decidedBy as string) ?? 'unknown',
      message: status.decisionMessage as string | undefined,
      override: status.workflowOverride as DecisionOutcome['override'],
    };
  }

  private async decideHistory(
    rarName: string,
    requiredBy: Date,
    scripted: ScriptedDecision | undefined,
    clock: VirtualClock,
  ): Promise<DecisionOutcome> {
    if (scripted) {
      await clock.sleep(scripted.after);
      this.writeDecision(
        rarName,
        API_FRONTEND_USER,
        this.scriptedStatus(scripted),
      );
    } else {
      clock.advanceTo(requiredBy);
      this.writeDecision(rarName, CONTROLLER_USER, { decision: 'Expired' });
    }
    const rar = this.options.store.get(
      RESOURCE_TYPES.remediationApprovalRequests,
      this.options.namespace,
      rarName,
    )?.object;
    return this.outcomeOf(rar)!;
  }

  /** Waits for a human (through the Kubernetes API or MCP), the scripted operator, or the deadline. */
  private awaitLiveDecision(
    rarName: string,
    requiredBy: Date,
    scripted: ScriptedDecision | undefined,
  ): Promise<DecisionOutcome> {
    const { store, namespace } = this.options;
    const rrName = rarName.replace(/^rar-/, '');
    const from = store.resourceVersion;
    return new Promise((resolve, reject) => {
      const timers: NodeJS.Timeout[] = [];
      const subscriptions: Array<() => void> = [];
      let settled = false;
      const settle = () => {
        settled = true;
        timers.forEach(t => clearTimeout(t));
        queueMicrotask(() => subscriptions.forEach(stop => stop()));
      };
      const check = (object: KubeObject | undefined) => {
        const outcome = this.outcomeOf(object);
        if (!outcome || settled) return;
        settle();
        resolve(outcome);
      };
      // A cancelled remediation stops waiting for its approval.
      subscriptions.push(
        store.watch(
          RESOURCE_TYPES.remediationRequests,
          {
            namespace,
            filter: o => o.metadata.name === rrName,
            resourceVersion: from,
          },
          e => {
            const phase = (
              e.entry.object.status as { overallPhase?: string } | undefined
            )?.overallPhase;
            if (!settled && phase === 'Cancelled') {
              settle();
              reject(new RunCancelled(rrName));
            }
          },
        ),
      );
      subscriptions.push(
        store.watch(
          RESOURCE_TYPES.remediationApprovalRequests,
          {
            namespace,
            filter: o => o.metadata.name === rarName,
            resourceVersion: from,
          },
          e => check(e.entry.object),
        ),
      );
      check(
        store.get(
          RESOURCE_TYPES.remediationApprovalRequests,
          namespace,
          rarName,
        )?.object,
      );
      if (settled) return;
      if (scripted) {
        timers.push(
          setTimeout(
            () =>
              this.writeDecision(
                rarName,
                API_FRONTEND_USER,
                this.scriptedStatus(scripted),
              ),
            this.clock.realMs(scripted.after),
          ),
        );
      }
      timers.push(
        setTimeout(
          () =>
            this.writeDecision(rarName, CONTROLLER_USER, {
              decision: 'Expired',
            }),
          Math.max(0, requiredBy.getTime() - Date.now()),
        ),
      );
    });
  }

  /**
   * Remediations pre-filled for benchmarks: realistic phases and layouts, no scripts behind them;
   * with `scaleChildren`, each also gets the children its phase implies (`scaleChildren.ts`).
   */
  fillScale(count: number): void {
    const { store, namespace, cluster, audit } = this.options;
    const fitting = this.scenarios();
    const now = Date.now();
    const phases: Array<[string, number, string?, string?]> = [
      ['Completed', 0.62, 'Remediated'],
      ['Completed', 0.06, 'Inconclusive'],
      ['Completed', 0.04, 'ManualReviewRequired'],
      ['Failed', 0.1, undefined, 'WorkflowExecution'],
      ['Failed', 0.04, undefined, 'Approval'],
      ['AwaitingApproval', 0.03],
      ['Analyzing', 0.03],
      ['Executing', 0.03],
      ['Verifying', 0.02],
      ['Processing', 0.02],
      ['Blocked', 0.01],
    ];
    for (let i = 0; i < count; i++) {
      const scenario = fitting[i % fitting.length];
      let roll = this.random();
      let chosen = phases[0];
      for (const p of phases) {
        if (roll < p[1]) {
          chosen = p;
          break;
        }
        roll -= p[1];
      }
      const [phase, , outcome, failurePhase] = chosen;
      const hash = createHash('sha256')
        .update(`${this.options.seed}:scale:${cluster.name}:${i}`)
        .digest('hex');
      const name = `rr-${hash.slice(0, 12)}-${hash.slice(12, 20)}`;
      const created = new Date(now - this.random() * 24 * 3600_000);
      const terminal = phase === 'Completed' || phase === 'Failed';
      const finished = new Date(
        created.getTime() + (120 + this.random() * 1500) * 1000,
      );
      const option = scenario.options[0];
      const at = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
      const view: Record<string, unknown> = {
        overallPhase: phase,
        message: `${phase} (benchmark fill)`,
        startTime: at(created),
        ...(terminal ? { completedAt: at(finished) } : {}),
        completionStatus: terminal
          ? {
              ...(outcome ? { outcome } : {}),
              ...(failurePhase
                ? { failurePhase, failureReason: `${failurePhase} failed` }
                : {}),
            }
          : undefined,
        ...(option
          ? {
              workflowSelection: {
                targetDisplay: `${scenario.target.kind}/${scenario.target.name}`,
                signalTargetDisplay: `${scenario.target.kind}/${scenario.target.name}`,
                workflowDisplayName: option.workflow,
                confidence: option.confidence.toFixed(2),
              },
            }
          : {}),
      };
      if (!view.completionStatus) delete view.completionStatus;
      const targetName = `${scenario.target.name}-${i % 97}`;
      const { object: rr } = store.create(RESOURCE_TYPES.remediationRequests, {
        apiVersion: KUBERNAUT_API_VERSION,
        kind: 'RemediationRequest',
        metadata: {
          name,
          namespace,
          creationTimestamp: at(created),
          labels: {
            'app.kubernetes.io/managed-by': 'gateway-service',
            'app.kubernetes.io/component': 'remediation',
          },
        },
        spec: {
          signalFingerprint: hash,
          signalName: scenario.signal.name,
          severity: scenario.signal.severity,
          signalType: 'alert',
          signalSource: 'prometheus',
          targetType: 'kubernetes',
          targetResource: { ...scenario.target, name: targetName },
          ...(cluster.layout === 'v1.6' ? { clusterID: cluster.name } : {}),
          firingTime: at(created),
          receivedTime: at(created),
        },
        status: rrStatusFor(cluster.layout, view),
      });
      if (this.scaleChildren)
        (this.awaitingChildren ??= []).push({
          rr,
          scenarioId: scenario.id,
          targetName,
          phase,
          outcome,
          failurePhase,
        });
      // AIAnalysis-driven endings (manual review) leave no lifecycle event upstream.
      if (terminal && outcome !== 'ManualReviewRequired') {
        audit.append({
          ...lifecycleCompleted({
            rrName: name,
            namespace,
            durationMs: finished.getTime() - created.getTime(),
            ending:
              phase === 'Completed'
                ? { kind: 'success', crdOutcome: outcome ?? 'Remediated' }
                : {
                    kind: 'failure',
                    failurePhase,
                    message: `${failurePhase} failed`,
                  },
          }),
          at: finished,
          correlation_id: name,
        });
      }
    }
    // Filled at once when the history is already there, else once start() has played it.
    if (this.historyPlayed) this.fillAwaitedChildren();
  }

  /** The pre-filled remediations' children, from the history just played (`scaleChildren`). */
  private fillAwaitedChildren() {
    const remediations = this.awaitingChildren;
    if (!remediations) return;
    this.awaitingChildren = undefined;
    const { store, namespace } = this.options;
    const templates = [...this.runs.values()].flatMap(run => {
      const rr = store.get(
        RESOURCE_TYPES.remediationRequests,
        namespace,
        run.rrName,
      )?.object;
      return rr
        ? [
            {
              rr,
              scenarioId: run.scenario.id,
              scenarioTargetName: run.scenario.target.name,
            },
          ]
        : [];
    });
    fillScaleChildren({ store, namespace, templates, remediations });
  }
}

function hashCode(text: string): number {
  let h = 0;
  for (const ch of text) h = (Math.imul(31, h) + ch.charCodeAt(0)) | 0;
  return h >>> 0;
}
