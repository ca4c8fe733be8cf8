import type { QueryFilter, QueryVocabulary } from '../parseQuery';
import type { ExpectedIntake } from './heldOutPhrasings';

/*
 * SECOND HELD-OUT set, written after the parser was built (the first held-out set had been
 * looked at while designing it, so it no longer measures unseen phrasings). Scored once as
 * written; never used for tuning. Do not edit rows to make them pass.
 *
 * Clock: Tuesday 10 March 2026, 09:30 UTC, operator in UTC+1 (local 10:30).
 * Local midnight today is 2026-03-09T23:00Z.
 */
export const heldOut2Now = new Date('2026-03-10T09:30:00Z');
export const heldOut2Offset = 60;

export const heldOut2Vocabulary: QueryVocabulary = {
  clusters: [
    'eks-prod-frankfurt',
    'gke-prod-iowa',
    'aks-staging-1',
    'onprem-dev',
    'edge-prod-tokyo',
  ],
  namespaces: ['billing', 'search', 'identity', 'observability'],
  targets: [
    'auth-service',
    'search-indexer',
    'billing-worker',
    'postgres-primary',
    'nginx-ingress',
    'feature-store',
  ],
  workflows: ['restart-deployment-v1', 'increase-memory-v3', 'drain-node-v1'],
  actionTypes: ['RestartDeployment', 'IncreaseMemory', 'DrainNode'],
};

const minutesAgo = (m: number) =>
  new Date(heldOut2Now.getTime() - m * 60_000).toISOString();
/** Local clock time today, as UTC: local = UTC+1. */
const local = (hh: number, mm = 0, daysBack = 0) =>
  new Date(
    Date.UTC(2026, 2, 9, 23, 0) +
      ((hh * 60 + mm) * 60_000 - daysBack * 86_400_000),
  ).toISOString();

