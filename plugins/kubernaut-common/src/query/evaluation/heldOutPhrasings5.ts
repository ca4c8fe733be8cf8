import type { QueryFilter, QueryVocabulary } from '../parseQuery';
import type { IntakeCluster, IntakeWorkload } from '../resolveIntakeCluster';
import type { ExpectedIntake } from './heldOutPhrasings';

/*
 * FIFTH HELD-OUT set: an independent, blind test. Written on 2026-12-02 by a helper session
 * playing an SRE who has never seen the parser: the parser, its word lists, its tests and the
 * earlier sets' phrasings were not opened. The expected filters were written by hand from what
 * each sentence means, using only the README's promises, the exported types and the sandbox's
 * environment names. Scored once as written; do not edit rows to make them pass.
 *
 * First score (2026-12-02 08:32 UTC, the one scoring run): query language 41/45 (91%): negation
 * 6/7, ranges 7/8, cluster names 4/5, decisions 5/5, waiting on me 5/5, kinds 4/4, basics 5/5,
 * free text 2/3, combinations 3/3; intake 15/15 (100%). Missed: "everywhere" kept as free text,
 * "between 6 and 2 hours ago" not read as a range, "p1" read as high, "expiry" read as Expired.
 *
 * Clock: Wednesday 18 March 2026, 22:50 UTC; the operator is in UTC-4, where it is 18:50 the
 * same day. Local midnight today is 2026-03-18T04:00Z; Monday 16 March began at 04:00Z that day.
 */
export const heldOut5Now = new Date('2026-03-18T22:50:00Z');
export const heldOut5Offset = -240;

export const heldOut5Vocabulary: QueryVocabulary = {
  clusters: [
    'aws-prod-east',
    'aws-prod-west',
    'onprem-staging-2',
    'dev-sandbox',
    'edge-prod-tokyo',
  ],
  namespaces: [
    'payments',
    'ml-training',
    'checkout',
    'monitoring',
    'kube-system',
  ],
  targets: [
    'trainer',
    'payment-api',
    'checkout-web',
    'kafka-broker',
    'fraud-scorer',
    'node-exporter',
    'postgres-primary',
  ],
  workflows: [
    'restart-deployment-v2',
    'increase-memory-v1',
    'rollback-release-v3',
  ],
  actionTypes: ['RestartDeployment', 'IncreaseMemory', 'RollbackRelease'],
};

const minutesAgo = (m: number) =>
  new Date(heldOut5Now.getTime() - m * 60_000).toISOString();
/** Local clock time (UTC-4), `daysBack` days before today (Wednesday 18 March). */
const local = (hh: number, mm = 0, daysBack = 0) =>
  new Date(
    Date.UTC(2026, 2, 18, 4, 0) +
      (hh * 60 + mm) * 60_000 -
      daysBack * 86_400_000,
  ).toISOString();
const MINE = { awaitingApproval: true, decidableByMe: true } as const;

type Row = [string, QueryFilter];

const negation: Row[] = [
  [
    'critical alerts everywhere except onprem staging 2',
    { severities: ['critical'], excludedClusters: ['onprem-staging-2'] },
  ],
  [
    'failed remediations not in production',
    { phases: ['Failed'], excludedEnvironments: ['production'] },
  ],
  [
    'non critical remediations in staging',
    { excludedSeverities: ['critical'], environments: ['staging'] },
  ],
  [
    'warnings excluding aws prod west and dev-sandbox',
    {
      severities: ['warning'],
      excludedClusters: ['aws-prod-west', 'dev-sandbox'],
    },
  ],
  [
    'not remediated in the past 24 hours',
    { excludedOutcomes: ['Remediated'], since: minutesAgo(1440) },
  ],
  [
    'anything not failed or cancelled on edge prod tokyo',
    {
      excludedPhases: ['Failed', 'Cancelled'],
      clusters: ['edge-prod-tokyo'],
    },
  ],
  [
    'critical but not on statefulsets',
    { severities: ['critical'], excludedKinds: ['StatefulSet'] },
  ],
];

