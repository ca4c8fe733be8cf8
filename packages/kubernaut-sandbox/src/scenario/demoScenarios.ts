import type { Scenario } from './scenarioTypes';

/** Demo scenarios of upstream's kubernaut-demo-scenarios: remediated, escalated, rejected, expired and failed paths. */
export const DEMO_SCENARIOS: Scenario[] = [
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
];
