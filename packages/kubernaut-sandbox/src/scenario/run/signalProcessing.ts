import { RESOURCE_TYPES } from '../../kube/resources';
import { condition, objectRef, remediationRequestRef } from '../objects';
import { iso, normalisedEnvironment, type RunContext } from './RunContext';

/** The demo SignalProcessing policy's priority: P0 for critical production signals. */
function priorityOf(severity: string, environment: string): string {
  if (severity === 'critical' && environment === 'Production') return 'P0';
  if (severity === 'critical' || severity === 'high') return 'P1';
  return 'P2';
}

/** SignalProcessing enriches and classifies the signal: environment, priority, business owner. */
export async function processSignal(run: RunContext) {
  const s = run.scenario;
  await run.sleep(2);
  const spName = `sp-${run.rrName}`;
  run.create(
    RESOURCE_TYPES.signalProcessings,
    spName,
    {
      remediationRequestRef: remediationRequestRef(run.rr!),
      signal: {
        fingerprint: run.fingerprint,
        name: s.signal.name,
        severity: s.signal.severity,
        type: 'alert',
        source: run.options.signalSource,
        targetType: 'kubernetes',
        targetResource: { ...s.target },
        ...(run.v16 ? { clusterID: run.env.cluster.name } : {}),
        firingTime: iso(new Date(run.startedAt.getTime() - 5_000)),
        receivedTime: iso(run.startedAt),
      },
    },
    { phase: 'Pending' },
  );
  run.transition('Processing', 'Enriching and classifying the signal', {
    phaseProgress: {
      processingStartTime: iso(run.now()),
      signalProcessingRef: objectRef(
        'SignalProcessing',
        spName,
        run.env.namespace,
      ),
    },
  });
  run.rrCondition(
    'SignalProcessingReady',
    'SignalProcessingCreated',
    'SignalProcessing created',
  );
  for (const phase of ['Enriching', 'Classifying', 'Categorizing']) {
    run.patchStatus(RESOURCE_TYPES.signalProcessings, spName, st => ({
      ...st,
      phase,
      startTime: st.startTime ?? iso(run.now()),
    }));
    await run.sleep(1);
  }
  const environment = normalisedEnvironment(run.env.cluster.environment);
  const priority = priorityOf(s.signal.severity, environment);
  const classification = {
    severity: s.signal.severity,
    signalMode: s.signal.mode,
    signalName: s.signal.name,
    sourceSignalName: s.signal.name,
    policyHash: 'sha256:9d1e8a2b',
  };
  run.patchStatus(RESOURCE_TYPES.signalProcessings, spName, st => ({
    ...st,
    phase: 'Completed',
    completionTime: iso(run.now()),
    ...(run.v16 ? { signalClassification: classification } : classification),
    environmentClassification: {
      environment,
      source: 'namespace-labels',
      classifiedAt: iso(run.now()),
    },
    priorityAssignment: {
      priority,
      source: 'rego-policy',
      policyName: 'signalprocessing-policy',
      assignedAt: iso(run.now()),
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
        run.now(),
      ),
    ],
  }));
  run.rrCondition(
    'SignalProcessingComplete',
    'SignalProcessingSucceeded',
    'Signal processed',
  );
  run.audit({
    event_type: 'signalprocessing.classification.decision',
    event_category: 'signalprocessing',
    event_action: 'classified',
    actor_id: 'signalprocessing',
    data: { environment, priority, severity: s.signal.severity },
  });
}
