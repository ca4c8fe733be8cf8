import { createHash } from 'node:crypto';

export interface WorkflowParameter {
  name: string;
  type: 'string' | 'integer' | 'boolean' | 'float';
  required: boolean;
  description: string;
  default?: string | number | boolean;
  enum?: string[];
}

export interface CatalogWorkflow {
  name: string;
  actionType: string;
  version: string;
  engine: 'job' | 'tekton' | 'ansible';
  what: string;
  whenToUse: string;
  whenNotToUse?: string;
  severity: string[];
  environment: string[];
  component: string[];
  parameters: WorkflowParameter[];
  /** Seeds the effectiveness history in Data Storage: mean score and how often it was used. */
  effectiveness: { mean: number; runs: number };
  catalogStatus?: 'Active' | 'Deprecated' | 'Disabled';
}

export interface CatalogActionType {
  name: string;
  what: string;
  whenToUse: string;
}

const NS_PARAM: WorkflowParameter = {
  name: 'TARGET_NAMESPACE',
  type: 'string',
  required: true,
  description: 'Namespace of the target resource',
};

function target(kind: string): WorkflowParameter {
  return {
    name: `TARGET_${kind.toUpperCase()}`,
    type: 'string',
    required: true,
    description: `Name of the target ${kind}`,
  };
}

export const ACTION_TYPES: CatalogActionType[] = [
  {
    name: 'RollbackDeployment',
    what: 'Roll a Deployment back to its previous revision',
    whenToUse: 'A bad rollout made pods crash or fail readiness',
  },
  {
    name: 'RollbackConfigMap',
    what: 'Restore a ConfigMap to an earlier revision and restart its consumers',
    whenToUse: 'A configuration change broke a workload',
  },
  {
    name: 'HelmRollback',
    what: 'Roll a Helm release back to its previous revision',
    whenToUse: 'A helm upgrade broke a release',
  },
  {
    name: 'GracefulRestart',
    what: 'Rolling restart of a workload',
    whenToUse: 'Leaked memory or stuck state that a restart clears',
  },
  {
    name: 'IncreaseMemoryLimits',
    what: 'Raise container memory limits and restart',
    whenToUse: 'Containers are OOMKilled under legitimate load',
  },
  {
    name: 'ScaleStatefulSet',
    what: 'Scale a StatefulSet to its desired replica count',
    whenToUse: 'Replicas were lost to a node drain or failure',
  },
  {
    name: 'UncordonNode',
    what: 'Uncordon a drained node so pods can schedule again',
    whenToUse: 'A maintenance drain left a node unschedulable',
  },
  {
    name: 'PatchHPA',
    what: 'Raise a HorizontalPodAutoscaler maxReplicas',
    whenToUse: 'The HPA is pinned at its maximum under real load',
  },
  {
    name: 'RelaxPDB',
    what: 'Relax a PodDisruptionBudget that blocks all disruptions',
    whenToUse: 'A PDB with zero allowed disruptions deadlocks maintenance',
  },
  {
    name: 'ProvisionNode',
    what: 'Add a node to the cluster',
    whenToUse: 'Pods are unschedulable for lack of capacity',
  },
  {
    name: 'RemoveTaint',
    what: 'Remove a NoSchedule taint from a node',
    whenToUse: 'A stray taint keeps pods pending',
  },
  {
    name: 'CordonDrainNode',
    what: 'Cordon and drain an unhealthy node',
    whenToUse: 'A node is NotReady and its pods must move',
  },
  {
    name: 'CleanupPVC',
    what: 'Delete orphaned PersistentVolumeClaims',
    whenToUse: 'Claims outlived the jobs that created them',
  },
  {
    name: 'FixStatefulSetPVC',
    what: 'Point StatefulSet claims at an existing StorageClass',
    whenToUse: 'A StatefulSet cannot provision its volumes',
  },
  {
    name: 'FixNetworkPolicy',
    what: 'Restore traffic blocked by a NetworkPolicy',
    whenToUse: 'A deny-all policy cut a workload off',
  },
  {
    name: 'GitRevertCommit',
    what: 'Revert the offending commit in the GitOps repository',
    whenToUse: 'An Argo CD or Flux synced change broke a workload',
  },
  {
    name: 'FixCertificate',
    what: 'Re-issue a cert-manager Certificate and restore its CA secret',
    whenToUse: 'A Certificate is not ready',
  },
  {
    name: 'RefreshPullSecret',
    what: 'Recreate an image pull secret and restart',
    whenToUse: 'Pods cannot pull images because a secret is missing',
  },
  {
    name: 'ProactiveRollback',
    what: 'Roll back before an error budget is exhausted',
    whenToUse: 'An SLO burns fast after a change',
  },
  {
    name: 'IncreaseDBConnections',
    what: 'Raise a database connection limit',
    whenToUse: 'Clients exhaust the connection pool under legitimate load',
  },
  {
    name: 'ScaleReplicas',
    what: 'Scale a Deployment out',
    whenToUse: 'Load exceeds what the current replicas can serve',
  },
];

