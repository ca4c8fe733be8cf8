import { AuditLog } from '../datastorage/AuditLog';
import type { KubeObject } from '../kube/ObjectStore';
import { ObjectStore } from '../kube/ObjectStore';
import {
  RESOURCE_TYPES,
  servedResourceTypes,
  type StatusLayout,
} from '../kube/resources';
import { ScenarioEngine } from './ScenarioEngine';

const NAMESPACE = 'kubernaut-system';

async function filled(
  layout: StatusLayout,
  environment: 'production' | 'staging',
  scaleChildren: boolean,
  count = 600,
) {
  const store = new ObjectStore(servedResourceTypes(layout));
  const engine = new ScenarioEngine({
    cluster: { name: `fill-${layout}`, environment, layout },
    namespace: NAMESPACE,
    store,
    audit: new AuditLog('fill-test', NAMESPACE),
    seed: 11,
    speed: 1,
    live: false,
  });
  engine.scaleChildren = scaleChildren;
  const historyRuns = () => engine.runs.size;
  engine.fillScale(count);
  await engine.start();
  engine.stop();
  return { store, historyRuns: historyRuns() };
}

/** Children by kind, keyed by their owner's uid. */
function childrenByOwner(store: ObjectStore) {
  const owned = new Map<string, Map<string, KubeObject[]>>();
  for (const type of store.types()) {
    if (type.kind === 'RemediationRequest') continue;
    for (const { object } of store.list(type, { namespace: NAMESPACE }).items)
      for (const ref of object.metadata.ownerReferences ?? []) {
        const kinds = owned.get(ref.uid) ?? new Map<string, KubeObject[]>();
        owned.set(ref.uid, kinds);
        kinds.set(type.kind, [...(kinds.get(type.kind) ?? []), object]);
      }
  }
  return owned;
}

const phaseOf = (rr: KubeObject) => {
  const status = rr.status as Record<string, any>;
  return {
    phase: status.overallPhase as string,
    outcome: (status.completionStatus?.outcome ?? status.outcome) as
      | string
      | undefined,
    failurePhase: (status.completionStatus?.failurePhase ??
      status.failurePhase) as string | undefined,
  };
};

const fillRemediations = (store: ObjectStore) =>
  store
    .list(RESOURCE_TYPES.remediationRequests, { namespace: NAMESPACE })
    .items.map(e => e.object)
    .filter(rr => rr.metadata.name.startsWith('rr-'))
    .filter(rr => String(rr.status?.message).includes('benchmark fill'));

/** What a remediation's children say, reduced to what its phase decides. */
interface ChildSummary {
  kinds: string[];
  analysisPhase?: string;
  executionPhase?: string;
  approvalDecision?: string;
  /** Every child names the remediation, and refers to it by name and uid. */
  linked: boolean;
  /** No child was created before its remediation. */
  ordered: boolean;
}

const DECISION_KINDS = [
  'SignalProcessing',
  'AIAnalysis',
  'RemediationApprovalRequest',
  'WorkflowExecution',
  'EffectivenessAssessment',
];

function actualChildren(
  rr: KubeObject,
  kinds = new Map<string, KubeObject[]>(),
): ChildSummary {
  const all = [...kinds.values()].flat();
  const one = (kind: string) => kinds.get(kind)?.[0];
  const created = Date.parse(rr.metadata.creationTimestamp);
  return {
    kinds: DECISION_KINDS.flatMap(kind =>
      (kinds.get(kind) ?? []).map(() => kind),
    ),
    analysisPhase: (one('AIAnalysis')?.status as any)?.phase,
    executionPhase: (one('WorkflowExecution')?.status as any)?.phase,
    approvalDecision: (one('RemediationApprovalRequest')?.status as any)
      ?.decision,
    linked: all.every(
      child =>
        child.metadata.name.includes(rr.metadata.name) &&
        child.metadata.ownerReferences?.[0].name === rr.metadata.name,
    ),
    ordered: all.every(
      child => Date.parse(child.metadata.creationTimestamp) >= created,
    ),
  };
}

/**
 * The children each phase implies, in the order upstream's RemediationOrchestrator creates them
 * (`internal/controller/remediationorchestrator/reconciler.go`): SignalProcessing, then
 * AIAnalysis, then an approval request when the analysis asks for one, WorkflowExecution, and
 * EffectivenessAssessment after it.
 */
