import type { QueryFilter, QueryVocabulary } from '../parseQuery';

/*
 * THIRD HELD-OUT set, written after the generic fixes that followed the second set's failures.
 * Scored once as written; not used for tuning. Do not edit rows to make them pass.
 *
 * Clock: Friday 5 June 2026, 14:10 UTC, operator in UTC-4 (local 10:10).
 * Local midnight today is 2026-06-05T04:00Z.
 */
export const heldOut3Now = new Date('2026-06-05T14:10:00Z');
export const heldOut3Offset = -240;

export const heldOut3Vocabulary: QueryVocabulary = {
  clusters: [
    'us-west-2-prod',
    'eu-central-1-prod',
    'us-west-2-staging',
    'perf-lab',
    'ci-runners',
  ],
  namespaces: ['orders', 'catalog', 'fraud-detection', 'platform'],
  targets: [
    'order-api',
    'catalog-sync',
    'fraud-scorer',
    'kafka',
    'elasticsearch',
    'image-resizer',
  ],
  workflows: ['rollback-release-v2', 'bump-replicas-v1', 'clear-disk-v1'],
  actionTypes: ['RollbackRelease', 'BumpReplicas', 'ClearDisk'],
};

const minutesAgo = (m: number) =>
  new Date(heldOut3Now.getTime() - m * 60_000).toISOString();
/** Local clock time (UTC-4), `daysBack` days before today. */
const local = (hh: number, mm = 0, daysBack = 0) =>
  new Date(
    Date.UTC(2026, 5, 5, 4, 0) +
      (hh * 60 + mm) * 60_000 -
      daysBack * 86_400_000,
  ).toISOString();

