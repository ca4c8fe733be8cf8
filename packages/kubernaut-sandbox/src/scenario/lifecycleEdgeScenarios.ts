import type { Scenario } from './scenarioTypes';

/** Lifecycle edges: a busy resource, a manual review, observe mode (dry run). */
export const LIFECYCLE_EDGE_SCENARIOS: Scenario[] = [
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
];
