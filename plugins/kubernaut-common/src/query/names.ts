/** Matching words against names: typos, plurals, and names typed with spaces, case or underscores. */

/** Rows reused by distance(), grown as needed. */
const rows: Int32Array[] = [
  new Int32Array(64),
  new Int32Array(64),
  new Int32Array(64),
];

/**
 * Damerau-Levenshtein distance (optimal string alignment), capped: enough to forgive a typo or
 * two. Returns cap + 1 as soon as the distance must exceed the cap.
 */
export function distance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  if (a === b) return 0;
  const width = b.length + 1;
  if (rows[0].length < width)
    for (let r = 0; r < 3; r++) rows[r] = new Int32Array(width * 2);
  let before = rows[0]; // row i - 2
  let previous = rows[1]; // row i - 1
  let current = rows[2]; // row i
  for (let j = 0; j < width; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j < width; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2] + 1);
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > cap) return cap + 1;
    const spare = before;
    before = previous;
    previous = current;
    current = spare;
  }
  return previous[b.length];
}

export function allowedTypos(word: string): number {
  if (word.length <= 4) return 0;
  if (word.length <= 8) return 1;
  return 2;
}

export function singular(word: string): string {
  if (/\ds$/.test(word)) return word.slice(0, -1); // "p0s", "sev1s"
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ses') || word.endsWith('xes')) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && word.length > 3)
    return word.slice(0, -1);
  return word;
}

/** Finds `word` in a dictionary exactly, as a singular, or within a small typo distance. */
export function lookup<T>(
  word: string,
  dictionary: Record<string, T>,
): T | undefined {
  if (Object.prototype.hasOwnProperty.call(dictionary, word))
    return dictionary[word];
  const single = singular(word);
  if (Object.prototype.hasOwnProperty.call(dictionary, single))
    return dictionary[single];
  const budget = allowedTypos(word);
  if (budget === 0) return undefined;
  let best: { key: string; d: number } | undefined;
  for (const key of Object.keys(dictionary)) {
    // Short words are too close to other words: "stale" is not "stage".
    if (key.length <= 5) continue;
    const d = distance(word, key, budget);
    if (d <= budget && (!best || d < best.d)) best = { key, d };
  }
  return best ? dictionary[best.key] : undefined;
}

