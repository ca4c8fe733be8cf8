import { growthTable, perRemediation, type ScaleResult } from './report';

const memory = (rss: number, heapUsed: number) => ({
  rss,
  heapUsed,
  heapTotal: heapUsed,
  external: 0,
  arrayBuffers: 0,
});

const result = (
  perCluster: number,
  cached: number,
  rss: number,
  heap: number,
  p95s: number[],
): ScaleResult => ({
  perCluster,
  clusters: 10,
  cached,
  backendStartMs: 1000,
  firstSyncMs: 2500,
  synced: memory(rss, heap),
  end: memory(rss, heap),
  sandboxRss: 0,
  routes: p95s.map((value, i) => ({
    label: i === 2 ? 'control' : `route ${i}`,
    samples: Array.from({ length: 20 }, (_, n) => value - n / 100),
  })),
});

describe('growth report', () => {
  it('measures a remediation as the heap and RSS added over the baseline, per remediation added', () => {
    const baseline = result(0, 100, 500e6, 150e6, [1]);
    const filled = result(1000, 10_100, 520e6, 157e6, [1]);
    expect(perRemediation(filled, baseline)).toEqual({
      heap: 700,
      rss: 2000,
    });
    expect(perRemediation(baseline, baseline)).toBeUndefined();
  });

  it('tabulates every scale with its slowest route, a control route left out', () => {
    const table = growthTable([
      result(0, 100, 500e6, 150e6, [3, 4, 2]),
      result(1000, 10_100, 520e6, 157e6, [9, 30, 40]),
    ]).split('\n');
    expect(table[0]).toContain('| control p95 |');
    expect(table).toHaveLength(4);
    expect(table[2]).toContain('| 100 | 2.5 | 500 / 150 | baseline |');
    expect(table[3]).toContain('| 10,100 | 2.5 | 520 / 157 | 700 / 2000 |');
    expect(table[3]).toMatch(/30\.0 \(route 1\) \|$/);
  });
});
