import type { QueryFilter, QueryVocabulary } from '../parseQuery';

/*
 * HELD-OUT evaluation set. Written before the parser learned negation, ranges, decisions,
 * "waiting on me", kind words and spaced cluster names, and never used to tune it: the parser is
 * developed against devPhrasings.ts only. Do not edit a row to make it pass; if the parser gets
 * one wrong, that is the figure. Add new rows to the dev set instead.
 *
 * Clock: Saturday 21 November 2026, 12:00 UTC, time zone offset 0.
 * A row passes when the parsed filter equals the expected one exactly (free-text words included).
 */
export const heldOutNow = new Date('2026-11-21T12:00:00Z');

export const heldOutVocabulary: QueryVocabulary = {
  clusters: [
    'prod-eu-west',
    'prod-us-east',
    'staging-eu',
    'dev-sandbox',
    'ml-gpu-01',
  ],
  namespaces: ['shop-payments', 'shop-checkout', 'ml-training', 'monitoring'],
  targets: [
    'trainer',
    'checkout-api',
    'payment-gateway',
    'inference-server',
    'redis-cache',
    'orders-db',
  ],
  workflows: ['restart-pod-v1', 'rollback-deployment-v2', 'scale-up-v1'],
  actionTypes: ['RestartPod', 'RollbackDeployment', 'ScaleUp'],
};

const at = (iso: string) => new Date(iso).toISOString();
const minutesAgo = (m: number) =>
  new Date(heldOutNow.getTime() - m * 60_000).toISOString();
const TODAY = at('2026-11-21T00:00:00Z');
const YESTERDAY = at('2026-11-20T00:00:00Z');

