import {
  clusterOutcomesSummary,
  effectivenessSummary,
  outcomesSummary,
  timeToResolveSummary,
} from './chartSummaries';

const slice = (iso: string) => iso.slice(11, 16);

describe('chart summaries', () => {
  const trend = [
    {
      start: '2026-12-02T08:00:00Z',
      resolved: 4,
      failed: 1,
      meanTimeToResolve: 300,
    },
    { start: '2026-12-02T09:00:00Z', resolved: 0, failed: 2 },
    {
      start: '2026-12-02T10:00:00Z',
      resolved: 3,
      failed: 0,
      meanTimeToResolve: 126,
    },
  ];

  it('totals the outcomes over the window', () => {
    expect(outcomesSummary(trend, slice)).toBe(
      'Outcomes from 08:00 to 10:00: 7 resolved, 3 failed.',
    );
    expect(outcomesSummary([], slice)).toBe(
      'Outcomes over time: no data in the window.',
    );
  });

  it('totals each cluster over the window, in the order the stacks are drawn', () => {
    expect(
      clusterOutcomesSummary(
        [
          { key: 'c0', label: 'prod-us-east', total: 5 },
          { key: 'other', label: '2 other clusters', total: 1 },
        ],
        'failed',
        { from: '08:00', to: '10:00' },
      ),
    ).toBe(
      'Failed by cluster from 08:00 to 10:00: prod-us-east 5, 2 other clusters 1.',
    );
    expect(clusterOutcomesSummary([], 'resolved')).toBe(
      'Resolved by cluster: no data in the window.',
    );
  });

  it('gives the latest mean time to resolve and its range, skipping empty slices', () => {
    expect(timeToResolveSummary(trend)).toBe(
      'Mean time to resolve: 2.1 minutes in the latest slice, between 2.1 and 5 minutes over the window.',
    );
    expect(timeToResolveSummary([trend[1]])).toBe(
      'Mean time to resolve: nothing resolved in the window.',
    );
  });

  it('gives the first and last effectiveness, with the lowest and highest', () => {
    expect(
      effectivenessSummary(
        [
          { at: '2026-11-03T00:00:00Z', score: 0.8 },
          { at: '2026-11-20T00:00:00Z', score: 0.64 },
          { at: '2026-12-02T00:00:00Z', score: 0.925 },
        ],
        iso => iso.slice(0, 10),
      ),
    ).toBe(
      'Effectiveness from 80% on 2026-11-03 to 93% on 2026-12-02, lowest 64%, highest 93%.',
    );
    expect(effectivenessSummary([], iso => iso)).toBe(
      'Effectiveness over time: no assessments.',
    );
  });
});
