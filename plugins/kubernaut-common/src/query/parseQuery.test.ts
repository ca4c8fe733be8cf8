import { parseQuery, type QueryFilter } from './parseQuery';

// Saturday 21 November 2026, 12:00 UTC.
const now = new Date('2026-11-21T12:00:00Z');
const vocabulary = {
  clusters: ['prod-us-east', 'prod-eu-west', 'staging'],
  namespaces: ['demo-checkout', 'demo-payments', 'kubernaut-system'],
  targets: ['checkout-service', 'payment-gateway', 'payment-db'],
  workflows: [
    'rollback-config-v1',
    'scale-statefulset-v1',
    'crashloop-rollback-v1',
  ],
  actionTypes: ['RollbackDeployment', 'ScaleStatefulSet'],
};

const hoursAgo = (h: number) =>
  new Date(now.getTime() - h * 3600_000).toISOString();
const at = (iso: string) => new Date(iso).toISOString();

const cases: Array<[string, QueryFilter, string[]?]> = [
  // the mockup's example and its variations
  [
    'critical alerts in prod-eu-west since 8am waiting for approval',
    {
      severities: ['critical'],
      clusters: ['prod-eu-west'],
      since: at('2026-11-21T08:00:00Z'),
      awaitingApproval: true,
    },
  ],
  [
    'waiting for approval critical prod-eu-west since 8am',
    {
      awaitingApproval: true,
      severities: ['critical'],
      clusters: ['prod-eu-west'],
      since: at('2026-11-21T08:00:00Z'),
    },
  ],
  [
    'CRITICAL ALERTS IN PROD-EU-WEST',
    { severities: ['critical'], clusters: ['prod-eu-west'] },
  ],
  [
    'Critical alerts in prod-eu-wset',
    { severities: ['critical'], clusters: ['prod-eu-west'] },
  ],
  [
    'criticals in prod-us-east',
    { severities: ['critical'], clusters: ['prod-us-east'] },
  ],
  ['critcal alerts', { severities: ['critical'] }],
  // severities
  ['warnings', { severities: ['warning'] }],
  ['high and critical', { severities: ['high', 'critical'] }],
  ['p0 incidents', { severities: ['critical'] }],
  ['sev1', { severities: ['critical'] }],
  ['info alerts in staging', { severities: ['info'], clusters: ['staging'] }],
  ['warn', { severities: ['warning'] }],
  // environments
  ['production alerts', { environments: ['production'] }],
  ['prod', { environments: ['production'] }],
  [
    'failed remediations in prod',
    { phases: ['Failed'], environments: ['production'] },
  ],
  ['dev cluster problems', { environments: ['development'] }],
  ['productoin', { environments: ['production'] }],
  ['test environment', { environments: ['test'] }],
  // clusters
  ['prod-us-east', { clusters: ['prod-us-east'] }],
  [
    'prod-us-east and prod-eu-west',
    { clusters: ['prod-us-east', 'prod-eu-west'] },
  ],
  ['everything on staging', { clusters: ['staging'] }],
  // namespaces and targets
  ['alerts in demo-checkout', { namespaces: ['demo-checkout'] }],
  ['namespace demo-payments', { namespaces: ['demo-payments'] }],
  ['checkout-service', { targets: ['checkout-service'] }],
  ['what is going on with checkout-service', { targets: ['checkout-service'] }],
  [
    "what's happening with payments lately?",
    { text: ['payments'] },
    ['payments'],
  ],
  [
    'payment-gateway in prod-eu-west',
    { targets: ['payment-gateway'], clusters: ['prod-eu-west'] },
  ],
  ['payment-db remediations', { targets: ['payment-db'] }],
  ['checkout-servise', { targets: ['checkout-service'] }],
  // phases
  ['failed', { phases: ['Failed'] }],
  [
    'failures yesterday',
    {
      phases: ['Failed'],
      since: at('2026-11-20T00:00:00Z'),
      until: at('2026-11-21T00:00:00Z'),
    },
  ],
  ['blocked remediations', { phases: ['Blocked'] }],
  ['investigating', { phases: ['Analyzing'] }],
  ['analysing', { phases: ['Analyzing'] }],
  ['executing or verifying', { phases: ['Executing', 'Verifying'] }],
  ['running workflows', { phases: ['Executing'] }, ['workflows']],
  [
    'resolved today',
    { phases: ['Completed'], since: at('2026-11-21T00:00:00Z') },
  ],
  ['completed', { phases: ['Completed'] }],
  ['cancelled', { phases: ['Cancelled'] }],
  ['canceled', { phases: ['Cancelled'] }],
  ['timed out', { phases: ['TimedOut'] }],
  ['pending', { phases: ['Pending'] }],
  ['active investigations', { active: true }],
  ['open issues in prod', { active: true, environments: ['production'] }],
  ['in progress', { active: true }],
  // approvals
  ['awaiting approval', { awaitingApproval: true }],
  [
    'pending approval in staging',
    { awaitingApproval: true, clusters: ['staging'] },
  ],
  ['needs approval', { awaitingApproval: true }],
  ['approvals', { awaitingApproval: true }],
  [
    'what needs approval in prod',
    { awaitingApproval: true, environments: ['production'] },
  ],
  // outcomes
  ['remediated', { outcomes: ['Remediated'] }],
  [
    'successful remediations last 24h',
    { outcomes: ['Remediated'], since: hoursAgo(24) },
  ],
  ['inconclusive', { outcomes: ['Inconclusive'] }],
  ['manual review', { outcomes: ['ManualReviewRequired'] }],
  ['dry run', { outcomes: ['DryRun'] }],
  ['dry-run results', { outcomes: ['DryRun'] }, ['results']],
  ['no action', { outcomes: ['NoActionRequired'] }],
  // workflows and action types
  ['rollback-config-v1', { workflows: ['rollback-config-v1'] }],
  [
    'scale-statefulset-v1 in prod-eu-west',
    { workflows: ['scale-statefulset-v1'], clusters: ['prod-eu-west'] },
  ],
  ['RollbackDeployment', { actionTypes: ['RollbackDeployment'] }],
  [
    'rollbackdeployment failures',
    { actionTypes: ['RollbackDeployment'], phases: ['Failed'] },
  ],
  // time windows
  ['last 2h', { since: hoursAgo(2) }],
  ['last 2 hours', { since: hoursAgo(2) }],
  ['in the last 30 minutes', { since: hoursAgo(0.5) }],
  ['past 3 days', { since: hoursAgo(72) }],
  ['within the last hour', { since: hoursAgo(1) }],
  ['last hour', { since: hoursAgo(1) }],
  ['last week', { since: hoursAgo(168) }],
  ['since 8am', { since: at('2026-11-21T08:00:00Z') }],
  ['since 8 am', { since: at('2026-11-21T08:00:00Z') }],
  ['since 08:30', { since: at('2026-11-21T08:30:00Z') }],
  ['since 2pm', { since: at('2026-11-20T14:00:00Z') }],
  ['since midnight', { since: at('2026-11-21T00:00:00Z') }],
  ['since noon', { since: at('2026-11-21T12:00:00Z') }],
  ['since yesterday', { since: at('2026-11-20T00:00:00Z') }],
  ['since monday', { since: at('2026-11-16T00:00:00Z') }],
  ['since 2026-11-19', { since: at('2026-11-19T00:00:00Z') }],
  [
    'yesterday',
    { since: at('2026-11-20T00:00:00Z'), until: at('2026-11-21T00:00:00Z') },
  ],
  ['today', { since: at('2026-11-21T00:00:00Z') }],
  [
    'this morning',
    { since: at('2026-11-21T00:00:00Z'), until: at('2026-11-21T12:00:00Z') },
  ],
  ['this week', { since: at('2026-11-16T00:00:00Z') }],
  [
    'last night',
    { since: at('2026-11-20T18:00:00Z'), until: at('2026-11-21T08:00:00Z') },
  ],
  // free text and what was not understood
  ['"connection pool"', { text: ['connection pool'] }],
  ['oomkilled', { text: ['oomkilled'] }, ['oomkilled']],
  [
    'critical banana in prod',
    {
      severities: ['critical'],
      text: ['banana'],
      environments: ['production'],
    },
    ['banana'],
  ],
  ['', {}],
  ['   ', {}],
  ['show me all of them', {}],
];

