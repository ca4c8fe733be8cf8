/** How a remediation ends; each value is one path through Kubernaut's lifecycle. */
export type ScenarioOutcome =
  | 'remediated'
  | 'inconclusive'
  | 'rejected'
  | 'expired'
  | 'execution-failed'
  | 'blocked-then-remediated'
  | 'manual-review'
  | 'dry-run';

export interface TargetRef {
  kind: string;
  name: string;
  namespace: string;
}

/** One step of the agent's investigation: narration streamed token by token, or a tool call. */
export type InvestigationStep =
  | { reasoning: string }
  | { tool: string; args: string; result: string };

export interface WorkflowOption {
  workflow: string;
  confidence: number;
  risk: 'low' | 'medium' | 'high';
  description: string;
  parameters: Record<string, string>;
  ruledOutReason?: string;
}

export interface ScriptedDecision {
  decision: 'Approved' | 'Rejected';
  /** Seconds after the approval request appears, when no human decided first. */
  after: number;
  by: string;
  reason: string;
  override?: {
    workflowName: string;
    rationale: string;
    parameters?: Record<string, string>;
  };
}

export interface Scenario {
  id: string;
  title: string;
  signal: {
    name: string;
    severity: 'critical' | 'high' | 'warning' | 'info';
    mode: 'reactive' | 'proactive';
    summary: string;
    description: string;
  };
  target: TargetRef;
  /** The resource the agent decides to act on, when it differs from the alert's. */
  rcaTarget?: TargetRef;
  environments: Array<'production' | 'staging' | 'development'>;
  /** How an operator would describe the symptom in chat (natural-language intake). */
  intake: { keywords: string[]; opening: string };
  investigation: InvestigationStep[];
  rca: {
    summary: string;
    rootCause: string;
    contributingFactors: string[];
    evidence: string[];
    causalChain: string[];
  };
  options: WorkflowOption[];
  outcome: ScenarioOutcome;
  scripted?: ScriptedDecision;
  humanReviewReason?: string;
  execution: string[];
  verification: string[];
  failure?: { reason: string; message: string; summary: string; task: string };
  followUps: Array<{ keywords: string[]; answer: string }>;
  /** Minutes the approval request stays open (Kubernaut's default is 15). */
  approvalMinutes?: number;
  /** The EA's alert component stays firing (Inconclusive) or clears. */
  alertResolves?: boolean;
}

/**
 * Markup an attacker could get into Kubernaut's text (alert annotations, a log line the agent
 * quotes, a reviewer's reason). The `hostile-markup` scenario carries each of them so that a
 * console can be shown to display them as text and never run them.
 */
export const HOSTILE_MARKUP = {
  img: '<img src=x onerror=window.__pwned=1>',
  script: '<script>window.__pwned=1</script>',
  svg: '<svg onload=window.__pwned=1>',
  iframe: '<iframe src="javascript:window.__pwned=1"></iframe>',
  style: '<style>body{visibility:hidden}/*__pwned*/</style>',
  link: '[open the runbook](javascript:window.__pwned=1)',
} as const;

const H = HOSTILE_MARKUP;

/**
 * Played only when asked for (no environment lists it, so no cluster picks it for its history or
 * live flow): every text field of its custom resources and transcript carries hostile markup.
 */