export const heldOutPhrasings: Array<[string, QueryFilter]> = [
  // negation
  [
    'critical alerts except staging',
    { severities: ['critical'], excludedEnvironments: ['staging'] },
  ],
  [
    'failed remediations not in production',
    { phases: ['Failed'], excludedEnvironments: ['production'] },
  ],
  [
    'non-critical alerts in prod-eu-west',
    { excludedSeverities: ['critical'], clusters: ['prod-eu-west'] },
  ],
  ['everything but prod-us-east', { excludedClusters: ['prod-us-east'] }],
  [
    'active issues excluding dev-sandbox and staging-eu',
    { active: true, excludedClusters: ['dev-sandbox', 'staging-eu'] },
  ],
  [
    'Non-prod failures last 24h',
    {
      excludedEnvironments: ['production'],
      phases: ['Failed'],
      since: minutesAgo(24 * 60),
    },
  ],
  [
    'warnings outside production',
    { severities: ['warning'], excludedEnvironments: ['production'] },
  ],
  [
    'not critical, in staging',
    { excludedSeverities: ['critical'], environments: ['staging'] },
  ],
  [
    "remediations that aren't completed in prod-eu-west",
    { excludedPhases: ['Completed'], clusters: ['prod-eu-west'] },
  ],
  ['all clusters other than ml-gpu-01', { excludedClusters: ['ml-gpu-01'] }],
  [
    'high severity but not in the shop-payments namespace',
    { severities: ['high'], excludedNamespaces: ['shop-payments'] },
  ],
  [
    'exclude staging, show me prod failures',
    {
      excludedEnvironments: ['staging'],
      environments: ['production'],
      phases: ['Failed'],
    },
  ],
  [
    'timed out remediations, ignore dev',
    { phases: ['TimedOut'], excludedEnvironments: ['development'] },
  ],
  [
    'noncritical stuff on Prod-US-East',
    { excludedSeverities: ['critical'], clusters: ['prod-us-east'] },
  ],
  ['without inconclusive outcomes', { excludedOutcomes: ['Inconclusive'] }],
  [
    'crtical alerts not in prodution',
    { severities: ['critical'], excludedEnvironments: ['production'] },
  ],

  // ranges
  [
    'failed between 2pm and 4pm',
    {
      phases: ['Failed'],
      since: at('2026-11-20T14:00:00Z'),
      until: at('2026-11-20T16:00:00Z'),
    },
  ],
  [
    'critical alerts older than 2 hours',
    { severities: ['critical'], until: minutesAgo(120) },
  ],
  ['remediations from yesterday 5pm', { since: at('2026-11-20T17:00:00Z') }],
  [
    'what happened between 9am and 11am in prod-eu-west',
    {
      since: at('2026-11-21T09:00:00Z'),
      until: at('2026-11-21T11:00:00Z'),
      clusters: ['prod-eu-west'],
    },
  ],
  [
    'approvals older than 30 minutes',
    { awaitingApproval: true, until: minutesAgo(30) },
  ],
  ['anything created before 8am today', { until: at('2026-11-21T08:00:00Z') }],
  [
    'since yesterday at 5pm on staging-eu',
    { since: at('2026-11-20T17:00:00Z'), clusters: ['staging-eu'] },
  ],
  [
    'between 10:00 and 10:30 in prod us east',
    {
      since: at('2026-11-21T10:00:00Z'),
      until: at('2026-11-21T10:30:00Z'),
      clusters: ['prod-us-east'],
    },
  ],
  [
    'more than 3 days old, still open',
    { until: minutesAgo(3 * 24 * 60), active: true },
  ],
  ['newer than 45 minutes', { since: minutesAgo(45) }],
  [
    'from 5pm yesterday until midnight',
    { since: at('2026-11-20T17:00:00Z'), until: TODAY },
  ],
  [
    'failed yesterday afternoon',
    {
      phases: ['Failed'],
      since: at('2026-11-20T12:00:00Z'),
      until: at('2026-11-20T18:00:00Z'),
    },
  ],
  [
    'older than a day in prod',
    { until: minutesAgo(24 * 60), environments: ['production'] },
  ],
  [
    'between 14:00 and 16:30 yesterday',
    { since: at('2026-11-20T14:00:00Z'), until: at('2026-11-20T16:30:00Z') },
  ],
  [
    'blocked remediations from thursday',
    { phases: ['Blocked'], since: at('2026-11-19T00:00:00Z') },
  ],
  [
    'less than an hour old critical',
    { since: minutesAgo(60), severities: ['critical'] },
  ],
  [
    'failures before 3am',
    { phases: ['Failed'], until: at('2026-11-21T03:00:00Z') },
  ],

  // cluster names typed with spaces, case, underscores
  [
    'Critical alerts in PROD EU WEST',
    { severities: ['critical'], clusters: ['prod-eu-west'] },
  ],
  ['prod_us_east failures', { clusters: ['prod-us-east'], phases: ['Failed'] }],
  ['whats going on in Prod-Eu-West right now', { clusters: ['prod-eu-west'] }],
  ['ml gpu 01 timed out', { clusters: ['ml-gpu-01'], phases: ['TimedOut'] }],
  [
    'staging eu warnings',
    { clusters: ['staging-eu'], severities: ['warning'] },
  ],
  ['dev sandbox blocked', { clusters: ['dev-sandbox'], phases: ['Blocked'] }],
  [
    'prodeuwest critical',
    { clusters: ['prod-eu-west'], severities: ['critical'] },
  ],
  [
    'failed remediations on prod-eu-west and prod us east',
    { phases: ['Failed'], clusters: ['prod-eu-west', 'prod-us-east'] },
  ],

  // decision words
  [
    'rejected approvals last week',
    { decisions: ['Rejected'], since: minutesAgo(7 * 24 * 60) },
  ],
  [
    'expired approval requests in prod',
    { decisions: ['Expired'], environments: ['production'] },
  ],
  ['approvals that timed out', { decisions: ['Expired'] }],
  [
    'which approvals were denied yesterday',
    { decisions: ['Rejected'], since: YESTERDAY, until: TODAY },
  ],
  [
    'rejected or expired in prod-us-east',
    { decisions: ['Rejected', 'Expired'], clusters: ['prod-us-east'] },
  ],
  ['approved remediations today', { decisions: ['Approved'], since: TODAY }],
  [
    'approval timed out on staging-eu',
    { decisions: ['Expired'], clusters: ['staging-eu'] },
  ],
  [
    'declined ones this week',
    { decisions: ['Rejected'], since: at('2026-11-16T00:00:00Z') },
  ],

  // waiting on me
  ['waiting on me', { awaitingApproval: true, decidableByMe: true }],
  [
    'what can I approve in prod',
    {
      awaitingApproval: true,
      decidableByMe: true,
      environments: ['production'],
    },
  ],
  [
    'stuff waiting for my decision',
    { awaitingApproval: true, decidableByMe: true },
  ],
  [
    'critical things that need my approval',
    { severities: ['critical'], awaitingApproval: true, decidableByMe: true },
  ],
  [
    "What's waiting on me in Prod EU West?",
    { awaitingApproval: true, decidableByMe: true, clusters: ['prod-eu-west'] },
  ],
  ['my pending approvals', { awaitingApproval: true, decidableByMe: true }],
  ['what may I decide', { awaitingApproval: true, decidableByMe: true }],

  // kind words
  ['the trainer deployment', { kinds: ['Deployment'], targets: ['trainer'] }],
  [
    'statefulsets failing in prod',
    {
      kinds: ['StatefulSet'],
      phases: ['Failed'],
      environments: ['production'],
    },
  ],
  [
    'crashlooping pods in ml-training',
    { kinds: ['Pod'], namespaces: ['ml-training'], text: ['crashlooping'] },
  ],
  [
    'orders-db statefulset timed out',
    { targets: ['orders-db'], kinds: ['StatefulSet'], phases: ['TimedOut'] },
  ],
  [
    'deployment/checkout-api remediations',
    { kinds: ['Deployment'], targets: ['checkout-api'] },
  ],
  [
    'daemonsets except monitoring',
    { kinds: ['DaemonSet'], excludedNamespaces: ['monitoring'] },
  ],
  [
    'failed jobs yesterday',
    { kinds: ['Job'], phases: ['Failed'], since: YESTERDAY, until: TODAY },
  ],
  [
    'the inference server deployment in ml gpu 01',
    {
      kinds: ['Deployment'],
      targets: ['inference-server'],
      clusters: ['ml-gpu-01'],
    },
  ],

  // combinations
  [
    'non-critical failures on prod eu west between 2pm and 4pm',
    {
      excludedSeverities: ['critical'],
      phases: ['Failed'],
      clusters: ['prod-eu-west'],
      since: at('2026-11-20T14:00:00Z'),
      until: at('2026-11-20T16:00:00Z'),
    },
  ],
  [
    'rejected in production except prod-us-east',
    {
      decisions: ['Rejected'],
      environments: ['production'],
      excludedClusters: ['prod-us-east'],
    },
  ],
  [
    'redis cache statefulset not in staging',
    {
      targets: ['redis-cache'],
      kinds: ['StatefulSet'],
      excludedEnvironments: ['staging'],
    },
  ],
  [
    'critical, waiting on me, older than 10 minutes',
    {
      severities: ['critical'],
      awaitingApproval: true,
      decidableByMe: true,
      until: minutesAgo(10),
    },
  ],
  [
    'payment gateway deployment issues since yesterday 5pm',
    {
      targets: ['payment-gateway'],
      kinds: ['Deployment'],
      since: at('2026-11-20T17:00:00Z'),
    },
  ],
  [
    'Expired approvals for the trainer deployment',
    { decisions: ['Expired'], targets: ['trainer'], kinds: ['Deployment'] },
  ],
  [
    'everything not completed in dev-sandbox',
    { excludedPhases: ['Completed'], clusters: ['dev-sandbox'] },
  ],
  [
    'High and critical but not in staging-eu or dev-sandbox',
    {
      severities: ['high', 'critical'],
      excludedClusters: ['staging-eu', 'dev-sandbox'],
    },
  ],
  [
    'Rollback deployment failures last 2 days',
    {
      actionTypes: ['RollbackDeployment'],
      phases: ['Failed'],
      since: minutesAgo(2 * 24 * 60),
    },
  ],
  [
    'OOMKilled pods on prod-us-east except the monitoring namespace',
    {
      text: ['oomkilled'],
      kinds: ['Pod'],
      clusters: ['prod-us-east'],
      excludedNamespaces: ['monitoring'],
    },
  ],
];

