import type { FleetSummary } from '@kubernaut/plugin-kubernaut-common';
import { clusterTrendRows, hasClusterTrend } from './clusterTrend';

const slice = (iso: string) => iso.slice(11, 16);
const figures = {
  activeInvestigations: 0,
  awaitingApproval: 0,
  resolved: 0,
  failed: 0,
  criticalAlerts: 0,
};
const cluster = (
  name: string,
  counts?: Array<[resolved: number, failed: number]>,
): FleetSummary['byCluster'][number] => ({
  cluster: name,
  figures,
  trend: counts?.map(([resolved, failed], i) => ({
    start: `2026-12-02T0${8 + i}:00:00Z`,
    resolved,
    failed,
  })),
});

describe('the trend by cluster as chart rows', () => {
  it('gives one row per slice and one series per cluster, most endings first', () => {
    const { series, rows } = clusterTrendRows(
      [
        cluster('prod-eu-west', [
          [1, 0],
          [0, 2],
        ]),
        cluster('prod-us-east', [
          [3, 1],
          [2, 0],
        ]),
      ],
      'resolved',
      slice,
    );
    expect(series).toEqual([
      { key: 'c0', label: 'prod-us-east', total: 5 },
      { key: 'c1', label: 'prod-eu-west', total: 1 },
    ]);
    expect(rows).toEqual([
      { at: '08:00', c0: 3, c1: 1 },
      { at: '09:00', c0: 2, c1: 0 },
    ]);
    expect(
      clusterTrendRows(
        [
          cluster('prod-eu-west', [
            [1, 0],
            [0, 2],
          ]),
          cluster('prod-us-east', [
            [3, 1],
            [2, 0],
          ]),
        ],
        'failed',
        slice,
      ).series.map(s => [s.label, s.total]),
    ).toEqual([
      ['prod-eu-west', 2],
      ['prod-us-east', 1],
    ]);
  });

  it('adds the smallest clusters into one "other" series past the limit', () => {
    const many = ['a', 'b', 'c', 'd'].map((name, i) =>
      cluster(name, [[4 - i, 0]]),
    );
    const { series, rows } = clusterTrendRows(many, 'resolved', slice, 3);
    expect(series.map(s => s.label)).toEqual(['a', 'b', '2 other clusters']);
    expect(rows).toEqual([{ at: '08:00', c0: 4, c1: 3, other: 3 }]);
  });

  it('leaves out clusters without a trend, and says when there is none', () => {
    const byCluster = [cluster('unread'), cluster('staging', [[1, 1]])];
    expect(
      clusterTrendRows(byCluster, 'failed', slice).series.map(s => s.label),
    ).toEqual(['staging']);
    expect(hasClusterTrend(byCluster)).toBe(true);
    expect(hasClusterTrend([cluster('unread')])).toBe(false);
    expect(hasClusterTrend(undefined)).toBe(false);
    expect(clusterTrendRows([cluster('unread')], 'failed', slice)).toEqual({
      series: [],
      rows: [],
    });
  });
});