export const heldOut2Phrasings: Array<[string, QueryFilter]> = [
  [
    'critical stuff in frankfurt',
    { severities: ['critical'], clusters: ['eks-prod-frankfurt'] },
  ],
  [
    'EKS Prod Frankfurt failures since 9am',
    { clusters: ['eks-prod-frankfurt'], phases: ['Failed'], since: local(9) },
  ],
  [
    'gke prod iowa - anything not remediated',
    { clusters: ['gke-prod-iowa'], excludedOutcomes: ['Remediated'] },
  ],
  [
    'show everything except the billing namespace',
    { excludedNamespaces: ['billing'] },
  ],
  [
    'high sev alerts excluding aks-staging-1',
    { severities: ['high'], excludedClusters: ['aks-staging-1'] },
  ],
  [
    'non-prod critical since monday',
    {
      excludedEnvironments: ['production'],
      severities: ['critical'],
      since: local(0, 0, 1),
    },
  ],
  [
    'not staging, not dev',
    { excludedEnvironments: ['staging', 'development'] },
  ],
  [
    'failures outside of prod in the past 6 hours',
    {
      phases: ['Failed'],
      excludedEnvironments: ['production'],
      since: minutesAgo(360),
    },
  ],
  [
    'what failed between 8 and 9am',
    { phases: ['Failed'], since: local(8), until: local(9) },
  ],
  ['incidents from 7:30 to 8:15', { since: local(7, 30), until: local(8, 15) }],
  [
    'remediations older than 1h still running',
    { until: minutesAgo(60), active: true },
  ],
  ['anything newer than 20 min', { since: minutesAgo(20) }],
  ['stuff from last night', { since: local(18, 0, 1), until: local(8) }],
  [
    'failed after 6pm yesterday',
    { phases: ['Failed'], since: local(18, 0, 1) },
  ],
  ['critical before 7am', { severities: ['critical'], until: local(7) }],
  ['older than two days', { until: minutesAgo(2 * 24 * 60) }],
  [
    'timeouts monday between 9am and 5pm',
    { phases: ['TimedOut'], since: local(9, 0, 1), until: local(17, 0, 1) },
  ],
  [
    'rejected last 3 days',
    { decisions: ['Rejected'], since: minutesAgo(3 * 24 * 60) },
  ],
  [
    'approvals that got rejected on gke-prod-iowa',
    { decisions: ['Rejected'], clusters: ['gke-prod-iowa'] },
  ],
  [
    'expired approval requests this week',
    { decisions: ['Expired'], since: local(0, 0, 1) },
  ],
  [
    'which approval requests timed out yesterday',
    { decisions: ['Expired'], since: local(0, 0, 1), until: local(0) },
  ],
  ['denied or expired', { decisions: ['Rejected', 'Expired'] }],
  [
    'anything approved since friday',
    { decisions: ['Approved'], since: local(0, 0, 4) },
  ],
  ['waiting on my approval', { awaitingApproval: true, decidableByMe: true }],
  [
    'what am I supposed to approve',
    { awaitingApproval: true, decidableByMe: true },
  ],
  [
    'approvals waiting for me in eks prod frankfurt',
    {
      awaitingApproval: true,
      decidableByMe: true,
      clusters: ['eks-prod-frankfurt'],
    },
  ],
  ['things I need to approve', { awaitingApproval: true, decidableByMe: true }],
  [
    'anything I can sign off on',
    { awaitingApproval: true, decidableByMe: true },
  ],
  [
    'critical approvals assigned to me',
    { severities: ['critical'], awaitingApproval: true, decidableByMe: true },
  ],
  [
    'the auth-service deployment',
    { kinds: ['Deployment'], targets: ['auth-service'] },
  ],
  [
    'postgres primary statefulset',
    { kinds: ['StatefulSet'], targets: ['postgres-primary'] },
  ],
  [
    'search indexer pods crashing',
    { targets: ['search-indexer'], kinds: ['Pod'], text: ['crashing'] },
  ],
  [
    'nginx-ingress daemonset in prod',
    {
      targets: ['nginx-ingress'],
      kinds: ['DaemonSet'],
      environments: ['production'],
    },
  ],
  [
    'statefulset/postgres-primary',
    { kinds: ['StatefulSet'], targets: ['postgres-primary'] },
  ],
  [
    'failed deployments except billing-worker',
    {
      phases: ['Failed'],
      kinds: ['Deployment'],
      excludedTargets: ['billing-worker'],
    },
  ],
  ['nodes being drained', { kinds: ['Node'], text: ['drained'] }],
  ['all cronjobs', { kinds: ['CronJob'] }],
  [
    'Feature Store deployment timed out',
    {
      targets: ['feature-store'],
      kinds: ['Deployment'],
      phases: ['TimedOut'],
    },
  ],
  ['jobs in the search namespace', { kinds: ['Job'], namespaces: ['search'] }],
  ['ONPREM-DEV blocked', { clusters: ['onprem-dev'], phases: ['Blocked'] }],
  [
    'onprem dev warnings',
    { clusters: ['onprem-dev'], severities: ['warning'] },
  ],
  [
    'edge prod tokyo + gke prod iowa',
    { clusters: ['edge-prod-tokyo', 'gke-prod-iowa'] },
  ],
  ['Aks Staging 1 active', { clusters: ['aks-staging-1'], active: true }],
  ['edgeprodtokyo', { clusters: ['edge-prod-tokyo'] }],
  [
    'eks_prod_frankfurt p1',
    { clusters: ['eks-prod-frankfurt'], severities: ['high'] },
  ],
  [
    'not in gke-prod-iowa or edge-prod-tokyo',
    { excludedClusters: ['gke-prod-iowa', 'edge-prod-tokyo'] },
  ],
  [
    'only warnings and info, not prod',
    {
      severities: ['warning', 'info'],
      excludedEnvironments: ['production'],
    },
  ],
  ['no info alerts', { excludedSeverities: ['info'] }],
  [
    'exclude completed and cancelled',
    { excludedPhases: ['Completed', 'Cancelled'] },
  ],
  ['everything apart from dry runs', { excludedOutcomes: ['DryRun'] }],
  [
    'failed remediations for increase-memory-v3 except in staging',
    {
      phases: ['Failed'],
      workflows: ['increase-memory-v3'],
      excludedEnvironments: ['staging'],
    },
  ],
  [
    'restart deployment timeouts in prod',
    {
      actionTypes: ['RestartDeployment'],
      phases: ['TimedOut'],
      environments: ['production'],
    },
  ],
  ['Drain node failures', { actionTypes: ['DrainNode'], phases: ['Failed'] }],
  ['P0s since 10:00', { severities: ['critical'], since: local(10) }],
  [
    'critical in identity namespace between 8:00 and 8:45',
    {
      severities: ['critical'],
      namespaces: ['identity'],
      since: local(8),
      until: local(8, 45),
    },
  ],
  [
    'warnings younger than 2h on aks-staging-1',
    {
      severities: ['warning'],
      since: minutesAgo(120),
      clusters: ['aks-staging-1'],
    },
  ],
  [
    'remediations more than 30 mins old in observability',
    { until: minutesAgo(30), namespaces: ['observability'] },
  ],
  ["what's pending on me", { awaitingApproval: true, decidableByMe: true }],
  [
    'rejected ones for auth-service',
    { decisions: ['Rejected'], targets: ['auth-service'] },
  ],
  [
    'expired in non-prod',
    { decisions: ['Expired'], excludedEnvironments: ['production'] },
  ],
  [
    'high or critical not on edge prod tokyo since yesterday 8pm',
    {
      severities: ['high', 'critical'],
      excludedClusters: ['edge-prod-tokyo'],
      since: local(20, 0, 1),
    },
  ],
  [
    'blocked or failed except on onprem-dev',
    { phases: ['Blocked', 'Failed'], excludedClusters: ['onprem-dev'] },
  ],
  [
    'billing-worker pods older than a week',
    {
      targets: ['billing-worker'],
      kinds: ['Pod'],
      until: minutesAgo(7 * 24 * 60),
    },
  ],
  [
    'Remediations today excluding dev',
    { since: local(0), excludedEnvironments: ['development'] },
  ],
  [
    'anything waiting for approval except in staging',
    { awaitingApproval: true, excludedEnvironments: ['staging'] },
  ],
  [
    'non critical stuff from yesterday afternoon',
    {
      excludedSeverities: ['critical'],
      since: local(12, 0, 1),
      until: local(18, 0, 1),
    },
  ],
  [
    'crashlooping in search except search-indexer',
    {
      text: ['crashlooping'],
      namespaces: ['search'],
      excludedTargets: ['search-indexer'],
    },
  ],
  [
    'critical in frankfurt or tokyo',
    {
      severities: ['critical'],
      clusters: ['eks-prod-frankfurt', 'edge-prod-tokyo'],
    },
  ],
  ['sev1 issues not yet resolved', { severities: ['critical'], active: true }],
  [
    'unresolved critical older than 4 hours',
    { active: true, severities: ['critical'], until: minutesAgo(240) },
  ],
];

