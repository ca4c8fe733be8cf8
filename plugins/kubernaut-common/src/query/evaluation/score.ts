import { parseQuery, type ParseOptions, type QueryFilter } from '../parseQuery';
import {
  resolveIntakeCluster,
  type IntakeCluster,
  type IntakeResolution,
  type IntakeWorkload,
} from '../resolveIntakeCluster';
import type { ExpectedIntake } from './heldOutPhrasings';

/** Filters are sets of conditions: list order does not matter, list contents do. */
function normalized(filter: QueryFilter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    out[key] = Array.isArray(value) ? [...value].sort() : value;
  }
  return out;
}

export function sameFilter(a: QueryFilter, b: QueryFilter): boolean {
  const x = normalized(a);
  const y = normalized(b);
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const key of keys)
    if (JSON.stringify(x[key]) !== JSON.stringify(y[key])) return false;
  return true;
}

export interface Score {
  passed: number;
  total: number;
  failures: Array<{ text: string; expected: QueryFilter; got: QueryFilter }>;
}

export function scorePhrasings(
  rows: Array<[string, QueryFilter]>,
  options: ParseOptions,
): Score {
  const failures: Score['failures'] = [];
  for (const [text, expected] of rows) {
    const got = parseQuery(text, options).filter;
    if (!sameFilter(got, expected)) failures.push({ text, expected, got });
  }
  return {
    passed: rows.length - failures.length,
    total: rows.length,
    failures,
  };
}

export function describeScore(
  name: string,
  score: { passed: number; total: number },
): string {
  const percent = Math.round((100 * score.passed) / Math.max(1, score.total));
  return `${name}: ${score.passed}/${score.total} (${percent}%)`;
}

export function sameIntake(
  got: IntakeResolution,
  expected: ExpectedIntake,
): boolean {
  if (got.kind !== expected.kind) return false;
  if (got.kind === 'one' && expected.kind === 'one')
    return got.cluster === expected.cluster;
  if (got.kind === 'several' && expected.kind === 'several')
    return (
      JSON.stringify([...got.candidates].sort()) ===
      JSON.stringify([...expected.candidates].sort())
    );
  return true;
}

export interface IntakeScore {
  passed: number;
  total: number;
  failures: Array<{
    text: string;
    expected: ExpectedIntake;
    got: IntakeResolution;
  }>;
}

/** `resolve` defaults to resolveIntakeCluster; pass another to score a baseline. */
export function scoreIntake(
  rows: Array<[string, ExpectedIntake]>,
  clusters: IntakeCluster[],
  workloads: IntakeWorkload[],
  resolve: (
    text: string,
    clusters: IntakeCluster[],
    workloads: IntakeWorkload[],
  ) => IntakeResolution = resolveIntakeCluster,
): IntakeScore {
  const failures: IntakeScore['failures'] = [];
  for (const [text, expected] of rows) {
    const got = resolve(text, clusters, workloads);
    if (!sameIntake(got, expected)) failures.push({ text, expected, got });
  }
  return {
    passed: rows.length - failures.length,
    total: rows.length,
    failures,
  };
}
