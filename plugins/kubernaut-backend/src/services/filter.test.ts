import type {
  QueryFilter,
  RemediationSummary,
} from '@kubernaut/plugin-kubernaut-common';
import { compileFilter, filterKey, inScope, type ListParams } from './filter';

function row(
  name: string,
  fields: Partial<RemediationSummary> = {},
): RemediationSummary {
  return {
    cluster: 'prod-us-east',
    name,
    namespace: 'kubernaut-system',
    phase: 'Completed',
    outcome: 'Remediated',
    severity: 'critical',
    environment: 'production',
    signalName: 'KubePodCrashLooping',
    target: { kind: 'Deployment', name: 'checkout', namespace: 'shop' },
    workflow: 'rollback-config-v1',
    createdAt: '2026-12-01T10:00:00.000Z',
    ...fields,
  };
}

/** Every row differs from `base` in one field, so each filter keeps or drops rows by that field alone. */
const rows: RemediationSummary[] = [
  row('base'),
  row('staging', { cluster: 'staging', environment: 'staging' }),
  row('no-environment', { environment: undefined }),
  row('other-namespace', {
    target: { kind: 'Deployment', name: 'checkout', namespace: 'payments' },
  }),
  row('no-namespace', { target: { kind: 'Node', name: 'node-1' } }),
  row('other-target', {
    target: { kind: 'Deployment', name: 'cart', namespace: 'shop' },
  }),
  row('rca-elsewhere', {
    target: { kind: 'Pod', name: 'cart-7f9c', namespace: 'shop' },
    rcaTarget: { kind: 'StatefulSet', name: 'redis', namespace: 'shop' },
  }),
  row('warning', { severity: 'warning' }),
  row('failed', { phase: 'Failed', outcome: undefined }),
  row('inconclusive', { outcome: 'Inconclusive' }),
  row('no-workflow', { workflow: undefined }),
  row('other-workflow', { workflow: 'restart-pods-v1' }),
  row('rejected', { phase: 'Failed', approvalDecision: 'Rejected' }),
  row('expired', { phase: 'TimedOut', approvalDecision: 'Expired' }),
  row('approved', { approvalDecision: 'Approved' }),
  row('pending-a', {
    phase: 'AwaitingApproval',
    outcome: undefined,
    approval: { name: 'rar-pending-a' },
  }),
  row('pending-b', {
    cluster: 'staging',
    environment: 'staging',
    phase: 'AwaitingApproval',
    outcome: undefined,
    approval: { name: 'rar-pending-b' },
  }),
  row('yesterday', { createdAt: '2026-11-30T10:00:00.000Z' }),
  row('tomorrow', { createdAt: '2026-12-02T10:00:00.000Z' }),
];
const all = rows.map(r => r.name);
const without = (...names: string[]) => all.filter(n => !names.includes(n));

const decidableIn = (cluster: string) =>
  Object.assign((r: RemediationSummary) => r.cluster === cluster, {
    key: cluster,
  });