const HOSTILE_MARKUP_SCENARIO: Scenario = {
  id: 'hostile-markup',
  title: 'markup-probe alert whose texts carry hostile markup',
  signal: {
    name: `HostileMarkup${H.img}`,
    severity: 'critical',
    mode: 'reactive',
    summary: `markup-probe is crash looping ${H.script}`,
    description: `Pod demo-markup/markup-probe-5c7d8 restarted 9 times ${H.svg}`,
  },
  target: {
    kind: 'Deployment',
    name: 'markup-probe',
    namespace: 'demo-markup',
  },
  environments: [],
  intake: {
    keywords: ['markup-probe'],
    opening: `Why is markup-probe crashing? ${H.iframe}`,
  },
  investigation: [
    { reasoning: `markup-probe restarts every minute. ${H.script}` },
    {
      tool: 'kubectl_logs',
      args: `pod=markup-probe-5c7d8 ${H.svg}`,
      result: `panic: template rendered ${H.img}`,
    },
    { reasoning: `The log quotes markup: ${H.link} ${H.style}` },
  ],
  rca: {
    summary: `markup-probe renders an unescaped template and panics ${H.img} ${H.link} ${H.style}`,
    rootCause: `template v7 of markup-probe ${H.iframe}`,
    contributingFactors: [`template not escaped ${H.svg}`],
    evidence: [`log line ${H.script}`],
    causalChain: [
      'template v7 rolled out',
      `panic ${H.img}`,
      'CrashLoopBackOff',
    ],
  },
  options: [
    {
      workflow: 'restart-and-patch-memory-v1',
      confidence: 0.9,
      risk: 'low',
      description: `Restart markup-probe ${H.svg} ${H.link}`,
      parameters: {
        TARGET_NAMESPACE: 'demo-markup',
        TARGET_DEPLOYMENT: 'markup-probe',
        MEMORY_LIMIT: '768Mi',
      },
    },
  ],
  outcome: 'remediated',
  scripted: {
    decision: 'Approved',
    after: 5,
    by: 'carol',
    reason: `Approved ${H.script} ${H.link}`,
  },
  execution: [`Restarting markup-probe ${H.img}`],
  verification: [`No restarts in 5 minutes ${H.svg}`],
  followUps: [
    {
      keywords: ['why', 'cause'],
      answer: `The template ${H.iframe} ${H.link}`,
    },
  ],
};