const ranges: Row[] = [
  [
    'failures between 2pm and 4pm',
    { phases: ['Failed'], since: local(14), until: local(16) },
  ],
  [
    'active remediations older than 2 hours',
    { active: true, until: minutesAgo(120) },
  ],
  ['everything from yesterday 5pm', { since: local(17, 0, 1) }],
  [
    'what happened yesterday on aws-prod-east',
    {
      since: local(0, 0, 1),
      until: local(0),
      clusters: ['aws-prod-east'],
    },
  ],
  [
    'between 6 and 2 hours ago',
    { since: minutesAgo(360), until: minutesAgo(120) },
  ],
  [
    'yesterday between 1pm and 3pm',
    { since: local(13, 0, 1), until: local(15, 0, 1) },
  ],
  [
    'timed out more than 3 hours ago',
    { phases: ['TimedOut'], until: minutesAgo(180) },
  ],
  [
    'since monday in prod',
    { since: local(0, 0, 2), environments: ['production'] },
  ],
];

const clusterNames: Row[] = [
  [
    'AWS Prod East critical',
    { clusters: ['aws-prod-east'], severities: ['critical'] },
  ],
  [
    'onprem staging 2 failed',
    { clusters: ['onprem-staging-2'], phases: ['Failed'] },
  ],
  [
    'Edge-Prod-Tokyo active remediations',
    { clusters: ['edge-prod-tokyo'], active: true },
  ],
  [
    'dev sandbox warnings today',
    { clusters: ['dev-sandbox'], severities: ['warning'], since: local(0) },
  ],
  [
    'aws-prod-east or aws prod west p1',
    { clusters: ['aws-prod-east', 'aws-prod-west'], severities: ['critical'] },
  ],
];

const decisions: Row[] = [
  [
    'approvals that were rejected on aws prod west',
    { decisions: ['Rejected'], clusters: ['aws-prod-west'] },
  ],
  [
    'expired approval requests since yesterday',
    { decisions: ['Expired'], since: local(0, 0, 1) },
  ],
  [
    'which approvals timed out in production',
    { decisions: ['Expired'], environments: ['production'] },
  ],
  [
    'approved or rejected in the last 12 hours',
    { decisions: ['Approved', 'Rejected'], since: minutesAgo(720) },
  ],
  ['timed out in dev', { phases: ['TimedOut'], environments: ['development'] }],
];

const waitingOnMe: Row[] = [
  ["what's waiting on me", { ...MINE }],
  [
    'anything I can approve in production',
    { ...MINE, environments: ['production'] },
  ],
  ['critical approvals waiting for me', { ...MINE, severities: ['critical'] }],
  [
    'pending approvals on edge prod tokyo',
    { awaitingApproval: true, clusters: ['edge-prod-tokyo'] },
  ],
  ['my approvals older than 30 minutes', { ...MINE, until: minutesAgo(30) }],
];

const kinds: Row[] = [
  [
    'failed trainer deployment in ml-training',
    {
      phases: ['Failed'],
      targets: ['trainer'],
      kinds: ['Deployment'],
      namespaces: ['ml-training'],
    },
  ],
  [
    'daemonsets on dev sandbox',
    { kinds: ['DaemonSet'], clusters: ['dev-sandbox'] },
  ],
  [
    'kafka-broker statefulset',
    { targets: ['kafka-broker'], kinds: ['StatefulSet'] },
  ],
  [
    'critical deployments except checkout-web',
    {
      severities: ['critical'],
      kinds: ['Deployment'],
      excludedTargets: ['checkout-web'],
    },
  ],
];

const basics: Row[] = [
  [
    'manual review in the monitoring namespace',
    { outcomes: ['ManualReviewRequired'], namespaces: ['monitoring'] },
  ],
  [
    'dry-run remediations on aws-prod-west',
    { outcomes: ['DryRun'], clusters: ['aws-prod-west'] },
  ],
  ['blocked or executing', { phases: ['Blocked', 'Executing'] }],
  [
    'remediated by rollback-release-v3',
    { outcomes: ['Remediated'], workflows: ['rollback-release-v3'] },
  ],
  ['sev1 in PROD', { severities: ['critical'], environments: ['production'] }],
];

const freeText: Row[] = [
  [
    'oomkilled in the checkout namespace',
    { text: ['oomkilled'], namespaces: ['checkout'] },
  ],
  [
    'disk pressure warnings',
    { text: ['disk', 'pressure'], severities: ['warning'] },
  ],
  [
    'certificate expiry on aws prod east',
    { text: ['certificate', 'expiry'], clusters: ['aws-prod-east'] },
  ],
];

