import { KUBERNAUT_API_VERSION, RESOURCE_TYPES } from '../../kube/resources';
import { display, iso, type RunContext } from './RunContext';

function eventReason(oom: boolean, crashing: boolean): string {
  if (oom) return 'OOMKilling';
  return crashing ? 'BackOff' : 'Unhealthy';
}

/**
 * The Gateway receives the alert: it creates the RemediationRequest, and the workload shows
 * the pods and Warning events an operator would see next to the alert.
 */
export function receiveSignal(run: RunContext) {
  const s = run.scenario;
  const at = run.now();
  const labels = {
    alertname: s.signal.name,
    severity: s.signal.severity,
    namespace: s.target.namespace,
    [s.target.kind.toLowerCase()]: s.target.name,
  };
  run.rr = run.env.store.create(RESOURCE_TYPES.remediationRequests, {
    apiVersion: KUBERNAUT_API_VERSION,
    kind: 'RemediationRequest',
    metadata: {
      name: run.rrName,
      namespace: run.env.namespace,
      creationTimestamp: iso(at),
      ...(run.options.signalSource === 'prometheus'
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
      signalFingerprint: run.fingerprint,
      signalName: s.signal.name,
      severity: s.signal.severity,
      signalType: 'alert',
      signalSource: run.options.signalSource,
      targetType: 'kubernetes',
      targetResource: { ...s.target },
      ...run.clusterId(),
      firingTime: iso(new Date(at.getTime() - 5_000)),
      receivedTime: iso(at),
      signalLabels: labels,
      signalAnnotations: {
        summary: s.signal.summary,
        description: s.signal.description,
      },
    },
  }).object;
  run.rrView = {
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
  run.writeRR(() => undefined);
  workloadSymptoms(run, at);
  run.audit({
    event_type: 'gateway.signal.received',
    event_category: 'gateway',
    event_action: 'received',
    actor_id: 'gateway',
    data: {
      signal_name: s.signal.name,
      fingerprint: run.fingerprint,
      source: run.options.signalSource,
    },
  });
  run.audit({
    event_type: 'gateway.crd.created',
    event_category: 'gateway',
    event_action: 'created',
    actor_id: 'gateway',
    data: { rr_name: run.rrName },
  });
  run.audit({
    event_type: 'orchestrator.lifecycle.created',
    event_category: 'orchestration',
    event_action: 'created',
    data: { target: display(s.target), namespace: s.target.namespace },
  });
  run.transcript.status(
    'submitted',
    'status',
    `Signal ${s.signal.name} on ${display(s.target)} in ${
      s.target.namespace
    }: ${s.signal.summary}`,
    at,
  );
}

/** The target's pods and the Warning events an operator would see next to the alert. */
function workloadSymptoms(run: RunContext, at: Date) {
  const s = run.scenario;
  if (
    s.target.kind !== 'Deployment' ||
    !run.env.store.get(RESOURCE_TYPES.namespaces, undefined, s.target.namespace)
  )
    return;
  const oom = /oom/i.test(`${s.signal.name} ${s.signal.description}`);
  const crashing = /crash|oom/i.test(
    `${s.signal.name} ${s.signal.description}`,
  );
  for (let i = 0; i < 2; i++) {
    const pod = `${s.target.name}-${run.fingerprint.slice(
      12,
      18,
    )}-${run.fingerprint.slice(18 + i * 5, 23 + i * 5)}`;
    run.env.store.create(RESOURCE_TYPES.pods, {
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
    run.env.store.create(RESOURCE_TYPES.events, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${pod}.${run.fingerprint.slice(24, 34)}`,
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