/* Intake, second held-out set: written before resolveIntakeCluster existed. */

export const heldOut2IntakeClusters = [
  { name: 'eks-prod-frankfurt', environment: 'production' },
  { name: 'gke-prod-iowa', environment: 'production' },
  { name: 'aks-staging-1', environment: 'staging' },
  { name: 'onprem-dev', environment: 'development' },
  { name: 'edge-prod-tokyo', environment: 'prod' },
];

export const heldOut2IntakeWorkloads = [
  { name: 'auth-service', cluster: 'eks-prod-frankfurt' },
  { name: 'auth-service', cluster: 'gke-prod-iowa' },
  { name: 'auth-service', cluster: 'edge-prod-tokyo' },
  { name: 'auth-service', cluster: 'aks-staging-1' },
  { name: 'search-indexer', cluster: 'gke-prod-iowa' },
  { name: 'billing-worker', cluster: 'eks-prod-frankfurt' },
  { name: 'billing-worker', cluster: 'aks-staging-1' },
  { name: 'postgres-primary', cluster: 'eks-prod-frankfurt' },
  { name: 'postgres-primary', cluster: 'gke-prod-iowa' },
  { name: 'feature-store', cluster: 'onprem-dev' },
  { name: 'feature-store', cluster: 'edge-prod-tokyo' },
  ...heldOut2IntakeClusters.map(c => ({
    name: 'nginx-ingress',
    cluster: c.name,
  })),
];

const PRODS = ['eks-prod-frankfurt', 'gke-prod-iowa', 'edge-prod-tokyo'];

export const heldOut2Intake: Array<[string, ExpectedIntake]> = [
  [
    'Users in Germany report login failures from auth-service on eks-prod-frankfurt',
    { kind: 'one', cluster: 'eks-prod-frankfurt' },
  ],
  [
    'search results are stale, the search-indexer seems stuck',
    { kind: 'one', cluster: 'gke-prod-iowa' },
  ],
  [
    'billing worker is backing up in staging',
    { kind: 'one', cluster: 'aks-staging-1' },
  ],
  [
    'postgres primary replication lag',
    { kind: 'several', candidates: ['eks-prod-frankfurt', 'gke-prod-iowa'] },
  ],
  ['nginx ingress 502s', { kind: 'none' }],
  [
    'Frankfurt cluster is throwing 5xx on auth',
    { kind: 'one', cluster: 'eks-prod-frankfurt' },
  ],
  [
    'tokyo edge pods keep restarting',
    { kind: 'one', cluster: 'edge-prod-tokyo' },
  ],
  ['auth-service slow in production', { kind: 'several', candidates: PRODS }],
  [
    "something's off with the feature-store on the dev cluster",
    { kind: 'one', cluster: 'onprem-dev' },
  ],
  ['GKE PROD IOWA node pressure', { kind: 'one', cluster: 'gke-prod-iowa' }],
  ['disk is filling up on the database', { kind: 'none' }],
  [
    'staging and dev both broken after the deploy',
    { kind: 'several', candidates: ['aks-staging-1', 'onprem-dev'] },
  ],
  ['high latency in iowa', { kind: 'one', cluster: 'gke-prod-iowa' }],
  ['onprem dev: feature store OOM', { kind: 'one', cluster: 'onprem-dev' }],
  [
    'Auth service errors everywhere except staging',
    { kind: 'several', candidates: PRODS },
  ],
  [
    'the edge-prod-tokyo feature-store deployment is crashlooping',
    { kind: 'one', cluster: 'edge-prod-tokyo' },
  ],
  ['prod is down', { kind: 'several', candidates: PRODS }],
  [
    'aks staging 1 certificates expired',
    { kind: 'one', cluster: 'aks-staging-1' },
  ],
  [
    'billing-worker queue not draining in prod',
    { kind: 'one', cluster: 'eks-prod-frankfurt' },
  ],
  ['checkout is slow', { kind: 'none' }],
];
