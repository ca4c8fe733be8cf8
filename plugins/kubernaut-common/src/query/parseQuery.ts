import type { Outcome, RemediationPhase, Severity } from '../api/types';
import {
  compact,
  lookup,
  lookupName,
  matchSpacedName,
  matchClusterWords,
  nameIndex,
  singular,
  type NameIndex,
} from './names';
import { EXCLUDED, ParseState, type Value } from './parseState';
import { parseTime } from './time';
import { matchWaitingOnMe } from './waitingOnMe';
import {
  ACTIVE_WORDS,
  APPROVAL_WORDS,
  CONJUNCTIONS,
  DECISION_WORDS,
  ENVIRONMENT_WORDS,
  isEnvironmentWord,
  KIND_WORDS,
  NEGATOR_WORDS,
  NEGATORS,
  NOT_DECISIONS,
  OUTCOME_WORDS,
  PHASE_WORDS,
  SEVERITY_WORDS,
  STOPWORDS,
} from './words';

export { canonicalEnvironment, isEnvironmentWord } from './words';

/**
 * A structured filter over remediations (or workflows), as the query bar and `q=` express it.
 *
 * @public
 */
export interface QueryFilter {
  clusters?: string[];
  environments?: string[];
  namespaces?: string[];
  targets?: string[];
  severities?: Severity[];
  phases?: RemediationPhase[];
  outcomes?: Outcome[];
  /** Only remediations whose approval request waits for a decision. */
  awaitingApproval?: boolean;
  /** Only remediations that have not ended. */
  active?: boolean;
  workflows?: string[];
  actionTypes?: string[];
  /** ISO timestamps bounding creation time. */
  since?: string;
  until?: string;
  /** Words matched against names, targets, signals and workflows. */
  text?: string[];
  /*
   * The fields below are newer; a backend that does not know them ignores them (and so shows
   * more than asked, never less). Each excluded* list removes rows whose value is in it:
   * "except staging", "not in prod-eu-west", "non-critical".
   */
  excludedClusters?: string[];
  excludedEnvironments?: string[];
  excludedNamespaces?: string[];
  excludedTargets?: string[];
  excludedKinds?: string[];
  excludedSeverities?: Severity[];
  excludedPhases?: RemediationPhase[];
  excludedOutcomes?: Outcome[];
  excludedWorkflows?: string[];
  /** Kinds of the target workload, as Kubernetes spells them: "the trainer deployment". */
  kinds?: string[];
  /** How the approval request was decided: "rejected", "expired", "approval timed out". */
  decisions?: ApprovalDecision[];
  /**
   * Only approvals the asking user may decide ("waiting on me", "what can I approve"); always
   * comes with `awaitingApproval`, so a backend that ignores it still shows pending approvals.
   */
  decidableByMe?: boolean;
}

/**
 * The decision recorded on a RemediationApprovalRequest.
 *
 * @public
 */
export type ApprovalDecision = 'Approved' | 'Rejected' | 'Expired';

/**
 * One understood part of a query, shown as a removable chip.
 *
 * @public
 */
export interface QueryChip {
  field: keyof QueryFilter;
  value: string;
  label: string;
  /** The words that made this chip; the other chips' words, joined, are the query without it. */
  source: string;
}

/**
 * How the query language understood a phrase.
 *
 * @public
 */
export interface ParsedQuery {
  filter: QueryFilter;
  chips: QueryChip[];
  /**
   * Words the parser did not understand; they are searched as free text, except those after a
   * negation ("not oomkilled"), which are left out rather than searched for.
   */
  unrecognized: string[];
}

/**
 * What the parser may recognise by name: the fleet's clusters, namespaces, workloads, workflows.
 *
 * @public
 */
export interface QueryVocabulary {
  clusters?: string[];
  namespaces?: string[];
  targets?: string[];
  workflows?: string[];
  actionTypes?: string[];
}

/**
 * What `parseQuery` needs besides the text: the time, the known names and the page it serves.
 *
 * @public
 */
export interface ParseOptions {
  now: Date;
  vocabulary?: QueryVocabulary;
  /** Minutes east of UTC for "since 8am" and "today" (the browser's offset). */
  timeZoneOffsetMinutes?: number;
  scope?: 'fleet' | 'workflows';
}

/**
 * The longest query text, in characters, that the parser and the backend accept.
 *
 * @public
 */
export const MAX_QUERY_LENGTH = 500;