/** A name without case or separators: "Prod EU_West" and "prod-eu-west" are both "prodeuwest". */
export function compact(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

interface ListIndex {
  /** Lower-case name → the name, first in the list wins. */
  lower: Map<string, string>;
  /** Names by length, for typo look-ups: [lower-case, name, position in the list]. */
  byLength: Map<number, Array<[string, string, number]>>;
}

const listIndexes = new WeakMap<readonly string[], ListIndex>();

function listIndex(names: readonly string[]): ListIndex {
  const cached = listIndexes.get(names);
  if (cached) return cached;
  const lower = new Map<string, string>();
  const byLength: ListIndex['byLength'] = new Map();
  names.forEach((name, position) => {
    const key = name.toLowerCase();
    if (!lower.has(key)) lower.set(key, name);
    const bucket = byLength.get(key.length) ?? [];
    bucket.push([key, name, position]);
    byLength.set(key.length, bucket);
  });
  const index = { lower, byLength };
  listIndexes.set(names, index);
  return index;
}

/** One word against a list of names: exactly, as a singular, or with typos. */
export function lookupName(
  word: string,
  names: readonly string[] | undefined,
): string | undefined {
  if (!names?.length) return undefined;
  const index = listIndex(names);
  const lower = word.toLowerCase();
  const exact = index.lower.get(lower) ?? index.lower.get(singular(lower));
  if (exact) return exact;
  const budget = allowedTypos(lower);
  if (budget === 0) return undefined;
  let best: { name: string; d: number; position: number } | undefined;
  for (
    let length = lower.length - budget;
    length <= lower.length + budget;
    length++
  ) {
    for (const [key, name, position] of index.byLength.get(length) ?? []) {
      const d = distance(lower, key, budget);
      if (
        d <= budget &&
        (!best || d < best.d || (d === best.d && position < best.position))
      )
        best = { name, d, position };
    }
  }
  return best?.name;
}

export type NameField =
  | 'clusters'
  | 'namespaces'
  | 'targets'
  | 'workflows'
  | 'actionTypes';

export interface NameIndex {
  /** Compacted name → the field and the name as spelled in the vocabulary; first field wins. */
  byCompact: Map<string, { field: NameField; name: string }>;
  clusters: string[];
  /**
   * Words of cluster names that name one cluster on their own: "frankfurt" for
   * eks-prod-frankfurt. Only words of four letters or more, in one cluster's name and in no
   * other name of the vocabulary, and not numbers.
   */
  distinctiveClusterWords: Map<string, string>;
  /** Each cluster with the words of its name. */
  clusterWords: Array<{ name: string; words: Set<string> }>;
  /** Every word of any cluster's name. */
  anyClusterWord: Set<string>;
  /** Clusters with their compacted names, for typo look-ups of names typed as words. */
  compactClusters: Array<[string, string]>;
}

/** The words of a name: "eks-prod-frankfurt" → eks, prod, frankfurt. */
export function nameWords(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const indexes = new WeakMap<object, NameIndex>();

/** An index of the vocabulary's names by their compacted spelling, built once per vocabulary. */
export function nameIndex(
  vocabulary: Partial<Record<NameField, string[]>>,
): NameIndex {
  const cached = indexes.get(vocabulary);
  if (cached) return cached;
  const byCompact: NameIndex['byCompact'] = new Map();
  const fields: NameField[] = [
    'clusters',
    'namespaces',
    'targets',
    'workflows',
    'actionTypes',
  ];
  for (const field of fields) {
    for (const name of vocabulary[field] ?? []) {
      const key = compact(name);
      if (key.length >= 3 && !byCompact.has(key))
        byCompact.set(key, { field, name });
    }
  }
  const owners = new Map<string, Set<string>>();
  for (const field of fields) {
    for (const name of vocabulary[field] ?? []) {
      for (const word of nameWords(name)) {
        const set = owners.get(word) ?? new Set<string>();
        set.add(`${field}:${name}`);
        owners.set(word, set);
      }
    }
  }
  const distinctiveClusterWords = new Map<string, string>();
  for (const cluster of vocabulary.clusters ?? []) {
    for (const word of nameWords(cluster)) {
      if (word.length < 4 || /^\d+$/.test(word)) continue;
      if (owners.get(word)?.size === 1)
        distinctiveClusterWords.set(word, cluster);
    }
  }
  const clusterWords = (vocabulary.clusters ?? []).map(name => ({
    name,
    words: new Set(nameWords(name)),
  }));
  const index = {
    byCompact,
    clusters: vocabulary.clusters ?? [],
    distinctiveClusterWords,
    clusterWords,
    anyClusterWord: new Set(clusterWords.flatMap(c => [...c.words])),
    compactClusters: (vocabulary.clusters ?? []).map(
      name => [compact(name), name] as [string, string],
    ),
  };
  indexes.set(vocabulary, index);
  return index;
}

/**
 * A name typed as several words ("prod eu west", "payment gateway", "US West 2 Prod"): the
 * longest run of 2 to 4 words starting at tokens[i] whose compacted spelling is a name. Cluster
 * names also forgive one typo, when the run neither starts nor ends with a common word.
 * `joinable` says which words may be part of a name.
 */
export function matchSpacedName(
  tokens: string[],
  i: number,
  index: NameIndex,
  joinable: (token: string, position: 'edge' | 'inside') => boolean,
): { field: NameField; name: string; used: number } | undefined {
  for (let n = Math.min(4, tokens.length - i); n >= 2; n--) {
    const words = tokens.slice(i, i + n);
    if (!words.every(w => joinable(w, 'inside'))) continue;
    const key = compact(words.join(''));
    const hit =
      index.byCompact.get(key) ??
      index.byCompact.get(
        compact([...words.slice(0, -1), singular(words[n - 1])].join('')),
      );
    if (hit) return { ...hit, used: n };
    // A typo in a spaced cluster name ("prod eu wset"): it starts with a word of a name.
    if (
      key.length >= 8 &&
      index.anyClusterWord.has(words[0]) &&
      joinable(words[0], 'edge') &&
      joinable(words[n - 1], 'edge')
    ) {
      for (const [squeezed, cluster] of index.compactClusters) {
        if (distance(key, squeezed, 1) <= 1)
          return { field: 'clusters', name: cluster, used: n };
      }
    }
  }
  return undefined;
}

/**
 * Part of a cluster's name typed as words: "west 2 staging" for us-west-2-staging, "eu west"
 * for prod-eu-west. The run of 2 to 4 tokens starting at tokens[i] must use only words of one
 * cluster's name, at least two of them, one that is neither an environment nor a number nor
 * `common`, and no other cluster may use as many of its words.
 */
export function matchClusterWords(
  tokens: string[],
  i: number,
  index: NameIndex,
  isEnvironment: (word: string) => boolean,
  common: (word: string) => boolean,
): { cluster: string; used: number } | undefined {
  const clusters = index.clusterWords;
  if (!nameWords(tokens[i] ?? '').every(w => index.anyClusterWord.has(w)))
    return undefined;
  for (let n = Math.min(4, tokens.length - i); n >= 1; n--) {
    const words = tokens.slice(i, i + n).flatMap(nameWords);
    if (new Set(words).size < 2) continue;
    if (!words.some(w => !isEnvironment(w) && !/^\d+$/.test(w) && !common(w)))
      continue;
    const covering = clusters.filter(c => words.every(w => c.words.has(w)));
    if (covering.length === 0) continue;
    // The cluster whose name the words cover most: "west 2 staging" is more of
    // us-west-2-staging than of us-west-2-prod.
    const share = (c: { words: Set<string> }) => words.length / c.words.size;
    covering.sort((a, b) => share(b) - share(a));
    if (covering.length > 1 && share(covering[0]) === share(covering[1]))
      continue;
    return { cluster: covering[0].name, used: n };
  }
  return undefined;
}
