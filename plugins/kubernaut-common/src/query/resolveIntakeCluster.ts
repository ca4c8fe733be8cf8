import { nameWords } from './names';
import {
  canonicalEnvironment,
  isEnvironmentWord,
  MAX_QUERY_LENGTH,
  parseQuery,
  type QueryFilter,
} from './parseQuery';

/**
 * A cluster the intake may send an investigation to.
 *
 * @public
 */
export interface IntakeCluster {
  name: string;
  /** Display title, e.g. "Production EU West"; typed titles name the cluster too. */
  title?: string;
  environment?: string;
}

/**
 * A workload known to run in a cluster (from the fleet's remediations, or an inventory).
 *
 * @public
 */
export interface IntakeWorkload {
  name: string;
  cluster: string;
}

/**
 * Which cluster an intake description is about: one, several candidates, or none.
 *
 * @public
 */
export type IntakeResolution =
  | { kind: 'one'; cluster: string; reason: string }
  | { kind: 'several'; candidates: string[]; reason: string }
  | { kind: 'none'; reason?: string };

/** Words after a cluster's own word that say it is one: "the gpu cluster", "the eu region". */
const CLUSTER_NOUNS = new Set([
  'cluster',
  'clusters',
  'region',
  'env',
  'environment',
]);

interface Prepared {
  names: string[];
  workloadClusters: Map<string, Set<string>>;
  /** One object per fleet, so the query language's name index is built once. */
  vocabulary: { clusters: string[]; targets: string[] };
  /** Words of workload names: a cluster word that is also one is no clue. */
  workloadWords: Set<string>;
}

const prepared = new WeakMap<
  readonly IntakeCluster[],
  WeakMap<readonly IntakeWorkload[], Prepared>
>();

/** What a fleet's clusters and workloads give every description; kept while they are the same. */
function prepare(
  clusters: readonly IntakeCluster[],
  workloads: readonly IntakeWorkload[],
): Prepared {
  let byWorkloads = prepared.get(clusters);
  const cached = byWorkloads?.get(workloads);
  if (cached) return cached;
  const workloadClusters = new Map<string, Set<string>>();
  for (const w of workloads) {
    const set = workloadClusters.get(w.name) ?? new Set<string>();
    set.add(w.cluster);
    workloadClusters.set(w.name, set);
  }
  const targets = [...workloadClusters.keys()];
  const names = clusters.map(c => c.name);
  const result: Prepared = {
    names,
    workloadClusters,
    vocabulary: { clusters: names, targets },
    workloadWords: new Set(targets.flatMap(nameWords)),
  };
  if (!byWorkloads) {
    byWorkloads = new WeakMap();
    prepared.set(clusters, byWorkloads);
  }
  byWorkloads.set(workloads, result);
  return result;
}

/** The intake's description field allows 8000 characters. */
const MAX_DESCRIPTION = 8000;

/** Parses a description longer than a query in query-sized pieces, cut between words. */
function parseLong(
  text: string,
  vocabulary: { clusters: string[]; targets: string[] },
): QueryFilter {
  const merged: Record<string, unknown> = {};
  let rest = text;
  while (rest.trim()) {
    let piece = rest.slice(0, MAX_QUERY_LENGTH);
    if (rest.length > MAX_QUERY_LENGTH) {
      const cut = piece.search(/\s\S*$/);
      if (cut > 0) piece = piece.slice(0, cut);
    }
    rest = rest.slice(piece.length);
    const { filter } = parseQuery(piece, { now: new Date(), vocabulary });
    for (const [key, value] of Object.entries(filter)) {
      if (Array.isArray(value)) {
        const known = (merged[key] as string[] | undefined) ?? [];
        merged[key] = [...known, ...value.filter(v => !known.includes(v))];
      } else merged[key] = value;
    }
  }
  return merged as QueryFilter;
}

function environmentOf(cluster: IntakeCluster): string | undefined {
  if (cluster.environment) return canonicalEnvironment(cluster.environment);
  // No configured environment: a name such as "prod-eu-west" says it.
  const word = nameWords(cluster.name).find(isEnvironmentWord);
  return word ? canonicalEnvironment(word) : undefined;
}