/** Multi-word phrases, tried before single words. */
const PHRASES: Array<{ words: string[]; apply: (p: ParseState) => void }> = [
  ...[
    ['waiting', 'for', 'approval'],
    ['awaiting', 'approval'],
    ['pending', 'approval'],
    ['needs', 'approval'],
    ['need', 'approval'],
    ['needing', 'approval'],
    ['require', 'approval'],
    ['requires', 'approval'],
    ['waiting', 'approval'],
    ['to', 'approve'],
    ['for', 'approval'],
    ['awaiting', 'decision'],
    ['approval'],
    ['approvals'],
    ['awaitingapproval'],
  ].map(words => ({
    words,
    apply: (p: ParseState) =>
      p.set('awaitingApproval', true, 'waiting for approval'),
  })),
  {
    words: ['manual', 'review'],
    apply: p => p.add('outcomes', 'ManualReviewRequired', 'manual review'),
  },
  {
    words: ['needs', 'review'],
    apply: p => p.add('outcomes', 'ManualReviewRequired', 'manual review'),
  },
  { words: ['dry', 'run'], apply: p => p.add('outcomes', 'DryRun', 'dry run') },
  { words: ['dry-run'], apply: p => p.add('outcomes', 'DryRun', 'dry run') },
  {
    words: ['no', 'action'],
    apply: p => p.add('outcomes', 'NoActionRequired', 'no action required'),
  },
  ...[
    ['verification', 'timed', 'out'],
    ['verification', 'time', 'out'],
    ['verification', 'timeout'],
    ['verification', 'timedout'],
  ].map(words => ({
    words,
    apply: (p: ParseState) =>
      p.add('outcomes', 'VerificationTimedOut', 'verification timed out'),
  })),
  ...[
    ['timed', 'out'],
    ['time', 'out'],
    ['timeout'],
    ['timedout'],
    ['timed-out'],
  ].map(words => ({
    words,
    apply: (p: ParseState) =>
      p.decisionContext
        ? p.add('decisions', 'Expired', 'expired', 'expired')
        : p.add('phases', 'TimedOut', 'timed out'),
  })),
  { words: ['in', 'progress'], apply: p => p.set('active', true, 'active') },
  { words: ['not', 'resolved'], apply: p => p.set('active', true, 'active') },
  { words: ['not', 'finished'], apply: p => p.set('active', true, 'active') },
  { words: ['still', 'running'], apply: p => p.set('active', true, 'active') },
  ...[
    'resolved',
    'fixed',
    'done',
    'finished',
    'completed',
    'complete',
    'closed',
  ].map(word => ({
    words: ['not', 'yet', word],
    apply: (p: ParseState) => p.set('active', true, 'active'),
  })),
  ...(
    [
      ['stateful', 'StatefulSet'],
      ['daemon', 'DaemonSet'],
      ['replica', 'ReplicaSet'],
    ] as const
  ).flatMap(([first, kind]) =>
    ['set', 'sets'].map(second => ({
      words: [first, second],
      apply: (p: ParseState) => p.add('kinds', kind, kind),
    })),
  ),
  ...['job', 'jobs'].map(second => ({
    words: ['cron', second],
    apply: (p: ParseState) => p.add('kinds', 'CronJob', 'CronJob'),
  })),
];

/** A word that names something in the vocabulary: a cluster, namespace, workload, workflow. */
function nameValue(
  token: string,
  vocabulary: QueryVocabulary,
  index: NameIndex,
): Value | undefined {
  const cluster = lookupName(token, vocabulary.clusters);
  if (cluster) return { field: 'clusters', value: cluster, label: cluster };
  const namespace = lookupName(token, vocabulary.namespaces);
  if (namespace)
    return {
      field: 'namespaces',
      value: namespace,
      label: `namespace ${namespace}`,
    };
  const target = lookupName(token, vocabulary.targets);
  if (target) return { field: 'targets', value: target, label: target };
  const workflow = lookupName(token, vocabulary.workflows);
  if (workflow)
    return {
      field: 'workflows',
      value: workflow,
      label: `workflow ${workflow}`,
    };
  const actionType = lookupName(token, vocabulary.actionTypes);
  if (actionType)
    return { field: 'actionTypes', value: actionType, label: actionType };
  const squeezed = compact(token);
  if (squeezed.length >= 4) {
    const hit =
      index.byCompact.get(squeezed) ??
      index.byCompact.get(compact(singular(token)));
    if (hit) return nameHit(hit.field, hit.name);
  }
  return undefined;
}

function nameHit(field: Value['field'], name: string): Value {
  if (field === 'namespaces')
    return { field, value: name, label: `namespace ${name}` };
  if (field === 'workflows')
    return { field, value: name, label: `workflow ${name}` };
  return { field, value: name, label: name };
}

