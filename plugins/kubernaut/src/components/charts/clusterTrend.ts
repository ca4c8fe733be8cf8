import type { FleetSummary } from '@kubernaut/plugin-kubernaut-common';
import { CATEGORY_COUNT } from './chartTheme';

/** Which endings a per-cluster breakdown counts. */
export type EndingKind = 'resolved' | 'failed';

/** One stacked series: its data key in the chart rows and the cluster(s) it stands for. */
export interface ClusterSeries {
  key: string;
  label: string;
  total: number;
}

/**
 * One colour per stack: past this many clusters, the smallest share one "other clusters" stack
 * (grey), so the named ones keep distinct colours.
 */
export const MAX_CLUSTER_SERIES = CATEGORY_COUNT;

const OTHER_KEY = 'other';

/**
 * The per-cluster trend as chart rows, one per slice (`at` plus one count per series), with the
 * clusters that have most endings of `kind` first; clusters past `maxSeries` add up into
 * "other clusters". Clusters without a trend (not broken down, or unreadable) are left out.
 */
export function clusterTrendRows(
  byCluster: FleetSummary['byCluster'],
  kind: EndingKind,
  slice: (iso: string) => string,
  maxSeries = MAX_CLUSTER_SERIES,
): { series: ClusterSeries[]; rows: Array<Record<string, string | number>> } {
  const withTrend = byCluster
    .filter(c => c.trend && c.trend.length > 0)
    .map(c => ({
      cluster: c.cluster,
      trend: c.trend!,
      total: c.trend!.reduce((n, b) => n + b[kind], 0),
    }))
    .sort((a, b) => b.total - a.total || a.cluster.localeCompare(b.cluster));
  if (withTrend.length === 0) return { series: [], rows: [] };
  const overflow = withTrend.length > maxSeries;
  const shown = overflow ? withTrend.slice(0, maxSeries - 1) : withTrend;
  const rest = overflow ? withTrend.slice(maxSeries - 1) : [];
  // Keys by position: cluster names may hold characters a data key reads as a path.
  const series: ClusterSeries[] = shown.map((c, i) => ({
    key: `c${i}`,
    label: c.cluster,
    total: c.total,
  }));
  if (rest.length)
    series.push({
      key: OTHER_KEY,
      label: `${rest.length} other clusters`,
      total: rest.reduce((n, c) => n + c.total, 0),
    });
  const slices = withTrend[0].trend;
  const rows = slices.map((bucket, i) => {
    const row: Record<string, string | number> = { at: slice(bucket.start) };
    shown.forEach((c, index) => {
      row[`c${index}`] = c.trend[i]?.[kind] ?? 0;
    });
    if (rest.length)
      row[OTHER_KEY] = rest.reduce((n, c) => n + (c.trend[i]?.[kind] ?? 0), 0);
    return row;
  });
  return { series, rows };
}

/** True when the server broke the trend down by cluster (older servers send fleet totals only). */
export const hasClusterTrend = (byCluster: FleetSummary['byCluster'] = []) =>
  byCluster.some(c => c.trend && c.trend.length > 0);