const combinations: Row[] = [
  [
    'critical or high in prod except aws-prod-west since 6am',
    {
      severities: ['critical', 'high'],
      environments: ['production'],
      excludedClusters: ['aws-prod-west'],
      since: local(6),
    },
  ],
  [
    'failed statefulsets in staging and dev over the last day',
    {
      phases: ['Failed'],
      kinds: ['StatefulSet'],
      environments: ['staging', 'development'],
      since: minutesAgo(1440),
    },
  ],
  [
    'restart-deployment-v2 not remediated',
    {
      workflows: ['restart-deployment-v2'],
      excludedOutcomes: ['Remediated'],
    },
  ],
];

/** The fleet phrasings by what they exercise, to report a score per category. */
export const heldOut5Categories: Record<string, Row[]> = {
  negation,
  ranges,
  'cluster names': clusterNames,
  decisions,
  'waiting on me': waitingOnMe,
  kinds,
  basics,
  'free text': freeText,
  combinations,
};

export const heldOut5Phrasings: Row[] =
  Object.values(heldOut5Categories).flat();

export const heldOut5IntakeClusters: IntakeCluster[] = [
  {
    name: 'aws-prod-east',
    title: 'AWS Production East',
    environment: 'production',
  },
  {
    name: 'aws-prod-west',
    title: 'AWS Production West',
    environment: 'production',
  },
  {
    name: 'onprem-staging-2',
    title: 'On-prem Staging 2',
    environment: 'staging',
  },
  {
    name: 'dev-sandbox',
    title: 'Developer Sandbox',
    environment: 'development',
  },
  { name: 'edge-prod-tokyo', title: 'Edge Tokyo', environment: 'production' },
];

const runsOn = (name: string, ...clusters: string[]): IntakeWorkload[] =>
  clusters.map(cluster => ({ name, cluster }));

export const heldOut5IntakeWorkloads: IntakeWorkload[] = [
  ...runsOn('trainer', 'dev-sandbox', 'onprem-staging-2'),
  ...runsOn(
    'payment-api',
    'aws-prod-east',
    'aws-prod-west',
    'onprem-staging-2',
  ),
  ...runsOn('checkout-web', 'aws-prod-east'),
  ...runsOn('kafka-broker', 'aws-prod-west'),
  ...runsOn('fraud-scorer', 'edge-prod-tokyo'),
  ...runsOn(
    'node-exporter',
    'aws-prod-east',
    'aws-prod-west',
    'onprem-staging-2',
    'dev-sandbox',
    'edge-prod-tokyo',
  ),
  ...runsOn('postgres-primary', 'aws-prod-east', 'edge-prod-tokyo'),
];

const one = (cluster: string): ExpectedIntake => ({ kind: 'one', cluster });
const several = (...candidates: string[]): ExpectedIntake => ({
  kind: 'several',
  candidates,
});

export const heldOut5Intake: Array<[string, ExpectedIntake]> = [
  ['investigate why checkout-web keeps restarting', one('aws-prod-east')],
  ['the kafka broker is lagging badly', one('aws-prod-west')],
  ['payment api latency spiked in staging', one('onprem-staging-2')],
  [
    'payment-api returning 502s in production',
    several('aws-prod-east', 'aws-prod-west'),
  ],
  [
    'the trainer deployment is crashlooping',
    several('dev-sandbox', 'onprem-staging-2'),
  ],
  ['trainer OOM on the developer sandbox', one('dev-sandbox')],
  ['investigate high memory on AWS Prod West nodes', one('aws-prod-west')],
  ['fraud scorer is timing out', one('edge-prod-tokyo')],
  ['something feels slow', { kind: 'none' }],
  ['postgres-primary replication lag on edge tokyo', one('edge-prod-tokyo')],
  [
    'node-exporter missing metrics in onprem staging 2',
    one('onprem-staging-2'),
  ],
  [
    'postgres primary disk almost full',
    several('aws-prod-east', 'edge-prod-tokyo'),
  ],
  [
    'payment-api is down everywhere except staging',
    several('aws-prod-east', 'aws-prod-west'),
  ],
  [
    'investigate the dns errors in production',
    several('aws-prod-east', 'aws-prod-west', 'edge-prod-tokyo'),
  ],
  ['checkout-web slow on aws-prod-west', one('aws-prod-west')],
];