const wordValues = new Map<string, Value | 'active' | undefined>();

/** A word of the language: environment, severity, outcome, decision, phase, kind. */
function wordValue(token: string): Value | 'active' | undefined {
  if (wordValues.has(token)) return wordValues.get(token);
  const value = readWord(token);
  // A pure function of the word; long descriptions repeat words.
  if (wordValues.size >= 5000) wordValues.clear();
  wordValues.set(token, value);
  return value;
}

function readWord(token: string): Value | 'active' | undefined {
  const environment = lookup(token, ENVIRONMENT_WORDS);
  if (environment)
    return { field: 'environments', value: environment, label: environment };
  const severity = lookup(token, SEVERITY_WORDS);
  if (severity)
    return { field: 'severities', value: severity, label: severity };
  if (ACTIVE_WORDS.has(token)) return 'active';
  const outcome = lookup(token, OUTCOME_WORDS);
  if (outcome)
    return { field: 'outcomes', value: outcome, label: outcome.toLowerCase() };
  const decision = NOT_DECISIONS.has(token)
    ? undefined
    : lookup(token, DECISION_WORDS);
  if (decision)
    return {
      field: 'decisions',
      value: decision,
      label: decision.toLowerCase(),
    };
  const phase = lookup(token, PHASE_WORDS);
  if (phase)
    return { field: 'phases', value: phase, label: phase.toLowerCase() };
  const kind = lookup(token, KIND_WORDS);
  if (kind) return { field: 'kinds', value: kind, label: kind };
  return undefined;
}

/**
 * Turns an operator's words into a filter: "critical alerts in prod-eu-west since 8am waiting
 * for approval", "non-critical failures except staging between 2pm and 4pm", "the trainer
 * deployment", "rejected approvals last week", "waiting on me". Order, case, plurals, small
 * typos and names typed with spaces do not matter; words it cannot place are kept as free text
 * and reported in `unrecognized`.
 *
 * @public
 */
export function parseQuery(text: string, options: ParseOptions): ParsedQuery {
  const state = new ParseState();
  const unrecognized: string[] = [];
  const vocabulary = options.vocabulary ?? {};
  const index = nameIndex(vocabulary);
  const offset = options.timeZoneOffsetMinutes ?? 0;
  const { tokens, quoted } = tokenize(text.slice(0, MAX_QUERY_LENGTH));
  for (const phrase of quoted) {
    state.source = `"${phrase}"`;
    state.add('text', phrase, `"${phrase}"`);
  }
  const singles = tokens.map(singular);
  const approvalMentioned = tokens.some(t => APPROVAL_WORDS.has(t));
  state.decisionContext =
    tokens.some(
      t =>
        !NOT_DECISIONS.has(t) &&
        (DECISION_WORDS[t] !== undefined ||
          DECISION_WORDS[singular(t)] !== undefined),
    ) ||
    (approvalMentioned &&
      tokens.some(
        t => t === 'timed' || t.startsWith('timeout') || t === 'timed-out',
      ));
  const joinable = (token: string, position: 'edge' | 'inside') =>
    position === 'edge'
      ? !STOPWORDS.has(token) && !NEGATOR_WORDS.has(token)
      : !CONJUNCTIONS.has(token) && !NEGATOR_WORDS.has(token);

  for (let i = 0; i < tokens.length; ) {
    const mine = matchWaitingOnMe(tokens, i);
    if (mine) {
      state.source = tokens.slice(i, i + mine).join(' ');
      state.set('decidableByMe', true, 'waiting on me');
      i += mine;
      continue;
    }
    if (state.decisionContext && APPROVAL_WORDS.has(tokens[i])) {
      // "rejected approvals": the approvals are what the decision is about, not a filter.
      i += 1;
      continue;
    }
    const phrase = PHRASES.find(p =>
      p.words.every((w, k) => tokens[i + k] === w || singles[i + k] === w),
    );
    if (phrase) {
      state.source = phrase.words.join(' ');
      phrase.apply(state);
      i += phrase.words.length;
      continue;
    }
    const negator = NEGATORS.find(words =>
      words.every((w, k) => tokens[i + k] === w),
    );
    const lonelyBut = negator?.length === 1 && negator[0] === 'but';
    if (negator && !lonelyBut) {
      const words = tokens.slice(i, i + negator.length).join(' ');
      state.negation = {
        words:
          state.negation && !state.negation.field
            ? `${state.negation.words} ${words}`
            : words,
      };
      i += negator.length;
      continue;
    }
    const spaced = matchSpacedName(tokens, i, index, joinable);
    if (spaced) {
      state.source = tokens.slice(i, i + spaced.used).join(' ');
      const value = nameHit(spaced.field, spaced.name);
      state.add(value.field, value.value, value.label);
      i += spaced.used;
      continue;
    }
    const partial = matchClusterWords(tokens, i, index, isEnvironmentWord, w =>
      STOPWORDS.has(w),
    );
    if (partial) {
      state.source = tokens.slice(i, i + partial.used).join(' ');
      state.add('clusters', partial.cluster, partial.cluster);
      i += partial.used;
      continue;
    }
    const time = parseTime(tokens, i, options.now, offset);
    if (time) {
      state.source = tokens.slice(i, i + time.used).join(' ');
      state.time(time);
      i += time.used;
      continue;
    }
    const token = tokens[i];
    i += 1;
    state.source = token;

    if (token.includes('/') && kindAndName(token, vocabulary, index, state))
      continue;
    const name = nameValue(token, vocabulary, index);
    if (name) {
      state.add(name.field, name.value, name.label);
      continue;
    }
    if (STOPWORDS.has(token)) {
      if (state.negation?.field) {
        if (CONJUNCTIONS.has(token)) state.negation.joined = true;
        else state.negation = undefined;
      }
      continue;
    }
    const word = wordValue(token);
    if (word === 'active') {
      state.set('active', true, 'active');
      continue;
    }
    if (word) {
      state.add(word.field, word.value, word.label);
      continue;
    }
    // "non-critical", "noncritical", "non-prod"
    const non = token.match(/^non-?([a-z].{2,})$/);
    if (non) {
      const rest = non[1];
      const value = nameValue(rest, vocabulary, index) ?? wordValue(rest);
      if (value && value !== 'active' && EXCLUDED[value.field]) {
        state.negation = { words: '', inline: true };
        state.add(value.field, value.value, value.label);
        state.negation = undefined;
        continue;
      }
    }
    // "frankfurt" for eks-prod-frankfurt: a word only one cluster's name has.
    const clusterByWord = index.distinctiveClusterWords.get(token);
    if (clusterByWord) {
      state.add('clusters', clusterByWord, clusterByWord);
      continue;
    }
    unrecognized.push(token);
    if (state.negation && !state.negation.field) {
      // "not oomkilled": leave the word out rather than search for it.
      state.negation = undefined;
      continue;
    }
    state.text(token);
  }
  return { filter: state.filter, chips: state.chips, unrecognized };
}