/* ------------------------------------------------------------------------------------------ */
/* Intake: which cluster a free description names. Written before resolveIntakeCluster.       */

export const heldOutIntakeClusters = [
  { name: 'prod-eu-west', environment: 'production' },
  { name: 'prod-us-east', environment: 'production' },
  { name: 'staging-eu', environment: 'staging' },
  { name: 'dev-sandbox', environment: 'development' },
  { name: 'ml-gpu-01', environment: 'production' },
];

export const heldOutIntakeWorkloads = [
  { name: 'trainer', cluster: 'ml-gpu-01' },
  { name: 'trainer', cluster: 'dev-sandbox' },
  { name: 'checkout-api', cluster: 'prod-eu-west' },
  { name: 'checkout-api', cluster: 'prod-us-east' },
  { name: 'checkout-api', cluster: 'staging-eu' },
  { name: 'payment-gateway', cluster: 'prod-eu-west' },
  { name: 'inference-server', cluster: 'ml-gpu-01' },
  { name: 'orders-db', cluster: 'prod-us-east' },
  ...heldOutIntakeClusters.map(c => ({ name: 'redis-cache', cluster: c.name })),
];

/** The expected pick: one cluster, several candidates (any order), or none. */
export type ExpectedIntake =
  | { kind: 'one'; cluster: string }
  | { kind: 'several'; candidates: string[] }
  | { kind: 'none' };

