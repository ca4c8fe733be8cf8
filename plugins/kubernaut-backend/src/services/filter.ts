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
  /**
   * Whether the caller may decide a row's approval request (from the permission decision, made
   * once per request); `key` names the decision, so results derived from it can be cached. The
   * filter's `decidableByMe` needs it: without one, no row is taken to be decidable.
   */
  decidable?: ((row: RemediationSummary) => boolean) & { key: string };
}

/** A cache key for a filter and its parameters: the `decidable` predicate counts by its key. */
export function filterKey(filter: QueryFilter, params: ListParams): string {
  const { decidable, ...rest } = params;
  return JSON.stringify([
    filter,
    rest,
    filter.decidableByMe ? decidable?.key ?? 'none' : undefined,
  ]);
}

/**
 * The clusters a filter can match rows in: those it names (if any), less those it excludes. A
 * cluster left out contributes no rows, so its rows need not be looked at.
 */
export function inScope<T extends { name: string }>(
  connections: T[],
  filter: QueryFilter,
): T[] {
  const only = filter.clusters?.length ? new Set(filter.clusters) : undefined;
  const excluded = new Set(filter.excludedClusters ?? []);
  if (!only && excluded.size === 0) return connections;
  return connections.filter(
    c => (!only || only.has(c.name)) && !excluded.has(c.name),
  );
}

/**
 * Lists of target names a filter requires: each row it keeps carries a name from every list (as
 * its target's or its RCA target's name). Both `params.targets` (patterns, see `matchesTarget`)
 * and the query's `targets` compare names exactly, so a target index can answer either list.
 */
export function requiredTargetNames(
  filter: QueryFilter,
  params: ListParams,
): string[][] {
  return [params.targets?.map(p => p.name), filter.targets].filter(
    (names): names is string[] => names !== undefined && names.length > 0,
  );
}

/**
 * The rows a filter can keep in one cluster, newest first: from the target index when the filter
 * requires target names (the smallest of its lists), else every row. The filter still judges each.
 */
export function candidateRows<T>(
  connection: {
    remediationRows(): readonly T[];
    remediationRowsByTargetName(names: readonly string[]): readonly T[];
  },
  targetNames: readonly string[][],
): readonly T[] {
  let smallest: readonly T[] | undefined;
  for (const names of targetNames) {
    const rows = connection.remediationRowsByTargetName(names);
    if (!smallest || rows.length < smallest.length) smallest = rows;
  }
  return smallest ?? connection.remediationRows();
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

/** Drops rows whose value is in the list; rows without a value pass. */
function nonMember(
  values: readonly string[] | undefined,
  read: (row: RemediationSummary) => string | undefined,
): Check | undefined {
  if (!values || values.length === 0) return undefined;
  if (values.length === 1) {
    const only = values[0];
    return row => read(row) !== only;
  }
  const set = new Set(values);
  return row => {
    const value = read(row);
    return value === undefined || !set.has(value);
  };
}

/**
 * Compiles a filter into a row predicate; every present field must match. Only the fields that
 * are present become checks, so the common one- or two-field filter stays cheap over 60k rows.
 */
/** The predicate of a filter that asks nothing: every row is kept, so counts are lengths. */
export const keepAll = (_row: RemediationSummary): boolean => true;

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
  add(member(filter.decisions, r => r.approvalDecision));
  add(nonMember(filter.excludedClusters, r => r.cluster));
  add(nonMember(filter.excludedEnvironments, r => r.environment));
  add(nonMember(filter.excludedNamespaces, r => r.target.namespace));
  add(nonMember(filter.excludedKinds, r => r.target.kind));
  add(nonMember(filter.excludedSeverities, r => r.severity));
  add(nonMember(filter.excludedPhases, r => r.phase));
  add(nonMember(filter.excludedOutcomes, r => r.outcome));
  add(nonMember(filter.excludedWorkflows, r => r.workflow));
  if (filter.targets?.length) {
    const targets = new Set(filter.targets);
    checks.push(
      r =>
        targets.has(r.target.name) ||
        (r.rcaTarget !== undefined && targets.has(r.rcaTarget.name)),
    );
  }
  if (filter.excludedTargets?.length) {
    const excluded = new Set(filter.excludedTargets);
    checks.push(
      r =>
        !excluded.has(r.target.name) &&
        (r.rcaTarget === undefined || !excluded.has(r.rcaTarget.name)),
    );
  }
  if (filter.kinds?.length) {
    const kinds = new Set(filter.kinds);
    checks.push(
      r =>
        kinds.has(r.target.kind) ||
        (r.rcaTarget !== undefined && kinds.has(r.rcaTarget.kind)),
    );
  }
  const patterns = params.targets;
  if (patterns?.length)
    checks.push(r =>
      patterns.some(
        p => matchesTarget(p, r.target) || matchesTarget(p, r.rcaTarget),
      ),
    );
  if (filter.awaitingApproval || filter.decidableByMe)
    checks.push(r => r.approval !== undefined);
  if (filter.decidableByMe) {
    const decidable = params.decidable;
    checks.push(decidable ?? (() => false));
  }
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
  if (checks.length === 0) return keepAll;
  if (checks.length === 1) return checks[0];
  return row => {
    for (const check of checks) if (!check(row)) return false;
    return true;
  };
}