describe('compileFilter', () => {
  const cases: Array<[string, QueryFilter, ListParams, string[]]> = [
    [
      'excludedClusters',
      { excludedClusters: ['staging'] },
      {},
      without('staging', 'pending-b'),
    ],
    [
      'excludedEnvironments (rows without one pass)',
      { excludedEnvironments: ['staging'] },
      {},
      without('staging', 'pending-b'),
    ],
    [
      'excludedEnvironments, two of them',
      { excludedEnvironments: ['staging', 'production'] },
      {},
      ['no-environment'],
    ],
    [
      'excludedNamespaces (rows without one pass)',
      { excludedNamespaces: ['shop'] },
      {},
      ['other-namespace', 'no-namespace'],
    ],
    [
      'excludedTargets, by target or RCA target',
      { excludedTargets: ['checkout', 'redis'] },
      {},
      ['no-namespace', 'other-target'],
    ],
    [
      'excludedKinds, by the target kind',
      { excludedKinds: ['Deployment'] },
      {},
      ['no-namespace', 'rca-elsewhere'],
    ],
    [
      'excludedSeverities',
      { excludedSeverities: ['critical'] },
      {},
      ['warning'],
    ],
    [
      'excludedPhases',
      { excludedPhases: ['Completed', 'AwaitingApproval'] },
      {},
      ['failed', 'rejected', 'expired'],
    ],
    [
      'excludedOutcomes (rows without one pass)',
      { excludedOutcomes: ['Remediated'] },
      {},
      ['failed', 'inconclusive', 'pending-a', 'pending-b'],
    ],
    [
      'excludedWorkflows (rows without one pass)',
      { excludedWorkflows: ['rollback-config-v1'] },
      {},
      ['no-workflow', 'other-workflow'],
    ],
    [
      'kinds, by target or RCA target',
      { kinds: ['StatefulSet', 'Node'] },
      {},
      ['no-namespace', 'rca-elsewhere'],
    ],
    [
      'decisions',
      { decisions: ['Rejected', 'Expired'] },
      {},
      ['rejected', 'expired'],
    ],
    ['decisions, one', { decisions: ['Approved'] }, {}, ['approved']],
    [
      'decidableByMe narrows pending approvals to the decidable ones',
      { awaitingApproval: true, decidableByMe: true },
      { decidable: decidableIn('staging') },
      ['pending-b'],
    ],
    [
      'decidableByMe without awaitingApproval still means pending approvals',
      { decidableByMe: true },
      { decidable: decidableIn('prod-us-east') },
      ['pending-a'],
    ],
    [
      'decidableByMe without a decision to go by: nothing',
      { awaitingApproval: true, decidableByMe: true },
      {},
      [],
    ],
    [
      'awaitingApproval ignores the decidable predicate',
      { awaitingApproval: true },
      { decidable: decidableIn('staging') },
      ['pending-a', 'pending-b'],
    ],
    [
      'since and until together',
      {
        since: '2026-12-01T00:00:00.000Z',
        until: '2026-12-02T00:00:00.000Z',
      },
      {},
      without('yesterday', 'tomorrow'),
    ],
    ['until alone', { until: '2026-12-01T00:00:00.000Z' }, {}, ['yesterday']],
    ['since alone', { since: '2026-12-02T00:00:00.000Z' }, {}, ['tomorrow']],
    [
      '"critical except staging": inclusions and exclusions together',
      { severities: ['critical'], excludedEnvironments: ['staging'] },
      {},
      without('staging', 'pending-b', 'warning'),
    ],
    [
      'exclusion and inclusion of the same field',
      {
        environments: ['production', 'staging'],
        excludedClusters: ['prod-us-east'],
      },
      {},
      ['staging', 'pending-b'],
    ],
  ];

  it.each(cases)('%s', (_name, filter, params, expected) => {
    const keep = compileFilter(filter, params);
    expect(rows.filter(keep).map(r => r.name)).toEqual(expected);
  });

  it('keeps every row for an empty filter', () => {
    expect(rows.filter(compileFilter({})).length).toBe(rows.length);
  });
});

describe('filterKey', () => {
  it('tells decidable predicates apart by their key, only when the filter uses them', () => {
    const filter: QueryFilter = { awaitingApproval: true, decidableByMe: true };
    expect(filterKey(filter, { decidable: decidableIn('a') })).not.toBe(
      filterKey(filter, { decidable: decidableIn('b') }),
    );
    expect(filterKey(filter, { decidable: decidableIn('a') })).toBe(
      filterKey(filter, { decidable: decidableIn('a') }),
    );
    expect(
      filterKey({ awaitingApproval: true }, { decidable: decidableIn('a') }),
    ).toBe(filterKey({ awaitingApproval: true }, {}));
  });
});

describe('inScope', () => {
  const clusters = [{ name: 'a' }, { name: 'b' }, { name: 'c' }];
  it('keeps the clusters a filter names, less those it excludes', () => {
    const names = (filter: QueryFilter) =>
      inScope(clusters, filter).map(c => c.name);
    expect(names({})).toEqual(['a', 'b', 'c']);
    expect(names({ excludedClusters: ['b'] })).toEqual(['a', 'c']);
    expect(names({ clusters: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(names({ clusters: ['a', 'b'], excludedClusters: ['a'] })).toEqual([
      'b',
    ]);
  });
});