describe('parseQuery', () => {
  it(`covers at least 60 phrasings (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  const rows = cases.map(
    ([text, expected, unrecognized]) =>
      [text, expected, unrecognized ?? []] as const,
  );

  it.each(rows)('understands %j', (text, expected, unrecognized) => {
    const parsed = parseQuery(text, { now, vocabulary });
    const text_ = [
      ...(expected.text ?? []),
      ...unrecognized.filter(u => !(expected.text ?? []).includes(u)),
    ];
    expect(parsed.filter).toEqual(
      text_.length ? { ...expected, text: text_ } : expected,
    );
    const quoted = (expected.text ?? []).filter(t => text.includes(`"${t}"`));
    expect(parsed.unrecognized).toEqual(text_.filter(t => !quoted.includes(t)));
  });

  it('gives every filter value a chip, and one chip for the time window', () => {
    const parsed = parseQuery(
      'critical alerts in prod-eu-west since 8am waiting for approval',
      { now, vocabulary },
    );
    expect(parsed.chips.map(c => c.label)).toEqual([
      'critical',
      'prod-eu-west',
      'since 8am',
      'waiting for approval',
    ]);
  });

  it('applies the browser time zone to clock times', () => {
    const parsed = parseQuery('since 8am', {
      now,
      vocabulary,
      timeZoneOffsetMinutes: 60,
    });
    expect(parsed.filter.since).toBe(at('2026-11-21T07:00:00Z'));
  });

  it('keeps only the first 500 characters', () => {
    const parsed = parseQuery(`critical ${'x'.repeat(600)} prod`, {
      now,
      vocabulary,
    });
    expect(parsed.filter.environments).toBeUndefined();
  });

  it('works without a vocabulary', () => {
    expect(parseQuery('critical prod-eu-west', { now }).filter).toEqual({
      severities: ['critical'],
      text: ['prod-eu-west'],
    });
  });
});

describe('removing a chip', () => {
  const options = {
    now: new Date('2026-11-24T12:00:00Z'),
    vocabulary: { clusters: ['prod-eu-west', 'staging'] },
  };

  it.each([
    'critical alerts in prod-eu-west since 8am waiting for approval',
    'failed remediations on staging last 2h "disk pressure"',
    'high severity dry run yesterday',
    'non-critical failures except prod-us-east and staging between 2pm and 4pm',
    'rejected approvals on prod eu west older than 2 hours',
    'waiting on me: the checkout-service deployment, not timed out',
    'deployment/checkout-service from yesterday 5pm excluding warnings',
    'failed between 6 and 2 hours ago everywhere except staging',
  ])('re-parsing the other chips of %p keeps every other filter', text => {
    const parsed = parseQuery(text, options);
    expect(parsed.chips.length).toBeGreaterThan(1);
    for (const removed of parsed.chips) {
      const rest = parsed.chips.filter(c => c !== removed);
      const again = parseQuery(rest.map(c => c.source).join(' '), options);
      expect(again.chips.map(c => c.label)).toEqual(rest.map(c => c.label));
    }
  });
});

describe('newer phrasings', () => {
  const options = { now, vocabulary };

  it('labels exclusions, kinds, decisions and "waiting on me"', () => {
    const parsed = parseQuery(
      'non-critical deployments except staging, rejected, waiting on me',
      options,
    );
    expect(parsed.chips.map(c => [c.field, c.label, c.source])).toEqual([
      ['excludedSeverities', 'not critical', 'non-critical'],
      ['kinds', 'Deployment', 'deployments'],
      ['excludedClusters', 'not staging', 'except staging'],
      ['decisions', 'rejected', 'rejected'],
      ['decidableByMe', 'waiting on me', 'waiting on me'],
    ]);
    expect(parsed.filter.awaitingApproval).toBe(true);
  });

  it('gives an upper bound its own chip, next to a lower bound', () => {
    const parsed = parseQuery('since yesterday older than 2 hours', options);
    expect(parsed.filter).toEqual({
      since: at('2026-11-20T00:00:00Z'),
      until: hoursAgo(2),
    });
    expect(parsed.chips.map(c => [c.field, c.label])).toEqual([
      ['since', 'since yesterday'],
      ['until', 'older than 2 hours'],
    ]);
  });

  it('lets a later window replace an earlier one', () => {
    const parsed = parseQuery('yesterday between 9am and 11am', options);
    expect(parsed.filter).toEqual({
      since: at('2026-11-20T09:00:00Z'),
      until: at('2026-11-20T11:00:00Z'),
    });
    expect(parsed.chips).toHaveLength(1);
  });

  it('never turns a negated word into a search for it', () => {
    const parsed = parseQuery('not oomkilled', options);
    expect(parsed.filter).toEqual({});
    expect(parsed.unrecognized).toEqual(['oomkilled']);
  });

  it('drops a negation it cannot express rather than invert it', () => {
    expect(parseQuery('not rejected', options).filter).toEqual({});
    expect(parseQuery('not yesterday', options).filter).toEqual({});
    expect(parseQuery('not active', options).filter).toEqual({});
  });

  it('keeps apostrophes inside words out of quotations', () => {
    expect(
      parseQuery("what's failing that isn't in 'prod-us-east'", options).filter,
    ).toEqual({ phases: ['Failed'], text: ['prod-us-east'] });
  });
});

describe('gaps found by the fifth held-out set', () => {
  const options = { now, vocabulary };
  const minutesAgo = (m: number) =>
    new Date(now.getTime() - m * 60_000).toISOString();

  it.each<[string, QueryFilter]>([
    [
      'critical alerts everywhere except staging',
      { severities: ['critical'], excludedClusters: ['staging'] },
    ],
    ['failed anywhere', { phases: ['Failed'] }],
    ['warnings across the fleet', { severities: ['warning'] }],
    ['blocked on all clusters', { phases: ['Blocked'] }],
    ['anything failing in every cluster', { phases: ['Failed'] }],
    ['dry runs fleet-wide', { outcomes: ['DryRun'] }],
  ])('drops words meaning "no restriction": %j', (text, expected) => {
    const parsed = parseQuery(text, options);
    expect(parsed.filter).toEqual(expected);
    expect(parsed.unrecognized).toEqual([]);
  });

  it('still reads a filler word that is a name', () => {
    expect(
      parseQuery('fleet', { now, vocabulary: { clusters: ['fleet'] } }).filter,
    ).toEqual({ clusters: ['fleet'] });
  });

  it.each<[string, string, string]>([
    ['between 6 and 2 hours ago', hoursAgo(6), hoursAgo(2)],
    ['between 2 and 6 hours ago', hoursAgo(6), hoursAgo(2)],
    ['between 6 hours ago and 2 hours ago', hoursAgo(6), hoursAgo(2)],
    ['between 2 hours ago and 6 hours ago', hoursAgo(6), hoursAgo(2)],
    ['between 6h and 2h ago', hoursAgo(6), hoursAgo(2)],
    ['between six and two hours ago', hoursAgo(6), hoursAgo(2)],
    ['from 3 to 1 days ago', hoursAgo(72), hoursAgo(24)],
    ['2 to 6 hours ago', hoursAgo(6), hoursAgo(2)],
    ['2-6 hours ago', hoursAgo(6), hoursAgo(2)],
    ['between 1 and 3 days old', hoursAgo(72), hoursAgo(24)],
    ['between 90 minutes ago and now', minutesAgo(90), now.toISOString()],
    ['between 90 and 30 minutes ago', minutesAgo(90), minutesAgo(30)],
  ])('reads the age range %j as one window', (text, since, until) => {
    const parsed = parseQuery(text, options);
    expect(parsed.filter).toEqual({ since, until });
    expect(parsed.chips.map(c => c.label)).toEqual([text]);
  });

  it('reads an age range among other words', () => {
    expect(
      parseQuery('failed between 6 and 2 hours ago in prod', options).filter,
    ).toEqual({
      phases: ['Failed'],
      environments: ['production'],
      since: hoursAgo(6),
      until: hoursAgo(2),
    });
  });

  it('keeps clock ranges and single ages as they were', () => {
    expect(parseQuery('between 8 and 10am', options).filter).toEqual({
      since: at('2026-11-21T08:00:00Z'),
      until: at('2026-11-21T10:00:00Z'),
    });
    expect(parseQuery('since 6 hours ago', options).filter).toEqual({
      since: hoursAgo(6),
    });
    expect(parseQuery('between 2 and 2 hours ago', options).filter.since).toBe(
      undefined,
    );
  });

  it.each<[string, string]>([
    ['p0', 'critical'],
    ['sev0', 'critical'],
    ['sev1', 'critical'],
    ['p1', 'high'],
    ['sev2', 'high'],
    ['p2', 'warning'],
    ['sev3', 'warning'],
    ['p3', 'info'],
    ['p4', 'info'],
    ['sev4', 'info'],
  ])('ranks the priority %j as the backend normalises it', (word, severity) => {
    expect(parseQuery(`${word} alerts`, options).filter).toEqual({
      severities: [severity],
    });
  });

  it.each<[string, QueryFilter]>([
    [
      'certificate expiry on prod-eu-west',
      { text: ['certificate', 'expiry'], clusters: ['prod-eu-west'] },
    ],
    ['expiring certificates', { text: ['expiring', 'certificates'] }],
    ['token expires', { text: ['token', 'expires'] }],
    ['expired approvals', { decisions: ['Expired'] }],
    ['approvals that lapsed', { decisions: ['Expired'] }],
    [
      'approval timed out in staging',
      { decisions: ['Expired'], clusters: ['staging'] },
    ],
  ])('reads only a lapsed approval as expired: %j', (text, expected) => {
    expect(parseQuery(text, options).filter).toEqual(expected);
  });
});
