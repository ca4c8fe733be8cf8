import type { TrendBucket } from '@kubernaut/plugin-kubernaut-common';
import type { ClusterSeries, EndingKind } from './clusterTrend';

const minutes = (seconds: number) => Math.round(seconds / 6) / 10;

/** What the outcomes chart shows, in a sentence: the accessible name of its image. */
export function outcomesSummary(
  trend: TrendBucket[],
  slice: (iso: string) => string,
): string {
  if (trend.length === 0) return 'Outcomes over time: no data in the window.';
  const resolved = trend.reduce((n, b) => n + b.resolved, 0);
  const failed = trend.reduce((n, b) => n + b.failed, 0);
  return `Outcomes from ${slice(trend[0].start)} to ${slice(
    trend[trend.length - 1].start,
  )}: ${resolved} resolved, ${failed} failed.`;
}

/** What the per-cluster outcomes chart shows: each stack's total over the window, largest first. */
export function clusterOutcomesSummary(
  series: ClusterSeries[],
  kind: EndingKind,
  window?: { from: string; to: string },
): string {
  const title = kind === 'resolved' ? 'Resolved' : 'Failed';
  if (series.length === 0 || !window)
    return `${title} by cluster: no data in the window.`;
  return `${title} by cluster from ${window.from} to ${window.to}: ${series
    .map(s => `${s.label} ${s.total}`)
    .join(', ')}.`;
}

export function timeToResolveSummary(trend: TrendBucket[]): string {
  const timed = trend.filter(b => b.meanTimeToResolve !== undefined);
  if (timed.length === 0)
    return 'Mean time to resolve: nothing resolved in the window.';
  const values = timed.map(b => minutes(b.meanTimeToResolve!));
  return `Mean time to resolve: ${
    values[values.length - 1]
  } minutes in the latest slice, between ${Math.min(...values)} and ${Math.max(
    ...values,
  )} minutes over the window.`;
}

export function effectivenessSummary(
  history: Array<{ at: string; score: number }>,
  day: (iso: string) => string,
): string {
  if (history.length === 0) return 'Effectiveness over time: no assessments.';
  const percent = (score: number) => `${Math.round(score * 100)}%`;
  const first = history[0];
  const last = history[history.length - 1];
  const scores = history.map(h => h.score);
  return `Effectiveness from ${percent(first.score)} on ${day(
    first.at,
  )} to ${percent(last.score)} on ${day(last.at)}, lowest ${percent(
    Math.min(...scores),
  )}, highest ${percent(Math.max(...scores))}.`;
}
