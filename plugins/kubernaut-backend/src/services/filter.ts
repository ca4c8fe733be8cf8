import {
  matchesTarget,
  TERMINAL_PHASES,
  type TargetPattern,
  type QueryFilter,
  type RemediationPhase,
  type RemediationSummary,
  type Severity,
} from '@kubernaut/plugin-kubernaut-common';

/** Explicit list parameters, combined with the parsed `q=` filter (both must hold). */
export interface ListParams {
  clusters?: string[];
  phases?: RemediationPhase[];
  severities?: Severity[];
  namespaces?: string[];
  /** Remediations whose target (or the RCA's target) matches one of these. */
  targets?: TargetPattern[];
}

type Check = (row: RemediationSummary) => boolean;

function member(
  values: readonly string[] | undefined,
  read: (row: RemediationSummary) => string | undefined,
): Check | undefined {
  if (!values || values.length === 0) return undefined;
  // Filters name one or two values; a direct comparison beats hashing each row's string.
  if (values.length === 1) {
    const only = values[0];
    return row => read(row) === only;
  }
  const set = new Set(values);
  return row => {
    const value = read(row);
    return value !== undefined && set.has(value);
  };
}

/**
 * Compiles a filter into a row predicate; every present field must match. Only the fields that
 * are present become checks, so the common one- or two-field filter stays cheap over 60k rows.
 */
export function compileFilter(
  filter: QueryFilter,
  params: ListParams = {},
): (row: RemediationSummary) => boolean {
  const checks: Check[] = [];
  const add = (check: Check | undefined) => check && checks.push(check);
  add(member(filter.clusters, r => r.cluster));
  add(member(params.clusters, r => r.cluster));
  add(member(filter.environments, r => r.environment));
  add(member(filter.namespaces, r => r.target.namespace));
  add(member(params.namespaces, r => r.target.namespace));
  add(member(filter.severities, r => r.severity));
  add(member(params.severities, r => r.severity));
  add(member(filter.phases, r => r.phase));
  add(member(params.phases, r => r.phase));
  add(member(filter.outcomes, r => r.outcome));
  add(member(filter.workflows, r => r.workflow));
  if (filter.targets?.length) {
    const targets = new Set(filter.targets);
    checks.push(
      r =>
        targets.has(r.target.name) ||
        (r.rcaTarget !== undefined && targets.has(r.rcaTarget.name)),
    );
  }
  const patterns = params.targets;
  if (patterns?.length)
    checks.push(r =>
      patterns.some(
        p => matchesTarget(p, r.target) || matchesTarget(p, r.rcaTarget),
      ),
    );
  if (filter.awaitingApproval) checks.push(r => r.approval !== undefined);
  if (filter.active) checks.push(r => !TERMINAL_PHASES.includes(r.phase));
  if (filter.since) {
    const since = filter.since;
    checks.push(r => r.createdAt >= since);
  }
  if (filter.until) {
    const until = filter.until;
    checks.push(r => r.createdAt < until);
  }
  const text = (filter.text ?? []).map(t => t.toLowerCase());
  if (text.length) {
    checks.push(row => {
      const haystack = `${row.name} ${row.signalName} ${row.target.kind}/${
        row.target.name
      } ${row.target.namespace ?? ''} ${row.rcaTarget?.name ?? ''} ${
        row.workflow ?? ''
      } ${row.failureReason ?? ''}`.toLowerCase();
      return text.every(t => haystack.includes(t));
    });
  }
  if (checks.length === 0) return () => true;
  if (checks.length === 1) return checks[0];
  return row => {
    for (const check of checks) if (!check(row)) return false;
    return true;
  };
}