export const SCENARIOS: Scenario[] = [
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
  {
    id: 'storefront-crashloop',
    title: 'storefront crash loop after a bad rollout',
    signal: {
      name: 'KubePodCrashLooping',
      severity: 'high',
      mode: 'reactive',
      summary: 'storefront-web is crash looping',
      description:
        'storefront-web pods restart every 40s after rollout revision 17.',
    },
    target: {
      kind: 'Deployment',
      name: 'storefront-web',
      namespace: 'demo-storefront',
    },
    environments: ['staging', 'development'],
    intake: {
      keywords: ['storefront', 'web'],
      opening: 'storefront-web keeps restarting.',
    },
    investigation: [
      {
        reasoning:
          'storefront-web is restarting every 40 seconds. Checking the rollout history.',
      },
      {
        tool: 'kubectl_get',
        args: 'replicasets -n demo-storefront -l app=storefront-web',
        result:
          'revision 17 created 6 minutes ago; revision 16 healthy for 9 days',
      },
      {
        tool: 'kubectl_logs',
        args: 'deployment/storefront-web --previous',
        result: 'exec: "/app/serve": no such file or directory',
      },
      {
        reasoning:
          'Revision 17 changed the container command to /app/serve, which does not exist in the image. Revision 16 was healthy. A rollback is the right fix.',
      },
    ],
    rca: {
      summary:
        'Rollout revision 17 set a container command that does not exist in the image; the previous revision was healthy.',
      rootCause:
        'storefront-web revision 17 command "/app/serve" not found in image storefront:2.8.1.',
      contributingFactors: ['Command override added in the Helm values'],
      evidence: [
        'exec "/app/serve": no such file or directory',
        'revision 16 healthy for 9 days',
      ],
      causalChain: [
        'revision 17 rolled out',
        'container command missing',
        'CrashLoopBackOff',
      ],
    },
    options: [
      {
        workflow: 'crashloop-rollback-v1',
        confidence: 0.95,
        risk: 'low',
        description: 'Roll storefront-web back to revision 16',
        parameters: {
          TARGET_NAMESPACE: 'demo-storefront',
          TARGET_DEPLOYMENT: 'storefront-web',
        },
      },
    ],
    outcome: 'remediated',
    execution: [
      'Rolling back storefront-web to revision 16…',
      'Rollout complete: 3/3 pods ready on revision 16.',
    ],
    verification: ['No restarts in 5 minutes; KubePodCrashLooping resolved.'],
    followUps: [
      {
        keywords: ['why', 'cause'],
        answer:
          'Revision 17 overrides the container command with /app/serve, which the image does not contain.',
      },
    ],
  },
  {
    id: 'ml-memory-escalation',
    title: 'ml-pipeline trainer OOMKilled, memory increase inconclusive',
    signal: {
      name: 'ContainerOOMKilling',
      severity: 'warning',
      mode: 'reactive',
      summary: 'trainer container OOMKilled',
      description: 'ml-pipeline/trainer was OOMKilled 3 times in 20 minutes.',
    },
    target: {
      kind: 'Deployment',
      name: 'trainer',
      namespace: 'demo-ml-pipeline',
    },
    environments: ['staging', 'production'],
    intake: {
      keywords: ['trainer', 'ml', 'pipeline'],
      opening: 'The ML trainer keeps dying.',
    },
    investigation: [
      {
        reasoning:
          'trainer was OOMKilled three times in 20 minutes. Checking memory usage over time.',
      },
      {
        tool: 'prometheus_query',
        args: 'container_memory_working_set_bytes{container="trainer"}[6h]',
        result: 'steady growth of ~40Mi per minute until the 1Gi limit',
      },
      {
        reasoning:
          'Memory grows steadily until the limit. Raising the limit buys time; the growth pattern may be a leak, so the effectiveness check matters here.',
      },
    ],
    rca: {
      summary:
        'trainer memory grows steadily to its 1Gi limit; a larger limit should absorb the current dataset size.',
      rootCause: 'Dataset shard size doubled; trainer needs ~1.6Gi at peak.',
      contributingFactors: ['Memory limit unchanged since the dataset grew'],
      evidence: [
        '3 OOMKilled events in 20 minutes',
        'linear growth of ~40Mi/min',
      ],
      causalChain: ['larger dataset', 'higher peak memory', 'OOMKilled'],
    },
    options: [
      {
        workflow: 'increase-memory-limits-v1',
        confidence: 0.82,
        risk: 'low',
        description: 'Raise the trainer memory limit to 2Gi',
        parameters: {
          TARGET_NAMESPACE: 'demo-ml-pipeline',
          TARGET_DEPLOYMENT: 'trainer',
          MEMORY_LIMIT: '2Gi',
        },
      },
    ],
    outcome: 'inconclusive',
    alertResolves: false,
    scripted: {
      decision: 'Approved',
      after: 120,
      by: 'dave',
      reason: 'Fine to try the limit increase.',
    },
    execution: [
      'Patching trainer memory limit to 2Gi…',
      'Rolling restart complete.',
    ],
    verification: [
      'Pods healthy after restart, but ContainerOOMKilling is still firing after the stabilization window.',
    ],
    followUps: [
      {
        keywords: ['leak', 'why'],
        answer:
          'Growth is linear at ~40Mi per minute; if it continues past 2Gi this is a leak rather than a sizing problem and needs a code fix.',
      },
    ],
  },
  {
    id: 'shipping-rollout-rejected',
    title: 'shipping-api stuck rollout, rollback rejected by the operator',
    signal: {
      name: 'KubeDeploymentRolloutStuck',
      severity: 'high',
      mode: 'reactive',
      summary: 'shipping-api rollout exceeded its progress deadline',
      description:
        'Deployment demo-shipping/shipping-api has not progressed for 10 minutes.',
    },
    target: {
      kind: 'Deployment',
      name: 'shipping-api',
      namespace: 'demo-shipping',
    },
    environments: ['production'],
    intake: {
      keywords: ['shipping'],
      opening: 'The shipping-api deploy seems stuck.',
    },
    investigation: [
      {
        reasoning:
          'shipping-api rollout is stuck. Looking at the new ReplicaSet.',
      },
      {
        tool: 'kubectl_get',
        args: 'pods -n demo-shipping -l app=shipping-api',
        result: '2 pods ImagePullBackOff: tag 4.2.0-rc1 not found',
      },
      {
        reasoning:
          'The new pods cannot pull image tag 4.2.0-rc1. The old ReplicaSet still serves traffic, so a rollback is safe.',
      },
    ],
    rca: {
      summary:
        'The rollout references image tag 4.2.0-rc1, which does not exist in the registry.',
      rootCause: 'Non-existent image tag shipping-api:4.2.0-rc1.',
      contributingFactors: [
        'Release pipeline promoted a tag that was never pushed',
      ],
      evidence: [
        'ImagePullBackOff on the new ReplicaSet',
        'registry answers manifest unknown',
      ],
      causalChain: ['bad tag promoted', 'image pull fails', 'rollout stuck'],
    },
    options: [
      {
        workflow: 'rollback-deployment-v1',
        confidence: 0.88,
        risk: 'low',
        description: 'Roll shipping-api back one revision',
        parameters: {
          TARGET_NAMESPACE: 'demo-shipping',
          TARGET_DEPLOYMENT: 'shipping-api',
        },
      },
    ],
    outcome: 'rejected',
    scripted: {
      decision: 'Rejected',
      after: 150,
      by: 'erin',
      reason:
        'Release team is pushing the missing tag; rolling back would undo the schema migration.',
    },
    execution: [],
    verification: [],
    followUps: [
      {
        keywords: ['risk', 'safe'],
        answer:
          'The previous ReplicaSet still has 3 ready pods serving traffic, so rolling back does not drop capacity.',
      },
    ],
  },
  {
    id: 'gateway-hpa-expired',
    title: 'api-gateway HPA maxed out; approval expired',
    signal: {
      name: 'KubeHpaMaxedOut',
      severity: 'warning',
      mode: 'reactive',
      summary: 'api-gateway HPA at maxReplicas for 15 minutes',
      description:
        'HPA demo-gateway/api-gateway has been at 6/6 replicas with CPU at 310% of target.',
    },
    target: {
      kind: 'HorizontalPodAutoscaler',
      name: 'api-gateway',
      namespace: 'demo-gateway',
    },
    environments: ['production'],
    intake: {
      keywords: ['gateway', 'hpa', 'autoscal'],
      opening: 'api-gateway looks saturated.',
    },
    investigation: [
      {
        reasoning:
          'api-gateway HPA is pinned at 6 replicas. Checking CPU against the target.',
      },
      {
        tool: 'prometheus_query',
        args: 'kube_horizontalpodautoscaler_status_current_replicas{hpa="api-gateway"}',
        result: '6/6 for 15 minutes; CPU 310% of target',
      },
      {
        reasoning:
          'Load is legitimate (traffic up 3x from a marketing campaign). Raising maxReplicas is the proportionate fix.',
      },
    ],
    rca: {
      summary:
        'Legitimate traffic growth pins the api-gateway HPA at its maximum of 6 replicas.',
      rootCause:
        'maxReplicas 6 is below the replicas needed at current traffic (~14).',
      contributingFactors: [
        'Campaign traffic not announced to the platform team',
      ],
      evidence: ['HPA at 6/6 for 15 minutes', 'CPU 310% of target'],
      causalChain: ['traffic x3', 'HPA maxed', 'latency rises'],
    },
    options: [
      {
        workflow: 'patch-hpa-v1',
        confidence: 0.84,
        risk: 'medium',
        description: 'Raise api-gateway maxReplicas to 16',
        parameters: {
          TARGET_NAMESPACE: 'demo-gateway',
          HPA_NAME: 'api-gateway',
          MAX_REPLICAS: '16',
        },
      },
    ],
    outcome: 'expired',
    approvalMinutes: 10,
    execution: [],
    verification: [],
    followUps: [
      {
        keywords: ['cost', 'how many'],
        answer:
          'About 14 replicas are needed at current traffic; 16 leaves headroom. Each replica requests 500m CPU.',
      },
    ],
  },
  {
    id: 'portal-cert-failed',
    title: 'portal certificate re-issue fails',
    signal: {
      name: 'CertManagerCertNotReady',
      severity: 'critical',
      mode: 'reactive',
      summary: 'portal-tls certificate not ready',
      description:
        'Certificate demo-portal/portal-tls has been NotReady for 12 minutes; expiry in 2 days.',
    },
    target: {
      kind: 'Certificate',
      name: 'portal-tls',
      namespace: 'demo-inventory',
    },
    environments: ['staging', 'production'],
    intake: {
      keywords: ['cert', 'certificate', 'tls', 'portal'],
      opening: 'portal TLS certificate is about to expire.',
    },
    investigation: [
      { reasoning: 'portal-tls is NotReady. Checking the issuer.' },
      {
        tool: 'kubectl_get',
        args: 'certificaterequest -n demo-inventory',
        result: 'issuer ca-issuer: secret "portal-ca" not found',
      },
      {
        reasoning:
          'The CA secret portal-ca was deleted, so the issuer cannot sign. Restoring the secret and re-issuing should fix it.',
      },
    ],
    rca: {
      summary:
        'The CA secret portal-ca used by ca-issuer was deleted; certificate requests cannot be signed.',
      rootCause: 'Secret demo-inventory/portal-ca missing.',
      contributingFactors: [
        'Namespace cleanup script removed secrets without owner references',
      ],
      evidence: ['CertificateRequest failed: secret "portal-ca" not found'],
      causalChain: [
        'CA secret deleted',
        'issuer not ready',
        'certificate not renewed',
      ],
    },
    options: [
      {
        workflow: 'fix-certificate-v1',
        confidence: 0.86,
        risk: 'low',
        description:
          'Restore portal-ca from the vault copy and re-issue portal-tls',
        parameters: {
          TARGET_NAMESPACE: 'demo-inventory',
          CERTIFICATE_NAME: 'portal-tls',
        },
      },
    ],
    outcome: 'execution-failed',
    scripted: {
      decision: 'Approved',
      after: 90,
      by: 'carol',
      reason: 'Restore it.',
    },
    failure: {
      reason: 'Forbidden',
      message:
        'secrets "portal-ca" is forbidden: User "system:serviceaccount:kubernaut-workflows:fix-certificate-v1-runner" cannot create resource "secrets"',
      summary:
        'The workflow runner is not allowed to create secrets in demo-inventory; its RoleBinding is missing.',
      task: 'restore-ca-secret',
    },
    execution: ['Restoring portal-ca from the vault copy…'],
    verification: [],
    followUps: [
      {
        keywords: ['fail', 'why', 'error'],
        answer:
          'The runner service account lacks create on secrets in demo-inventory. Grant the fix-certificate-v1-runner Role there and retry.',
      },
    ],
  },
  {
    id: 'orders-resource-busy',
    title: 'orders-api crash loop blocked while another workflow runs',
    signal: {
      name: 'KubePodCrashLooping',
      severity: 'high',
      mode: 'reactive',
      summary: 'orders-api crash looping',
      description: 'orders-api pods crash after postgres restarted.',
    },
    target: {
      kind: 'Deployment',
      name: 'orders-api',
      namespace: 'demo-orders',
    },
    environments: ['staging', 'production'],
    intake: { keywords: ['orders'], opening: 'orders-api is failing.' },
    investigation: [
      {
        reasoning: 'orders-api crashes on startup. Checking its dependencies.',
      },
      {
        tool: 'kubectl_logs',
        args: 'deployment/orders-api --previous',
        result: 'FATAL: could not connect to postgres: connection refused',
      },
      {
        reasoning:
          'orders-api depends on postgres, which another remediation is rolling back right now. The fix is to restart orders-api once postgres is healthy.',
      },
    ],
    rca: {
      summary:
        'orders-api cannot reach postgres, which is being remediated by another workflow.',
      rootCause:
        'postgres Deployment crash; orders-api fails its startup connection check.',
      contributingFactors: ['No retry on startup database connection'],
      evidence: ['connection refused to postgres:5432'],
      causalChain: [
        'postgres down',
        'orders-api startup check fails',
        'CrashLoopBackOff',
      ],
    },
    options: [
      {
        workflow: 'graceful-restart-v1',
        confidence: 0.83,
        risk: 'low',
        description: 'Restart orders-api after postgres recovers',
        parameters: {
          TARGET_NAMESPACE: 'demo-orders',
          TARGET_DEPLOYMENT: 'orders-api',
        },
      },
    ],
    outcome: 'blocked-then-remediated',
    scripted: {
      decision: 'Approved',
      after: 60,
      by: 'dave',
      reason: 'OK once postgres is back.',
    },
    execution: ['Restarting orders-api…', '3/3 pods ready.'],
    verification: ['orders-api healthy; no restarts in 5 minutes.'],
    followUps: [
      {
        keywords: ['blocked', 'wait', 'busy'],
        answer:
          'Another WorkflowExecution holds the lock on this target; Kubernaut retries when it finishes (ResourceBusy).',
      },
    ],
  },
  {
    id: 'platform-quota-manual-review',
    title: 'namespace memory quota exhausted: manual review',
    signal: {
      name: 'KubeResourceQuotaExhausted',
      severity: 'warning',
      mode: 'reactive',
      summary: 'demo-batch memory quota at 100%',
      description:
        'ResourceQuota demo-batch/compute-quota has no memory left; new pods are rejected.',
    },
    target: {
      kind: 'ResourceQuota',
      name: 'compute-quota',
      namespace: 'demo-batch',
    },
    environments: ['production', 'staging'],
    intake: {
      keywords: ['quota', 'batch'],
      opening: 'Batch jobs are being rejected.',
    },
    investigation: [
      {
        reasoning:
          'demo-batch has exhausted its memory quota. Checking which workloads use it.',
      },
      {
        tool: 'kubectl_get',
        args: 'resourcequota compute-quota -n demo-batch',
        result: 'limits.memory 64Gi/64Gi',
      },
      {
        reasoning:
          'Quota changes are a budget decision; no workflow in the catalog is allowed to raise quotas. Escalating for human review.',
      },
    ],
    rca: {
      summary:
        'Batch workloads consume the whole 64Gi memory quota; raising it is a budget decision.',
      rootCause: 'ResourceQuota compute-quota exhausted by 12 concurrent jobs.',
      contributingFactors: ['Nightly and ad-hoc jobs overlap'],
      evidence: [
        'limits.memory 64Gi/64Gi',
        'pod creation rejected: exceeded quota',
      ],
      causalChain: ['jobs overlap', 'quota exhausted', 'new pods rejected'],
    },
    options: [],
    outcome: 'manual-review',
    humanReviewReason: 'no_matching_workflows',
    execution: [],
    verification: [],
    followUps: [
      {
        keywords: ['why', 'no workflow'],
        answer:
          'No catalog workflow may change ResourceQuotas; this needs a decision from the namespace owner.',
      },
    ],
  },
  {
    id: 'keystore-pvc-dry-run',
    title: 'keystore StatefulSet PVC failure in observe mode',
    signal: {
      name: 'KubeStatefulSetReplicasMismatch',
      severity: 'high',
      mode: 'reactive',
      summary: 'keystore has 1/3 replicas',
      description:
        'StatefulSet demo-keystore/keystore cannot provision volumes for replicas 2 and 3.',
    },
    target: {
      kind: 'StatefulSet',
      name: 'keystore',
      namespace: 'demo-keystore',
    },
    environments: ['development', 'staging'],
    intake: {
      keywords: ['keystore', 'pvc', 'volume'],
      opening: 'keystore is missing replicas.',
    },
    investigation: [
      {
        reasoning:
          'keystore replicas 2 and 3 are Pending. Checking their claims.',
      },
      {
        tool: 'kubectl_get',
        args: 'pvc -n demo-keystore',
        result:
          'data-keystore-1, data-keystore-2 Pending: storageclass "fast-ssd" not found',
      },
      {
        reasoning:
          'The claims reference StorageClass fast-ssd, which does not exist. fix-statefulset-pvc-v1 would re-point them at standard.',
      },
    ],
    rca: {
      summary:
        'volumeClaimTemplates reference a StorageClass (fast-ssd) that does not exist in this cluster.',
      rootCause: 'StorageClass fast-ssd missing.',
      contributingFactors: ['Manifest copied from another cluster'],
      evidence: ['PVC Pending: storageclass "fast-ssd" not found'],
      causalChain: [
        'missing StorageClass',
        'PVC pending',
        'replicas not scheduled',
      ],
    },
    options: [
      {
        workflow: 'fix-statefulset-pvc-v1',
        confidence: 0.81,
        risk: 'medium',
        description: 'Re-point keystore claims at StorageClass standard',
        parameters: {
          TARGET_NAMESPACE: 'demo-keystore',
          TARGET_STATEFULSET: 'keystore',
          STORAGE_CLASS: 'standard',
        },
      },
    ],
    outcome: 'dry-run',
    execution: [],
    verification: [],
    followUps: [
      {
        keywords: ['dry', 'observe', 'why not'],
        answer:
          'This cluster runs Kubernaut in observe mode (dry run): the analysis is recorded but no workflow executes.',
      },
    ],
  },
  HOSTILE_MARKUP_SCENARIO,
];

export function findScenario(id: string): Scenario {
  const scenario = SCENARIOS.find(s => s.id === id);
  if (!scenario) throw new Error(`no scenario ${id}`);
  return scenario;
}
