import type { Scenario } from './scenarioTypes';

/** The two conversations the product was conceived from: checkout-service OOM and payment-gateway latency. */
export const CONVERSATION_SCENARIOS: Scenario[] = [
  {
    id: 'checkout-oom',
    title: 'checkout-service OOMKilled after a config reload',
    signal: {
      name: 'KubePodCrashLooping',
      severity: 'critical',
      mode: 'reactive',
      summary: 'checkout-service pods are crash looping (OOMKilled)',
      description:
        'Pod demo-checkout/checkout-service-7b4d9 restarted 14 times in 30 minutes with reason OOMKilled.',
    },
    target: {
      kind: 'Deployment',
      name: 'checkout-service',
      namespace: 'demo-checkout',
    },
    environments: ['production'],
    intake: {
      keywords: ['checkout', 'checkout-service', 'oom', 'crash'],
      opening: "What's going on with checkout-service? I see alerts firing.",
    },
    investigation: [
      {
        reasoning:
          'checkout-service is crash looping (PodCrashLoopBackOff). Checking events first.',
      },
      {
        tool: 'kubectl_list_events',
        args: 'namespace=demo-checkout involvedObject=checkout-service-7b4d9',
        result:
          '14 OOMKilled events in the last 30 minutes; memory limit 512Mi',
      },
      {
        reasoning:
          'I see 14 OOMKilled events in the last 30 minutes, all on checkout-service-7b4d9. The memory limit is set to 512Mi. Let me look at the metrics.',
      },
      {
        tool: 'prometheus_query',
        args: 'container_memory_working_set_bytes{pod=~"checkout-service.*"}[1h]',
        result: 'step change from 310Mi to 623Mi at 03:14 UTC',
      },
      {
        reasoning:
          'There is a clear spike in container_memory_working_set_bytes — usage jumped to 623Mi right at 03:14 UTC. Something changed at that time. Pulling the logs around 03:14.',
      },
      {
        tool: 'kubectl_logs',
        args: 'pod=checkout-service-7b4d9 since=03:10',
        result:
          '"cache size exceeded soft limit, disabling eviction" after a config reload at 03:14',
      },
      {
        reasoning:
          'Found it: "cache size exceeded soft limit, disabling eviction". A config reload at 03:14 introduced an unbounded in-memory cache — it is consuming all available memory and triggering the OOM kills. The root cause is the config change, not a traffic spike.',
      },
      {
        tool: 'kubernaut_discover_workflows',
        args: 'rr_id=<rr> kind=Deployment',
        result:
          '2 workflows match: restart-and-patch-memory-v1, rollback-config-v1',
      },
    ],
    rca: {
      summary:
        'A ConfigMap reload at 03:14 UTC disabled cache eviction in checkout-service; the unbounded cache exhausts the 512Mi limit and the pods are OOMKilled.',
      rootCause:
        'checkout-config revision v43 (03:14 UTC) set cache.eviction=disabled; memory grows past the 512Mi limit within minutes of each restart.',
      contributingFactors: [
        'Config change merged without review of the cache settings',
        'Memory limit sized for the bounded cache (512Mi)',
      ],
      evidence: [
        '14 OOMKilled events in 30 minutes on checkout-service-7b4d9',
        'working set stepped from 310Mi to 623Mi at 03:14 UTC',
        'log line "cache size exceeded soft limit, disabling eviction"',
      ],
      causalChain: [
        'checkout-config v43 applied',
        'cache eviction disabled',
        'unbounded cache growth',
        'container exceeds 512Mi',
        'OOMKilled, CrashLoopBackOff',
      ],
    },
    options: [
      {
        workflow: 'restart-and-patch-memory-v1',
        confidence: 0.91,
        risk: 'low',
        description: 'Bump memory limit to 768Mi + rolling restart',
        parameters: {
          TARGET_NAMESPACE: 'demo-checkout',
          TARGET_DEPLOYMENT: 'checkout-service',
          MEMORY_LIMIT: '768Mi',
        },
      },
      {
        workflow: 'rollback-config-v1',
        confidence: 0.85,
        risk: 'low',
        description:
          'Revert ConfigMap checkout-config to the pre-03:14 revision',
        parameters: {
          TARGET_NAMESPACE: 'demo-checkout',
          CONFIGMAP_NAME: 'checkout-config',
          REVISION: 'v42',
        },
      },
    ],
    outcome: 'remediated',
    scripted: {
      decision: 'Approved',
      after: 240,
      by: 'carol',
      reason: "Go with rollback-config — the cache change wasn't approved.",
      override: {
        workflowName: 'rollback-config-v1',
        rationale:
          'The config change is the root cause; more memory only delays the next OOM.',
        parameters: {
          TARGET_NAMESPACE: 'demo-checkout',
          CONFIGMAP_NAME: 'checkout-config',
          REVISION: 'v42',
        },
      },
    },
    execution: [
      'Reverting ConfigMap… checkout-config rolled back to revision v42 — the last known good version before the cache change.',
      'Triggering rolling restart… 1/3 ready… 2/3 ready… 3/3 ready. All pods are back up with the old config.',
    ],
    verification: [
      'Watching for 5 minutes to make sure the OOM kills do not come back.',
      'All clear — no OOMKilled events in the last 5 minutes and memory is stable at 340Mi.',
    ],
    followUps: [
      {
        keywords: ['what can we do', 'fix', 'options', 'workflow'],
        answer:
          'Two workflows match this scenario: restart-and-patch-memory (confidence 91%, risk low) bumps the memory limit to 768Mi with a rolling restart; rollback-config (confidence 85%, risk low) reverts checkout-config to the pre-03:14 revision.',
      },
      {
        keywords: ['why', 'cause', 'root'],
        answer:
          'The 03:14 config reload disabled cache eviction. Memory grows without bound until the 512Mi limit kills the container — a traffic spike would not show a step change at a single timestamp.',
      },
    ],
  },
  {
    id: 'payment-latency',
    title: 'payment-gateway latency from a drained database StatefulSet',
    signal: {
      name: 'PaymentLatencyHigh',
      severity: 'critical',
      mode: 'reactive',
      summary: 'payment-gateway p99 latency 2.4s (SLO 300ms)',
      description:
        'p99 latency of payment-gateway rose from 120ms to 2.4s at 07:58 UTC; checkout timeouts reported.',
    },
    target: {
      kind: 'Deployment',
      name: 'payment-gateway',
      namespace: 'demo-payments',
    },
    rcaTarget: {
      kind: 'StatefulSet',
      name: 'payment-db',
      namespace: 'demo-payments',
    },
    environments: ['production'],
    intake: {
      keywords: [
        'payment',
        'payments',
        'sluggish',
        'latency',
        'timeouts',
        'slow',
      ],
      opening:
        'The payment processing feels sluggish since this morning. Customers are complaining about timeouts at checkout.',
    },
    investigation: [
      {
        reasoning:
          'Sounds like a latency issue on payment-gateway starting this morning. Looking at the metrics.',
      },
      {
        tool: 'prometheus_query',
        args: 'histogram_quantile(0.99, http_request_duration_seconds{service="payment-gateway"})',
        result: 'p99 120ms -> 2.4s at 07:58 UTC',
      },
      {
        reasoning:
          'p99 latency jumped from 120ms to 2.4s right at 07:58 UTC. That is a 20x increase — definitely not gradual. Checking pod health.',
      },
      {
        tool: 'kubectl_get',
        args: 'pods -n demo-payments -l app=payment-gateway',
        result: '5/5 Running, 0 restarts',
      },
      {
        reasoning:
          'All 5 replicas are running with no restarts, so it is not a crash loop. The issue is upstream. Pulling logs.',
      },
      {
        tool: 'kubectl_logs',
        args: 'deployment/payment-gateway since=07:50',
        result:
          'repeated "connection pool exhausted, waiting for available connection"',
      },
      {
        reasoning:
          'Repeated "connection pool exhausted, waiting for available connection" — the app cannot reach its database fast enough. Checking the database endpoints.',
      },
      {
        tool: 'kubectl_get',
        args: 'endpoints payment-db -n demo-payments',
        result:
          '1 of 3 endpoints ready; 2 pods evicted at 07:55 UTC by a node drain',
      },
      {
        reasoning:
          'payment-db only has 1 of 3 endpoints ready. Two replicas went down at 07:55 UTC from a node drain. The remaining replica cannot handle the full connection load, so the pool saturates and requests time out.',
      },
      {
        tool: 'kubernaut_discover_workflows',
        args: 'rr_id=<rr> kind=StatefulSet',
        result:
          '2 workflows match: scale-statefulset-v1, rollback-node-drain-v1',
      },
    ],
    rca: {
      summary:
        'A maintenance drain at 07:55 UTC took 2 of 3 payment-db replicas down; the remaining replica saturates the connection pool and payment-gateway requests time out.',
      rootCause:
        'payment-db StatefulSet runs 1/3 replicas after node worker-3 was drained; connection pool exhausted (500/500).',
      contributingFactors: [
        'Maintenance drain without a PodDisruptionBudget on payment-db',
        'Connection pool sized for three database replicas',
      ],
      evidence: [
        'p99 latency 120ms -> 2.4s at 07:58 UTC',
        'payment-db endpoints 1/3 ready',
        'log "connection pool exhausted, waiting for available connection"',
      ],
      causalChain: [
        'node worker-3 drained at 07:55',
        'payment-db loses 2 replicas',
        'connections concentrate on one replica',
        'pool exhausted',
        'checkout timeouts',
      ],
    },
    options: [
      {
        workflow: 'scale-statefulset-v1',
        confidence: 0.93,
        risk: 'low',
        description: 'Restore payment-db to 3 replicas on available nodes',
        parameters: {
          TARGET_NAMESPACE: 'demo-payments',
          TARGET_STATEFULSET: 'payment-db',
          REPLICAS: '3',
        },
      },
      {
        workflow: 'rollback-node-drain-v1',
        confidence: 0.72,
        risk: 'medium',
        description: 'Uncordon the drained node and reschedule pods',
        parameters: { NODE_NAME: 'worker-3' },
      },
    ],
    outcome: 'remediated',
    scripted: {
      decision: 'Approved',
      after: 180,
      by: 'carol',
      reason: 'Go with scale-statefulset; the maintenance window is over.',
    },
    execution: [
      'Scaling StatefulSet… payment-db target set to 3 replicas. Waiting for the new pods to join the cluster.',
      'Watching rollout… 1/3 ready… 2/3 ready… 3/3 ready. All database replicas are back.',
    ],
    verification: [
      'Connection pool is recovering — active connections dropped from 500/500 to 180/500.',
      'p99 latency back to 130ms; monitoring for 10 minutes to confirm.',
    ],
    followUps: [
      {
        keywords: ['what can we do', 'fix', 'options'],
        answer:
          'Two options based on the RCA: scale-statefulset (confidence 93%, risk low) restores payment-db to 3 replicas on available nodes; rollback-node-drain (confidence 72%, risk medium) uncordons the drained node and reschedules pods.',
      },
      {
        keywords: ['maintenance', 'drain', 'infra'],
        answer:
          'The drain came from the infrastructure maintenance window at 07:55 UTC on worker-3. payment-db has no PodDisruptionBudget, so both replicas on that node were evicted at once.',
      },
    ],
  },
];