function expectedChildren(
  phase: string,
  outcome: string | undefined,
  failurePhase: string | undefined,
  /** Whether the cluster's played run of this remediation's scenario had an approval request. */
  scenarioAsked: boolean,
  /** Whether any played run of the cluster had one (a shape to copy). */
  anyAsked: boolean,
): ChildSummary {
  const executed =
    ['Executing', 'Verifying'].includes(phase) ||
    (phase === 'Completed' && outcome !== 'ManualReviewRequired') ||
    (phase === 'Failed' && failurePhase === 'WorkflowExecution');
  const verified = phase === 'Verifying' || (phase === 'Completed' && executed);
  const refused = phase === 'Failed' && failurePhase === 'Approval';
  const approval =
    anyAsked &&
    (phase === 'AwaitingApproval' || refused || (executed && scenarioAsked));
  const kinds = [
    'SignalProcessing',
    ...(phase === 'Processing' ? [] : ['AIAnalysis']),
    ...(approval ? ['RemediationApprovalRequest'] : []),
    ...(executed ? ['WorkflowExecution'] : []),
    ...(verified ? ['EffectivenessAssessment'] : []),
  ];
  const analysisPhases: Record<string, string | undefined> = {
    Processing: undefined,
    Analyzing: 'Investigating',
  };
  const executionPhases: Record<string, string> = {
    Executing: 'Running',
    Failed: 'Failed',
  };
  let approvalDecision: string | undefined;
  if (approval && phase !== 'AwaitingApproval')
    approvalDecision = refused ? 'Rejected' : 'Approved';
  return {
    kinds,
    analysisPhase:
      phase in analysisPhases ? analysisPhases[phase] : 'Completed',
    executionPhase: executed
      ? executionPhases[phase] ?? 'Completed'
      : undefined,
    approvalDecision,
    linked: true,
    ordered: true,
  };
}

describe('fillScale with children (--scale-children)', () => {
  it('leaves the default fill as it was: RemediationRequests only', async () => {
    const { store } = await filled('v1.6', 'production', false, 200);
    const owned = childrenByOwner(store);
    const fill = fillRemediations(store);
    expect(fill).toHaveLength(200);
    expect(fill.filter(rr => owned.has(rr.metadata.uid))).toHaveLength(0);
  });

  it.each([
    ['v1.6', 'production'],
    ['v1.5', 'staging'],
  ] as const)(
    'gives every %s remediation (%s) the children its phase implies',
    async (layout, environment) => {
      const { store } = await filled(layout, environment, true);
      const owned = childrenByOwner(store);
      const fill = fillRemediations(store);
      expect(fill).toHaveLength(600);
      // Approval requests are copied from the history's: a cluster whose policy sent none of its
      // played remediations to approval has no shape to copy.
      const fillUids = new Set(fill.map(rr => rr.metadata.uid));
      const askedBy = store
        .list(RESOURCE_TYPES.remediationApprovalRequests, {
          namespace: NAMESPACE,
        })
        .items.map(({ object }) => object.metadata.ownerReferences![0].uid)
        .filter(uid => !fillUids.has(uid));
      const historyAsked = askedBy.length > 0;
      expect(historyAsked).toBe(environment === 'production');
      // The scenarios (by signal) whose played run asked for an approval.
      const askingSignals = new Set(
        store
          .list(RESOURCE_TYPES.remediationRequests, { namespace: NAMESPACE })
          .items.filter(({ object }) => askedBy.includes(object.metadata.uid))
          .map(({ object }) => (object.spec as any).signalName),
      );
      const seen = new Set<string>();
      const mismatches: string[] = [];
      const notified = { ended: 0, active: 0 };
      for (const rr of fill) {
        const { phase, outcome, failurePhase } = phaseOf(rr);
        if (owned.get(rr.metadata.uid)?.has('NotificationRequest'))
          notified[
            ['Completed', 'Failed'].includes(phase) ? 'ended' : 'active'
          ]++;
        seen.add(`${phase}/${outcome ?? failurePhase ?? ''}`);
        const expected = expectedChildren(
          phase,
          outcome,
          failurePhase,
          askingSignals.has((rr.spec as any).signalName),
          historyAsked,
        );
        const actual = actualChildren(rr, owned.get(rr.metadata.uid));
        if (JSON.stringify(actual) !== JSON.stringify(expected))
          mismatches.push(
            `${rr.metadata.name} ${phase}/${
              outcome ?? failurePhase ?? ''
            }: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`,
          );
      }
      expect(mismatches.slice(0, 5)).toEqual([]);
      // Notifications (failures, manual reviews, approvals asked) only for those that ended.
      expect(notified.active).toBe(0);
      expect(notified.ended).toBeGreaterThan(0);
      // The fill's phase mix reaches every branch above at this size.
      expect(seen.size).toBeGreaterThanOrEqual(10);
    },
  );

  it('copies 20,000 remediations with their children in seconds', async () => {
    const started = Date.now();
    const { store } = await filled('v1.6', 'production', true, 20_000);
    const elapsed = Date.now() - started;
    expect(
      store.count(RESOURCE_TYPES.signalProcessings),
    ).toBeGreaterThanOrEqual(20_000);
    expect(elapsed).toBeLessThan(60_000);
  });
});