export const heldOutIntake: Array<[string, ExpectedIntake]> = [
  [
    'The payment processing in prod-eu-west feels sluggish since this morning.',
    { kind: 'one', cluster: 'prod-eu-west' },
  ],
  [
    'Checkout on PROD US EAST is throwing 502s',
    { kind: 'one', cluster: 'prod-us-east' },
  ],
  [
    'the trainer deployment keeps getting OOMKilled on the gpu cluster',
    { kind: 'one', cluster: 'ml-gpu-01' },
  ],
  [
    'Something is wrong in staging, pods restart constantly',
    { kind: 'one', cluster: 'staging-eu' },
  ],
  [
    'latency spike in production for the checkout-api',
    { kind: 'several', candidates: ['prod-eu-west', 'prod-us-east'] },
  ],
  [
    'orders-db replication lag is growing',
    { kind: 'one', cluster: 'prod-us-east' },
  ],
  ['inference server returns 500s', { kind: 'one', cluster: 'ml-gpu-01' }],
  [
    'everything in prod is slow',
    {
      kind: 'several',
      candidates: ['prod-eu-west', 'prod-us-east', 'ml-gpu-01'],
    },
  ],
  ['the site feels slow', { kind: 'none' }],
  [
    'dev sandbox: trainer job stuck pending',
    { kind: 'one', cluster: 'dev-sandbox' },
  ],
  [
    'checkout-api errors, but not in staging',
    { kind: 'several', candidates: ['prod-eu-west', 'prod-us-east'] },
  ],
  ['redis cache evictions everywhere', { kind: 'none' }],
  [
    'Prod-EU-West payment-gateway timeouts',
    { kind: 'one', cluster: 'prod-eu-west' },
  ],
  ['prodeuwest ingress 503', { kind: 'one', cluster: 'prod-eu-west' }],
  ['payment gateway latency', { kind: 'one', cluster: 'prod-eu-west' }],
  [
    'trainer crashlooping',
    { kind: 'several', candidates: ['ml-gpu-01', 'dev-sandbox'] },
  ],
  [
    'In the dev environment the trainer is OOMing',
    { kind: 'one', cluster: 'dev-sandbox' },
  ],
  [
    'prod us-east and prod eu-west both see checkout errors',
    { kind: 'several', candidates: ['prod-eu-west', 'prod-us-east'] },
  ],
  [
    'high error rate on the us east prod cluster',
    { kind: 'one', cluster: 'prod-us-east' },
  ],
  [
    'Memory leak suspected in checkout-api on staging',
    { kind: 'one', cluster: 'staging-eu' },
  ],
  [
    'the eu-west cluster is dropping requests',
    { kind: 'one', cluster: 'prod-eu-west' },
  ],
  ['pods pending in ml-training namespace', { kind: 'none' }],
];
