import type { QueryFilter, QueryVocabulary } from '../parseQuery';

/*
 * FOURTH HELD-OUT set: the final measurement. Written after the last round of fixes, scored
 * once as written, and not used for tuning. Do not edit rows to make them pass.
 *
 * Clock: 12 January 2026, 22:45 UTC; the operator is in UTC+5:30, where it is already Tuesday
 * 13 January, 04:15. Local midnight today is 2026-01-12T18:30Z.
 */
export const heldOut4Now = new Date('2026-01-12T22:45:00Z');
export const heldOut4Offset = 330;

export const heldOut4Vocabulary: QueryVocabulary = {
  clusters: [
    'gcp-prod-main',
    'gcp-prod-dr',
    'hetzner-staging',
    'lab-dev-01',
    'retail-store-prod',
  ],
  namespaces: ['storefront', 'inventory', 'ml-serving', 'ingress-nginx'],
  targets: [
    'cart-service',
    'inventory-sync',
    'recommendation-model',
    'redis',
    'rabbitmq',
    'pricing-engine',
  ],
  workflows: ['restart-pods-v1', 'scale-out-v2', 'rollback-helm-v1'],
  actionTypes: ['RestartPods', 'ScaleOut', 'RollbackHelm'],
};

const minutesAgo = (m: number) =>
  new Date(heldOut4Now.getTime() - m * 60_000).toISOString();
/** Local clock time (UTC+5:30), `daysBack` days before today (Tuesday 13 January). */
const local = (hh: number, mm = 0, daysBack = 0) =>
  new Date(
    Date.UTC(2026, 0, 12, 18, 30) +
      (hh * 60 + mm) * 60_000 -
      daysBack * 86_400_000,
  ).toISOString();
const MINE = { awaitingApproval: true, decidableByMe: true } as const;