export const WORKFLOWS: CatalogWorkflow[] = [
  {
    name: 'crashloop-rollback-v1',
    actionType: 'RollbackDeployment',
    version: '1.5.3',
    engine: 'job',
    what: 'Roll back a crash-looping Deployment to its last healthy ReplicaSet',
    whenToUse: 'CrashLoopBackOff right after a rollout',
    whenNotToUse: 'The previous revision was also crashing',
    severity: ['critical', 'high'],
    environment: ['*'],
    component: ['apps/v1/Deployment'],
    parameters: [NS_PARAM, target('deployment')],
    effectiveness: { mean: 0.91, runs: 48 },
  },
  {
    name: 'rollback-deployment-v1',
    actionType: 'RollbackDeployment',
    version: '1.5.2',
    engine: 'job',
    what: 'Roll a Deployment back one revision',
    whenToUse: 'A rollout is stuck or unhealthy',
    severity: ['critical', 'high', 'warning'],
    environment: ['*'],
    component: ['apps/v1/Deployment'],
    parameters: [NS_PARAM, target('deployment')],
    effectiveness: { mean: 0.86, runs: 35 },
  },
  {
    name: 'rollback-config-v1',
    actionType: 'RollbackConfigMap',
    version: '1.2.0',
    engine: 'job',
    what: 'Revert a ConfigMap to the last known good revision and roll its consumers',
    whenToUse: 'A config reload introduced the fault',
    severity: ['critical', 'high'],
    environment: ['*'],
    component: ['v1/ConfigMap', 'apps/v1/Deployment'],
    parameters: [
      NS_PARAM,
      {
        name: 'CONFIGMAP_NAME',
        type: 'string',
        required: true,
        description: 'ConfigMap to restore',
      },
      {
        name: 'REVISION',
        type: 'string',
        required: false,
        description: 'Revision to restore; defaults to the last good one',
      },
    ],
    effectiveness: { mean: 0.88, runs: 22 },
  },
  {
    name: 'helm-rollback-v1',
    actionType: 'HelmRollback',
    version: '1.5.2',
    engine: 'job',
    what: 'helm rollback of the failing release',
    whenToUse: 'The fault started with a helm upgrade',
    severity: ['critical', 'high'],
    environment: ['*'],
    component: ['apps/v1/Deployment'],
    parameters: [
      NS_PARAM,
      {
        name: 'RELEASE_NAME',
        type: 'string',
        required: true,
        description: 'Helm release',
      },
    ],
    effectiveness: { mean: 0.84, runs: 14 },
  },
  {
    name: 'graceful-restart-v1',
    actionType: 'GracefulRestart',
    version: '1.5.2',
    engine: 'job',
    what: 'Rolling restart honouring PodDisruptionBudgets',
    whenToUse: 'Memory growth or stuck state cleared by a restart',
    severity: ['high', 'warning'],
    environment: ['*'],
    component: ['apps/v1/Deployment', 'apps/v1/StatefulSet'],
    parameters: [NS_PARAM, target('deployment')],
    effectiveness: { mean: 0.72, runs: 61 },
  },
  {
    name: 'increase-memory-limits-v1',
    actionType: 'IncreaseMemoryLimits',
    version: '1.5.3',
    engine: 'job',
    what: 'Raise memory limits by a factor and roll the workload',
    whenToUse: 'Repeated OOMKilled under legitimate load',
    whenNotToUse: 'Memory grows without bound (a leak)',
    severity: ['critical', 'high', 'warning'],
    environment: ['*'],
    component: ['apps/v1/Deployment'],
    parameters: [
      NS_PARAM,
      target('deployment'),
      {
        name: 'MEMORY_LIMIT',
        type: 'string',
        required: true,
        description: 'New memory limit, e.g. 768Mi',
      },
    ],
    effectiveness: { mean: 0.63, runs: 40 },
  },
  {
    name: 'restart-and-patch-memory-v1',
    actionType: 'IncreaseMemoryLimits',
    version: '1.0.1',
    engine: 'job',
    what: 'Bump the memory limit and perform a rolling restart',
    whenToUse: 'OOM kills after a usage step change',
    severity: ['critical', 'high'],
    environment: ['*'],
    component: ['apps/v1/Deployment'],
    parameters: [
      NS_PARAM,
      target('deployment'),
      {
        name: 'MEMORY_LIMIT',
        type: 'string',
        required: true,
        description: 'New memory limit',
        default: '768Mi',
      },
    ],
    effectiveness: { mean: 0.69, runs: 18 },
  },
  {
    name: 'scale-statefulset-v1',
    actionType: 'ScaleStatefulSet',
    version: '1.1.0',
    engine: 'job',
    what: 'Restore a StatefulSet to its desired replicas on available nodes',
    whenToUse: 'Replicas were lost to a drain or node failure',
    severity: ['critical', 'high'],
    environment: ['*'],
    component: ['apps/v1/StatefulSet'],
    parameters: [
      NS_PARAM,
      target('statefulset'),
      {
        name: 'REPLICAS',
        type: 'integer',
        required: true,
        description: 'Desired replicas',
      },
    ],
    effectiveness: { mean: 0.9, runs: 12 },
  },
  {
    name: 'rollback-node-drain-v1',
    actionType: 'UncordonNode',
    version: '1.0.0',
    engine: 'job',
    what: 'Uncordon the drained node and let pods reschedule',
    whenToUse: 'A maintenance drain is finished but the node stayed cordoned',
    severity: ['high', 'warning'],
    environment: ['*'],
    component: ['v1/Node'],
    parameters: [
      {
        name: 'NODE_NAME',
        type: 'string',
        required: true,
        description: 'Node to uncordon',
      },
    ],
    effectiveness: { mean: 0.74, runs: 9 },
  },
  {
    name: 'patch-hpa-v1',
    actionType: 'PatchHPA',
    version: '1.5.2',
    engine: 'job',
    what: 'Raise HPA maxReplicas by a bounded step',
    whenToUse: 'HPA maxed out with CPU over target',
    severity: ['high', 'warning'],
    environment: ['*'],
    component: ['autoscaling/v2/HorizontalPodAutoscaler'],
    parameters: [
      NS_PARAM,
      {
        name: 'HPA_NAME',
        type: 'string',
        required: true,
        description: 'HPA to patch',
      },
      {
        name: 'MAX_REPLICAS',
        type: 'integer',
        required: true,
        description: 'New maxReplicas',
      },
    ],
    effectiveness: { mean: 0.82, runs: 27 },
  },
  {
    name: 'relax-pdb-v1',
    actionType: 'RelaxPDB',
    version: '1.5.2',
    engine: 'job',
    what: 'Allow one disruption on a deadlocked PodDisruptionBudget',
    whenToUse: 'Drains blocked by maxUnavailable 0',
    severity: ['high', 'warning'],
    environment: ['*'],
    component: ['policy/v1/PodDisruptionBudget'],
    parameters: [
      NS_PARAM,
      {
        name: 'PDB_NAME',
        type: 'string',
        required: true,
        description: 'PDB to relax',
      },
    ],
    effectiveness: { mean: 0.93, runs: 8 },
  },
  {
    name: 'provision-node-v1',
    actionType: 'ProvisionNode',
    version: '1.5.2',
    engine: 'ansible',
    what: 'Add a worker node through the infrastructure provider',
    whenToUse: 'Unschedulable pods for lack of capacity',
    severity: ['critical', 'high'],
    environment: ['production'],
    component: ['v1/Node'],
    parameters: [
      {
        name: 'NODE_POOL',
        type: 'string',
        required: true,
        description: 'Pool to grow',
      },
    ],
    effectiveness: { mean: 0.77, runs: 6 },
  },
  {
    name: 'remove-taint-v1',
    actionType: 'RemoveTaint',
    version: '1.5.2',
    engine: 'job',
    what: 'Remove a NoSchedule taint',
    whenToUse: 'Pods pending on a stray taint',
    severity: ['high', 'warning'],
    environment: ['*'],
    component: ['v1/Node'],
    parameters: [
      {
        name: 'NODE_NAME',
        type: 'string',
        required: true,
        description: 'Node',
      },
      {
        name: 'TAINT_KEY',
        type: 'string',
        required: true,
        description: 'Taint key',
      },
    ],
    effectiveness: { mean: 0.95, runs: 11 },
  },
  {
    name: 'cordon-drain-v1',
    actionType: 'CordonDrainNode',
    version: '1.5.2',
    engine: 'job',
    what: 'Cordon and drain a NotReady node',
    whenToUse: 'A node stopped reporting',
    severity: ['critical'],
    environment: ['*'],
    component: ['v1/Node'],
    parameters: [
      {
        name: 'NODE_NAME',
        type: 'string',
        required: true,
        description: 'Node to drain',
      },
    ],
    effectiveness: { mean: 0.81, runs: 7 },
  },
  {
    name: 'cleanup-pvc-v1',
    actionType: 'CleanupPVC',
    version: '1.5.2',
    engine: 'job',
    what: 'Delete PVCs no pod or job references',
    whenToUse: 'Orphaned claims after jobs were deleted',
    severity: ['warning', 'info'],
    environment: ['*'],
    component: ['v1/PersistentVolumeClaim'],
    parameters: [NS_PARAM],
    effectiveness: { mean: 0.97, runs: 5 },
  },
  {
    name: 'fix-statefulset-pvc-v1',
    actionType: 'FixStatefulSetPVC',
    version: '1.5.2',
    engine: 'job',
    what: 'Re-point volumeClaimTemplates at an available StorageClass',
    whenToUse: 'Claims pending on a missing StorageClass',
    severity: ['critical', 'high'],
    environment: ['*'],
    component: ['apps/v1/StatefulSet'],
    parameters: [
      NS_PARAM,
      target('statefulset'),
      {
        name: 'STORAGE_CLASS',
        type: 'string',
        required: true,
        description: 'StorageClass to use',
      },
    ],
    effectiveness: { mean: 0.79, runs: 4 },
  },
  {
    name: 'fix-network-policy-v1',
    actionType: 'FixNetworkPolicy',
    version: '1.5.2',
    engine: 'job',
    what: 'Remove or narrow a deny-all NetworkPolicy',
    whenToUse: 'Traffic to a workload stopped after a policy change',
    severity: ['critical', 'high'],
    environment: ['*'],
    component: ['networking.k8s.io/v1/NetworkPolicy'],
    parameters: [
      NS_PARAM,
      {
        name: 'POLICY_NAME',
        type: 'string',
        required: true,
        description: 'Policy',
      },
    ],
    effectiveness: { mean: 0.89, runs: 10 },
  },
  {
    name: 'git-revert-v2',
    actionType: 'GitRevertCommit',
    version: '2.0.1',
    engine: 'tekton',
    what: 'Open and merge a revert of the offending commit in the GitOps repository',
    whenToUse: 'Argo CD synced a bad change',
    whenNotToUse: 'The workload is not managed by GitOps',
    severity: ['critical', 'high'],
    environment: ['*'],
    component: ['apps/v1/Deployment', 'v1/ConfigMap'],
    parameters: [
      {
        name: 'GIT_REPO',
        type: 'string',
        required: true,
        description: 'Repository URL',
      },
      {
        name: 'COMMIT_SHA',
        type: 'string',
        required: true,
        description: 'Commit to revert',
      },
    ],
    effectiveness: { mean: 0.87, runs: 15 },
  },
  {
    name: 'fix-certificate-v1',
    actionType: 'FixCertificate',
    version: '1.5.2',
    engine: 'job',
    what: 'Restore the CA secret and re-issue the Certificate',
    whenToUse: 'cert-manager Certificate not Ready',
    severity: ['critical', 'high'],
    environment: ['*'],
    component: ['cert-manager.io/v1/Certificate'],
    parameters: [
      NS_PARAM,
      {
        name: 'CERTIFICATE_NAME',
        type: 'string',
        required: true,
        description: 'Certificate',
      },
    ],
    effectiveness: { mean: 0.58, runs: 9 },
  },
  {
    name: 'refresh-pull-secret-v1',
    actionType: 'RefreshPullSecret',
    version: '1.5.2',
    engine: 'job',
    what: 'Recreate the image pull secret from the vault copy and restart',
    whenToUse: 'ImagePullBackOff on a missing secret',
    severity: ['high'],
    environment: ['*'],
    component: ['v1/Secret', 'apps/v1/Deployment'],
    parameters: [
      NS_PARAM,
      {
        name: 'SECRET_NAME',
        type: 'string',
        required: true,
        description: 'Secret',
      },
    ],
    effectiveness: { mean: 0.92, runs: 13 },
  },
  {
    name: 'proactive-rollback-v1',
    actionType: 'ProactiveRollback',
    version: '1.5.2',
    engine: 'job',
    what: 'Roll back when the error budget burns faster than allowed',
    whenToUse: 'SLO burn right after a change',
    severity: ['critical', 'high'],
    environment: ['production'],
    component: ['apps/v1/Deployment'],
    parameters: [NS_PARAM, target('deployment')],
    effectiveness: { mean: 0.85, runs: 7 },
  },
  {
    name: 'scale-replicas-v1',
    actionType: 'ScaleReplicas',
    version: '1.0.0',
    engine: 'job',
    what: 'Scale a Deployment out by a bounded step',
    whenToUse: 'Saturation under legitimate load',
    severity: ['high', 'warning'],
    environment: ['*'],
    component: ['apps/v1/Deployment'],
    parameters: [
      NS_PARAM,
      target('deployment'),
      {
        name: 'REPLICAS',
        type: 'integer',
        required: true,
        description: 'Replicas',
      },
    ],
    effectiveness: { mean: 0.76, runs: 19 },
    catalogStatus: 'Deprecated',
  },
];

/** Kubernaut derives a workflow's UUID from its content; the sandbox does the same, deterministically. */
export function workflowId(workflow: CatalogWorkflow): string {
  const hex = createHash('sha256')
    .update(`${workflow.name}@${workflow.version}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${(
    (parseInt(hex[16], 16) & 0x3) |
    0x8
  ).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function bundleOf(workflow: CatalogWorkflow): {
  bundle: string;
  digest: string;
} {
  const digest = createHash('sha256')
    .update(`bundle:${workflow.name}:${workflow.version}`)
    .digest('hex');
  return {
    bundle: `quay.io/kubernaut-cicd/test-workflows/${workflow.name}-job@sha256:${digest}`,
    digest,
  };
}

export function findWorkflow(name: string): CatalogWorkflow {
  const workflow = WORKFLOWS.find(w => w.name === name);
  if (!workflow) throw new Error(`no catalog workflow ${name}`);
  return workflow;
}