/** "deployment/checkout-api", "sts/kafka-broker", "demo-checkout/checkout-service". */
function kindAndName(
  token: string,
  vocabulary: QueryVocabulary,
  index: NameIndex,
  state: ParseState,
): boolean {
  const parts = token.split('/').filter(Boolean);
  if (parts.length < 2 || parts.length > 3) return false;
  const name = parts[parts.length - 1];
  const qualifiers: Value[] = [];
  for (const part of parts.slice(0, -1)) {
    const kind = lookup(part, KIND_WORDS);
    const namespace = kind
      ? undefined
      : lookupName(part, vocabulary.namespaces);
    if (kind) qualifiers.push({ field: 'kinds', value: kind, label: kind });
    else if (namespace)
      qualifiers.push({
        field: 'namespaces',
        value: namespace,
        label: `namespace ${namespace}`,
      });
    else return false;
  }
  const whole = state.source;
  parts.slice(0, -1).forEach((part, k) => {
    state.add(
      qualifiers[k].field,
      qualifiers[k].value,
      qualifiers[k].label,
      part,
    );
  });
  const target = nameValue(name, vocabulary, index);
  if (target) state.add(target.field, target.value, target.label, name);
  else {
    state.source = name;
    state.text(name);
  }
  state.source = whole;
  return true;
}

function tokenize(text: string): { tokens: string[]; quoted: string[] } {
  const quoted: string[] = [];
  // A single quote opens a quotation only at the start of a word: "what's" and "aren't" do not.
  const rest = text.replace(
    /"([^"]+)"|(?<![\p{L}\p{N}])'([^']+)'(?![\p{L}\p{N}])/gu,
    (_m, a, b) => {
      quoted.push((a ?? b).trim());
      return ' ';
    },
  );
  const tokens = rest
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[,;!?()]/g, ' ')
    .split(/\s+/)
    .map(t => t.replace(/^[.:]+|[.:]+$/g, ''))
    .filter(Boolean);
  return { tokens, quoted: quoted.filter(Boolean) };
}