export const heldOut4Phrasings: Array<[string, QueryFilter]> = [
  [
    'critical on gcp-prod-main',
    { severities: ['critical'], clusters: ['gcp-prod-main'] },
  ],
  [
    'GCP PROD DR warnings',
    { clusters: ['gcp-prod-dr'], severities: ['warning'] },
  ],
  [
    'hetzner staging stuff that failed',
    { clusters: ['hetzner-staging'], phases: ['Failed'] },
  ],
  [
    'retail store prod since 2am',
    { clusters: ['retail-store-prod'], since: local(2) },
  ],
  ['lab dev 01 active', { clusters: ['lab-dev-01'], active: true }],
  ['hetzner failures', { clusters: ['hetzner-staging'], phases: ['Failed'] }],
  ['everything except gcp-prod-dr', { excludedClusters: ['gcp-prod-dr'] }],
  [
    'critical, excluding staging',
    { severities: ['critical'], excludedEnvironments: ['staging'] },
  ],
  ['not in the storefront namespace', { excludedNamespaces: ['storefront'] }],
  [
    'non-critical issues in gcp prod main',
    { excludedSeverities: ['critical'], clusters: ['gcp-prod-main'] },
  ],
  ['anything but redis', { excludedTargets: ['redis'] }],
  [
    'all failures minus lab-dev-01',
    { phases: ['Failed'], excludedClusters: ['lab-dev-01'] },
  ],
  [
    'prod without retail-store-prod',
    {
      environments: ['production'],
      excludedClusters: ['retail-store-prod'],
    },
  ],
  [
    'high and critical, not on hetzner-staging or lab-dev-01',
    {
      severities: ['high', 'critical'],
      excludedClusters: ['hetzner-staging', 'lab-dev-01'],
    },
  ],
  [
    "remediations that weren't successful",
    { excludedOutcomes: ['Remediated'] },
  ],
  [
    'warnings excluding inventory and storefront',
    {
      severities: ['warning'],
      excludedNamespaces: ['inventory', 'storefront'],
    },
  ],
  [
    'blocked, but not in dev',
    { phases: ['Blocked'], excludedEnvironments: ['development'] },
  ],
  ['between 10pm and 2am', { since: local(22, 0, 1), until: local(2) }],
  ['from 1am to 3am', { since: local(1), until: local(3) }],
  ['older than 12 hours', { until: minutesAgo(12 * 60) }],
  ['at least 2 days old', { until: minutesAgo(48 * 60) }],
  ['less than 30 min old', { since: minutesAgo(30) }],
  ['since monday', { since: local(0, 0, 1) }],
  ['since 9am', { since: local(9, 0, 1) }],
  ['last 90 minutes', { since: minutesAgo(90) }],
  [
    'yesterday afternoon in gcp-prod-main',
    {
      since: local(12, 0, 1),
      until: local(18, 0, 1),
      clusters: ['gcp-prod-main'],
    },
  ],
  ['before midnight', { until: local(0) }],
  ['from friday 6pm', { since: local(18, 0, 4) }],
  [
    'yesterday between 3 and 5pm',
    { since: local(15, 0, 1), until: local(17, 0, 1) },
  ],
  ['over 4 hours ago', { until: minutesAgo(240) }],
  ['within the past day', { since: minutesAgo(24 * 60) }],
  ['this week', { since: local(0, 0, 1) }],
  [
    'remediations newer than 10 minutes in lab dev 01',
    { since: minutesAgo(10), clusters: ['lab-dev-01'] },
  ],
  ['rejected approvals', { decisions: ['Rejected'] }],
  [
    'approvals that expired yesterday',
    { decisions: ['Expired'], since: local(0, 0, 1), until: local(0) },
  ],
  [
    'denied ones on gcp-prod-dr',
    { decisions: ['Rejected'], clusters: ['gcp-prod-dr'] },
  ],
  ['approved this week', { decisions: ['Approved'], since: local(0, 0, 1) }],
  ['timed-out approval requests', { decisions: ['Expired'] }],
  [
    'rejected or approved in prod',
    { decisions: ['Rejected', 'Approved'], environments: ['production'] },
  ],
  [
    'expired approvals for cart-service',
    { decisions: ['Expired'], targets: ['cart-service'] },
  ],
  [
    'refused remediations since friday',
    { decisions: ['Rejected'], since: local(0, 0, 4) },
  ],
  ['waiting on me', { ...MINE }],
  ['what do I need to approve', { ...MINE }],
  [
    'anything needing my approval in staging',
    { ...MINE, environments: ['staging'] },
  ],
  ['my queue in gcp-prod-main', { ...MINE, clusters: ['gcp-prod-main'] }],
  ['approvals waiting for my decision', { ...MINE }],
  [
    'stuff I can decide on in retail store prod',
    { ...MINE, clusters: ['retail-store-prod'] },
  ],
  ['critical things waiting on me', { ...MINE, severities: ['critical'] }],
  [
    'the cart-service deployment',
    { kinds: ['Deployment'], targets: ['cart-service'] },
  ],
  [
    'rabbitmq statefulset failing',
    { kinds: ['StatefulSet'], targets: ['rabbitmq'], phases: ['Failed'] },
  ],
  ['pricing engine pods', { targets: ['pricing-engine'], kinds: ['Pod'] }],
  [
    'inventory sync cronjob timed out',
    {
      targets: ['inventory-sync'],
      kinds: ['CronJob'],
      phases: ['TimedOut'],
    },
  ],
  [
    'deployments in ml-serving',
    { kinds: ['Deployment'], namespaces: ['ml-serving'] },
  ],
  [
    'deploy/recommendation-model',
    { kinds: ['Deployment'], targets: ['recommendation-model'] },
  ],
  [
    'redis statefulsets except in prod',
    {
      targets: ['redis'],
      kinds: ['StatefulSet'],
      excludedEnvironments: ['production'],
    },
  ],
  [
    'jobs that failed last night',
    {
      kinds: ['Job'],
      phases: ['Failed'],
      since: local(18, 0, 1),
      until: local(8),
    },
  ],
  [
    'the recommendation model deployment in gcp prod main',
    {
      kinds: ['Deployment'],
      targets: ['recommendation-model'],
      clusters: ['gcp-prod-main'],
    },
  ],
  ['nodes', { kinds: ['Node'] }],
  [
    'restart pods failures',
    { actionTypes: ['RestartPods'], phases: ['Failed'] },
  ],
  [
    'scale-out-v2 in staging',
    { workflows: ['scale-out-v2'], environments: ['staging'] },
  ],
  [
    'rollback helm succeeded in prod',
    {
      actionTypes: ['RollbackHelm'],
      outcomes: ['Remediated'],
      environments: ['production'],
    },
  ],
  [
    'non-prod failures since 2am',
    {
      excludedEnvironments: ['production'],
      phases: ['Failed'],
      since: local(2),
    },
  ],
  [
    'critical except gcp-prod-dr since yesterday',
    {
      severities: ['critical'],
      excludedClusters: ['gcp-prod-dr'],
      since: local(0, 0, 1),
    },
  ],
  [
    'waiting on me, not in staging',
    { ...MINE, excludedEnvironments: ['staging'] },
  ],
  [
    'rejected last week excluding retail-store-prod',
    {
      decisions: ['Rejected'],
      since: minutesAgo(7 * 24 * 60),
      excludedClusters: ['retail-store-prod'],
    },
  ],
  [
    'the redis statefulset on hetzner staging older than 1 day',
    {
      targets: ['redis'],
      kinds: ['StatefulSet'],
      clusters: ['hetzner-staging'],
      until: minutesAgo(24 * 60),
    },
  ],
  [
    'inconclusive outcomes outside prod',
    { outcomes: ['Inconclusive'], excludedEnvironments: ['production'] },
  ],
  [
    'dry runs on lab-dev-01 this week',
    { outcomes: ['DryRun'], clusters: ['lab-dev-01'], since: local(0, 0, 1) },
  ],
  [
    'failed or timed out, not on gcp-prod-main',
    {
      phases: ['Failed', 'TimedOut'],
      excludedClusters: ['gcp-prod-main'],
    },
  ],
  [
    'pending approvals older than 15 minutes',
    { awaitingApproval: true, until: minutesAgo(15) },
  ],
  [
    'cart service oomkilled',
    { targets: ['cart-service'], text: ['oomkilled'] },
  ],
  [
    'P1 and P0 in prod main',
    { severities: ['high', 'critical'], clusters: ['gcp-prod-main'] },
  ],
];