export const heldOut3Phrasings: Array<[string, QueryFilter]> = [
  [
    'critical in us-west-2-prod',
    { severities: ['critical'], clusters: ['us-west-2-prod'] },
  ],
  [
    'US West 2 Prod failing remediations',
    { clusters: ['us-west-2-prod'], phases: ['Failed'] },
  ],
  [
    'anything on eu central 1 prod since 8:00',
    { clusters: ['eu-central-1-prod'], since: local(8) },
  ],
  ['perf lab timeouts', { clusters: ['perf-lab'], phases: ['TimedOut'] }],
  [
    'ci runners, exclude warnings',
    { clusters: ['ci-runners'], excludedSeverities: ['warning'] },
  ],
  [
    'everything except ci-runners and perf-lab',
    { excludedClusters: ['ci-runners', 'perf-lab'] },
  ],
  [
    'non-staging failures',
    { excludedEnvironments: ['staging'], phases: ['Failed'] },
  ],
  [
    'prod issues but not us-west-2-prod',
    { environments: ['production'], excludedClusters: ['us-west-2-prod'] },
  ],
  [
    'high severity, not in the orders namespace',
    { severities: ['high'], excludedNamespaces: ['orders'] },
  ],
  ['exclude kafka', { excludedTargets: ['kafka'] }],
  [
    "alerts that aren't critical in staging",
    { excludedSeverities: ['critical'], environments: ['staging'] },
  ],
  ['everything but dev', { excludedEnvironments: ['development'] }],
  [
    'failed or blocked excluding fraud-detection',
    {
      phases: ['Failed', 'Blocked'],
      excludedNamespaces: ['fraud-detection'],
    },
  ],
  ['not completed', { excludedPhases: ['Completed'] }],
  ['skip the info ones', { excludedSeverities: ['info'] }],
  [
    'ignore staging and perf-lab',
    { excludedEnvironments: ['staging'], excludedClusters: ['perf-lab'] },
  ],
  ['between 9 and 9:30am', { since: local(9), until: local(9, 30) }],
  ['remediations from 6am to 8am', { since: local(6), until: local(8) }],
  ['older than 3h', { until: minutesAgo(180) }],
  ['more than a day old', { until: minutesAgo(24 * 60) }],
  ['newer than an hour', { since: minutesAgo(60) }],
  ['in the last 45 minutes', { since: minutesAgo(45) }],
  ['since wednesday', { since: local(0, 0, 2) }],
  ['since yesterday at 11pm', { since: local(23, 0, 1) }],
  ['from 4pm yesterday to 2am', { since: local(16, 0, 1), until: local(2) }],
  ['yesterday evening', { since: local(18, 0, 1), until: local(0) }],
  [
    'this morning in perf-lab',
    { since: local(0), until: local(12), clusters: ['perf-lab'] },
  ],
  ['before 7:45', { until: local(7, 45) }],
  ['up until 9am', { until: local(9) }],
  ['on wednesday', { since: local(0, 0, 2), until: local(0, 0, 1) }],
  ['fired in the past 2 days', { since: minutesAgo(2 * 24 * 60) }],
  [
    'open ones older than 1 week',
    { active: true, until: minutesAgo(7 * 24 * 60) },
  ],
  ['rejected', { decisions: ['Rejected'] }],
  ['approval requests that were rejected', { decisions: ['Rejected'] }],
  [
    'expired approvals in us-west-2-staging',
    { decisions: ['Expired'], clusters: ['us-west-2-staging'] },
  ],
  ['approvals that lapsed', { decisions: ['Expired'] }],
  ['declined since monday', { decisions: ['Rejected'], since: local(0, 0, 4) }],
  ['approvals nobody answered in time', { decisions: ['Expired'] }],
  [
    'which ones got approved today',
    { decisions: ['Approved'], since: local(0) },
  ],
  ['rejected or timed out approvals', { decisions: ['Rejected', 'Expired'] }],
  ['waiting on me', { awaitingApproval: true, decidableByMe: true }],
  [
    'anything I should approve?',
    { awaitingApproval: true, decidableByMe: true },
  ],
  ['needs my sign-off', { awaitingApproval: true, decidableByMe: true }],
  ["what's in my queue", { awaitingApproval: true, decidableByMe: true }],
  [
    'approvals for me in prod',
    {
      awaitingApproval: true,
      decidableByMe: true,
      environments: ['production'],
    },
  ],
  [
    "stuff I'm allowed to decide",
    { awaitingApproval: true, decidableByMe: true },
  ],
  [
    'the order-api deployment',
    { kinds: ['Deployment'], targets: ['order-api'] },
  ],
  [
    'kafka statefulset in eu-central-1-prod',
    {
      kinds: ['StatefulSet'],
      targets: ['kafka'],
      clusters: ['eu-central-1-prod'],
    },
  ],
  ['elasticsearch pods', { targets: ['elasticsearch'], kinds: ['Pod'] }],
  [
    'image resizer deployment failing',
    {
      targets: ['image-resizer'],
      kinds: ['Deployment'],
      phases: ['Failed'],
    },
  ],
  ['catalog sync cronjob', { targets: ['catalog-sync'], kinds: ['CronJob'] }],
  [
    'deployments in the platform namespace',
    { kinds: ['Deployment'], namespaces: ['platform'] },
  ],
  ['pod/fraud-scorer', { kinds: ['Pod'], targets: ['fraud-scorer'] }],
  [
    'daemon sets not in prod',
    { kinds: ['DaemonSet'], excludedEnvironments: ['production'] },
  ],
  [
    'statefulsets except kafka',
    { kinds: ['StatefulSet'], excludedTargets: ['kafka'] },
  ],
  [
    'rollback release failures',
    { actionTypes: ['RollbackRelease'], phases: ['Failed'] },
  ],
  [
    'bump-replicas-v1 in staging',
    { workflows: ['bump-replicas-v1'], environments: ['staging'] },
  ],
  [
    'clear disk succeeded',
    { actionTypes: ['ClearDisk'], outcomes: ['Remediated'] },
  ],
  [
    'non-critical kafka alerts this week',
    {
      excludedSeverities: ['critical'],
      targets: ['kafka'],
      since: local(0, 0, 4),
    },
  ],
  [
    'critical or high in prod except eu-central-1-prod since yesterday',
    {
      severities: ['critical', 'high'],
      environments: ['production'],
      excludedClusters: ['eu-central-1-prod'],
      since: local(0, 0, 1),
    },
  ],
  [
    'waiting on me in perf lab',
    { awaitingApproval: true, decidableByMe: true, clusters: ['perf-lab'] },
  ],
  [
    'expired approvals for the fraud-scorer deployment last 24h',
    {
      decisions: ['Expired'],
      targets: ['fraud-scorer'],
      kinds: ['Deployment'],
      since: minutesAgo(24 * 60),
    },
  ],
  [
    'Failed deployments in US-WEST-2-STAGING between 8am and noon',
    {
      phases: ['Failed'],
      kinds: ['Deployment'],
      clusters: ['us-west-2-staging'],
      since: local(8),
      until: local(12),
    },
  ],
  [
    'catalog namespace, not catalog-sync',
    { namespaces: ['catalog'], excludedTargets: ['catalog-sync'] },
  ],
  [
    'outside prod and staging',
    { excludedEnvironments: ['production', 'staging'] },
  ],
  [
    'remediations that are still open after 2 hours',
    { active: true, until: minutesAgo(120) },
  ],
  [
    'orders ns warnings since 7am',
    { namespaces: ['orders'], severities: ['warning'], since: local(7) },
  ],
  [
    'P2s excluding perf-lab',
    { severities: ['warning'], excludedClusters: ['perf-lab'] },
  ],
  [
    'eu-central-1 prod crit',
    { clusters: ['eu-central-1-prod'], severities: ['critical'] },
  ],
  ['west 2 staging', { clusters: ['us-west-2-staging'] }],
  ['all the stuff in eu', { clusters: ['eu-central-1-prod'] }],
  [
    'crashloops on fraud-scorer since 10:05',
    { text: ['crashloops'], targets: ['fraud-scorer'], since: local(10, 5) },
  ],
];