function list(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * Which cluster an operator's description of a symptom is about. A cluster named in it (in any
 * case, with spaces for dashes, or by a word only its name has: "the gpu cluster") wins; else
 * the clusters of a named environment ("in staging") and of named workloads that run in only
 * some clusters narrow the fleet down, less any clusters or environments excluded ("but not in
 * staging"). One cluster left: it is picked. Several: the operator is asked. No clue: none.
 *
 * @public
 */
export function resolveIntakeCluster(
  description: string,
  clusters: IntakeCluster[],
  workloads: IntakeWorkload[] = [],
): IntakeResolution {
  if (clusters.length === 0 || !description.trim()) return { kind: 'none' };
  const { names, workloadClusters, vocabulary, workloadWords } = prepare(
    clusters,
    workloads,
  );
  const filter = parseLong(description.slice(0, MAX_DESCRIPTION), vocabulary);
  // A description is prose, not a query: a word a typo away from a workload or an environment
  // ("trained", "stale") is not a clue. Keep only those written out.
  const squeezed = description.toLowerCase().replace(/[^a-z0-9]/g, '');
  const words = new Set(
    description
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean),
  );
  filter.targets = filter.targets?.filter(t =>
    squeezed.includes(t.toLowerCase().replace(/[^a-z0-9]/g, '')),
  );
  filter.environments = filter.environments?.filter(env =>
    [...words].some(
      w => isEnvironmentWord(w) && canonicalEnvironment(w) === env,
    ),
  );
  const excludedClusters = new Set(filter.excludedClusters ?? []);
  const excludedEnvironments = new Set(filter.excludedEnvironments ?? []);
  const allowed = (name: string) => {
    if (excludedClusters.has(name)) return false;
    const env = environmentOf(clusters.find(c => c.name === name)!);
    return !(env && excludedEnvironments.has(env));
  };

  // 1. Named clusters.
  const named = new Set(filter.clusters ?? []);
  for (const name of namedByTitleOrWord(description, clusters, workloadWords))
    named.add(name);
  const namedAllowed = names.filter(n => named.has(n) && allowed(n));
  if (namedAllowed.length === 1)
    return {
      kind: 'one',
      cluster: namedAllowed[0],
      reason: 'named in your description',
    };
  if (namedAllowed.length > 1)
    return {
      kind: 'several',
      candidates: namedAllowed,
      reason: 'your description names several clusters',
    };

  // 2. Environments and workloads narrow the fleet down.
  let candidates = names.filter(allowed);
  const clues: string[] = [];
  const environments = filter.environments ?? [];
  if (environments.length) {
    candidates = candidates.filter(n => {
      const env = environmentOf(clusters.find(c => c.name === n)!);
      return env !== undefined && environments.includes(env);
    });
    clues.push(list(environments));
  }
  const telling = (filter.targets ?? []).filter(t => {
    const where = workloadClusters.get(t);
    return where && where.size < clusters.length;
  });
  let runs: string | undefined;
  if (telling.length) {
    const where = new Set(telling.flatMap(t => [...workloadClusters.get(t)!]));
    const narrowed = candidates.filter(n => where.has(n));
    // A workload not seen yet in the named environment may still run there: keep the
    // environment's clusters rather than none.
    if (narrowed.length > 0 || !environments.length) {
      candidates = narrowed;
      runs = list(telling);
    }
  }
  const excluded = names.length - names.filter(allowed).length;
  if (!clues.length && !runs && !excluded) return { kind: 'none' };
  if (candidates.length === 0)
    return {
      kind: 'none',
      reason: clues.length
        ? `no ${clues.join(' ')} cluster${runs ? ` runs ${runs}` : ''}`
        : undefined,
    };
  const what = `${clues.length ? `${clues.join(' ')} ` : ''}cluster`;
  if (candidates.length === 1) {
    let reason = 'the only cluster not excluded';
    if (runs) reason = `the only ${what} running ${runs}`;
    else if (clues.length) reason = `the only ${what}`;
    return { kind: 'one', cluster: candidates[0], reason };
  }
  if (candidates.length === names.length) return { kind: 'none' };
  return {
    kind: 'several',
    candidates,
    reason: runs
      ? `${runs} runs on ${candidates.length} ${what}s`
      : `${candidates.length} ${what}s match`,
  };
}

/**
 * Clusters named by their title ("Production EU West") or by one word only their name has,
 * followed by "cluster" or "region": "the gpu cluster" (words too short or too common for the
 * query language to take alone).
 */
function namedByTitleOrWord(
  description: string,
  clusters: IntakeCluster[],
  others: Set<string>,
): string[] {
  const words = description
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const joined = ` ${words.join(' ')} `;
  const found: string[] = [];
  for (const cluster of clusters) {
    const title = cluster.title ? nameWords(cluster.title) : [];
    if (title.length >= 2 && joined.includes(` ${title.join(' ')} `))
      found.push(cluster.name);
  }
  for (let k = 0; k + 1 < words.length; k++) {
    if (!CLUSTER_NOUNS.has(words[k + 1])) continue;
    const word = words[k];
    if (word.length < 2 || /^\d+$/.test(word) || isEnvironmentWord(word))
      continue;
    if (others.has(word)) continue;
    const owners = clusters.filter(c => nameWords(c.name).includes(word));
    if (owners.length === 1) found.push(owners[0].name);
  }
  return found;
}
