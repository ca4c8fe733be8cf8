/** "p50 …, p95 …, p99 … (n=…)" of latency samples in milliseconds. */
export function stats(samples: number[]): string {
  if (samples.length === 0) return 'no samples';
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[
      Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
    ];
  return `p50 ${at(50).toFixed(1)} ms, p95 ${at(95).toFixed(1)} ms, p99 ${at(
    99,
  ).toFixed(1)} ms (n=${samples.length})`;
}
