import { distribution, type Distribution } from '../peer/report';

/** What the backend process reports of its memory (process.memoryUsage() after two GCs). */
export interface MemoryUsage {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

/** One scale's measurements. */
export interface ScaleResult {
  /** RemediationRequests the sandbox filled per cluster (--scale). */
  perCluster: number;
  clusters: number;
  /** RemediationRequests the backend cached, from /clusters (fill plus scenario history). */
  cached: number;
  /** Objects cached per kind, as /clusters counts them (summed over the clusters). */
  counts?: Record<string, number>;
  /** Objects of each cached kind the sandbox holds (what the caches list), summed over the clusters. */
  sandboxObjects?: Record<string, number>;
  /** Whether the filled remediations had their children (`--scale-children`). */
  children?: boolean;
  /** From spawning the sandbox to its being ready (the fill included). */
  sandboxStartMs?: number;
  backendStartMs: number;
  firstSyncMs: number;
  synced: MemoryUsage;
  end: MemoryUsage;
  sandboxRss: number;
  routes: Array<{ label: string; samples: number[] }>;
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
const ms = (value: number) =>
  value >= 100 ? value.toFixed(0) : value.toFixed(1);

/**
 * Bytes one more cached remediation costs: the difference in heap (and RSS) after GC between a
 * scale and the baseline (the same clusters, no fill), over the difference in remediations.
 */
export function perRemediation(
  result: ScaleResult,
  baseline: ScaleResult,
): { heap: number; rss: number } | undefined {
  const added = result.cached - baseline.cached;
  if (added <= 0) return undefined;
  return {
    heap: (result.synced.heapUsed - baseline.synced.heapUsed) / added,
    rss: (result.synced.rss - baseline.synced.rss) / added,
  };
}

export const describeDistribution = (d: Distribution) =>
  `${ms(d.min)} / ${ms(d.p50)} / ${ms(d.p95)} / ${ms(d.max)}`;

/** The per-scale lines printed as each scale finishes. */
export function scaleLines(result: ScaleResult, baseline?: ScaleResult) {
  const cost = baseline && perRemediation(result, baseline);
  return [
    `${result.clusters} clusters x ${result.perCluster} filled${
      result.children ? ' with their children' : ''
    }: ${result.cached} RemediationRequests cached${
      result.counts
        ? ` (${Object.entries(result.counts)
            .map(([kind, n]) => `${kind} ${n}`)
            .join(', ')})`
        : ''
    }`,
    ...(result.sandboxObjects
      ? [
          `  the sandbox holds: ${Object.entries(result.sandboxObjects)
            .map(([kind, n]) => `${kind} ${n}`)
            .join(', ')}`,
        ]
      : []),
    ...(result.sandboxStartMs === undefined
      ? []
      : [
          `  sandbox ready (fill included) in ${(
            result.sandboxStartMs / 1000
          ).toFixed(1)} s`,
        ]),
    `  backend started in ${(result.backendStartMs / 1000).toFixed(
      1,
    )} s; first sync of every cache ${(result.firstSyncMs / 1000).toFixed(
      1,
    )} s after the start began`,
    `  backend after sync and GC: RSS ${mb(
      result.synced.rss,
    )} MB, heap used ${mb(result.synced.heapUsed)} MB (external ${mb(
      result.synced.external,
    )} MB); at the end RSS ${mb(result.end.rss)} MB, heap ${mb(
      result.end.heapUsed,
    )} MB; sandbox RSS ${mb(result.sandboxRss)} MB`,
    cost
      ? `  per cached remediation over the baseline: ${cost.heap.toFixed(
          0,
        )} bytes of heap, ${cost.rss.toFixed(0)} bytes of RSS`
      : '  (baseline: per-remediation cost is measured against this run)',
    ...result.routes.map(
      ({ label, samples }) =>
        `  ${label.padEnd(28)} min / p50 / p95 / max ${describeDistribution(
          distribution(samples),
        )} ms (n=${samples.length})`,
    ),
  ];
}

/** The markdown table of every scale, for docs/performance.md. */
export function growthTable(results: ScaleResult[]): string {
  const baseline = results.find(r => r.perCluster === 0);
  // A route a scale could not ask (no settled remediation at the baseline) is shown as '-'.
  const labels = [
    ...new Set(results.flatMap(r => r.routes.map(route => route.label))),
  ];
  const header = [
    'cached RRs',
    'first sync (s)',
    'RSS / heap (MB)',
    'bytes per RR (heap / RSS)',
    ...labels.map(l => `${l} p95`),
    'worst p95 of ours (route)',
  ];
  const rows = results.map(result => {
    const cost = baseline && perRemediation(result, baseline);
    const p95s = labels.map(label => {
      const route = result.routes.find(r => r.label === label);
      return route ? distribution(route.samples).p95 : undefined;
    });
    // The slowest of our routes; a control route (no work of ours) is left out.
    const ours = p95s.map((p95, i) =>
      labels[i].startsWith('control') ? -1 : p95 ?? -1,
    );
    const worst = ours.indexOf(Math.max(...ours));
    return [
      result.cached.toLocaleString('en-US'),
      (result.firstSyncMs / 1000).toFixed(1),
      `${mb(result.synced.rss)} / ${mb(result.synced.heapUsed)}`,
      cost ? `${cost.heap.toFixed(0)} / ${cost.rss.toFixed(0)}` : 'baseline',
      ...p95s.map(p95 => (p95 === undefined ? '-' : ms(p95))),
      `${ms(ours[worst])} (${labels[worst]})`,
    ];
  });
  return [header, header.map(() => '---'), ...rows]
    .map(cells => `| ${cells.join(' | ')} |`)
    .join('\n');
}
