import type { Outcome, RemediationPhase, Severity } from '../api/types';

/** A structured filter over remediations (or workflows), as the query bar and `q=` express it. */
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
}

export interface QueryChip {
  field: keyof QueryFilter;
  value: string;
  label: string;
  /** The words that made this chip; the other chips' words, joined, are the query without it. */
  source: string;
}

export interface ParsedQuery {
  filter: QueryFilter;
  chips: QueryChip[];
  /** Words the parser did not understand; they are searched as free text. */
  unrecognized: string[];
}

/** What the parser may recognise by name: the fleet's clusters, namespaces, workloads, workflows. */
export interface QueryVocabulary {
  clusters?: string[];
  namespaces?: string[];
  targets?: string[];
  workflows?: string[];
  actionTypes?: string[];
}

export interface ParseOptions {
  now: Date;
  vocabulary?: QueryVocabulary;
  /** Minutes east of UTC for "since 8am" and "today" (the browser's offset). */
  timeZoneOffsetMinutes?: number;
  scope?: 'fleet' | 'workflows';
}

export const MAX_QUERY_LENGTH = 500;

const STOPWORDS = new Set(
  'a an the all any show me list find give get what which that are is was were be been in on at of for from to with and or by my our it its there their them this these those please only just alerts alert remediation remediations investigations investigation issues issue problems problem incidents incident cluster clusters namespace namespaces ns env environment environments workloads workload service services app apps about having has have where whose who anything something everything stuff things going happening happened wrong status whats how why see seeing look looking check tell i we you us up now currently right lately recent recently new latest hey hi can could would should do does did on off over under into out'.split(
    ' ',
  ),
);

const SEVERITY_WORDS: Record<string, Severity> = {
  critical: 'critical',
  crit: 'critical',
  p0: 'critical',
  sev1: 'critical',
  high: 'high',
  p1: 'high',
  sev2: 'high',
  warning: 'warning',
  warn: 'warning',
  p2: 'warning',
  info: 'info',
  informational: 'info',
};

const PHASE_WORDS: Record<string, RemediationPhase> = {
  pending: 'Pending',
  processing: 'Processing',
  analyzing: 'Analyzing',
  analysing: 'Analyzing',
  investigating: 'Analyzing',
  executing: 'Executing',
  running: 'Executing',
  verifying: 'Verifying',
  blocked: 'Blocked',
  completed: 'Completed',
  complete: 'Completed',
  resolved: 'Completed',
  done: 'Completed',
  fixed: 'Completed',
  closed: 'Completed',
  failed: 'Failed',
  failing: 'Failed',
  failure: 'Failed',
  cancelled: 'Cancelled',
  canceled: 'Cancelled',
  skipped: 'Skipped',
};

const OUTCOME_WORDS: Record<string, Outcome> = {
  remediated: 'Remediated',
  successful: 'Remediated',
  succeeded: 'Remediated',
  success: 'Remediated',
  inconclusive: 'Inconclusive',
};

const ENVIRONMENT_WORDS: Record<string, string> = {
  prod: 'production',
  production: 'production',
  prd: 'production',
  staging: 'staging',
  stage: 'staging',
  stg: 'staging',
  dev: 'development',
  development: 'development',
  test: 'test',
  testing: 'test',
  qa: 'test',
};

const ACTIVE_WORDS = new Set([
  'active',
  'open',
  'ongoing',
  'current',
  'live',
  'unresolved',
  'inflight',
  'in-flight',
]);

const UNIT_SECONDS: Record<string, number> = {
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hrs: 3600,
  hour: 3600,
  hours: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
  w: 604800,
  wk: 604800,
  week: 604800,
  weeks: 604800,
};

const WEEKDAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
];

/** Damerau-Levenshtein distance, capped: enough to forgive a typo or two. */
function distance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...Array(b.length).fill(0),
  ]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(
        d[i - 1][j] + 1,
        d[i][j - 1] + 1,
        d[i - 1][j - 1] + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

function allowedTypos(word: string): number {
  if (word.length <= 4) return 0;
  if (word.length <= 8) return 1;
  return 2;
}

function singular(word: string): string {
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ses') || word.endsWith('xes')) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && word.length > 3)
    return word.slice(0, -1);
  return word;
}

/** Finds `word` in a dictionary exactly, as a singular, or within a small typo distance. */
function lookup<T>(word: string, dictionary: Record<string, T>): T | undefined {
  if (word in dictionary) return dictionary[word];
  const single = singular(word);
  if (single in dictionary) return dictionary[single];
  const budget = allowedTypos(word);
  if (budget === 0) return undefined;
  let best: { key: string; d: number } | undefined;
  for (const key of Object.keys(dictionary)) {
    if (key.length <= 4) continue;
    const d = distance(word, key, budget);
    if (d <= budget && (!best || d < best.d)) best = { key, d };
  }
  return best ? dictionary[best.key] : undefined;
}

function lookupName(
  word: string,
  names: string[] | undefined,
): string | undefined {
  if (!names?.length) return undefined;
  const lower = word.toLowerCase();
  const exact = names.find(
    n => n.toLowerCase() === lower || n.toLowerCase() === singular(lower),
  );
  if (exact) return exact;
  const budget = allowedTypos(lower);
  if (budget === 0) return undefined;
  let best: { name: string; d: number } | undefined;
  for (const name of names) {
    const d = distance(lower, name.toLowerCase(), budget);
    if (d <= budget && (!best || d < best.d)) best = { name, d };
  }
  return best?.name;
}

function tokenize(text: string): { tokens: string[]; quoted: string[] } {
  const quoted: string[] = [];
  const rest = text.replace(/"([^"]+)"|'([^']+)'/g, (_m, a, b) => {
    quoted.push((a ?? b).trim());
    return ' ';
  });
  const tokens = rest
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[,;!?()]/g, ' ')
    .split(/\s+/)
    .map(t => t.replace(/^[.:]+|[.:]+$/g, ''))
    .filter(Boolean);
  return { tokens, quoted: quoted.filter(Boolean) };
}

function startOfDay(now: Date, offsetMinutes: number): Date {
  const local = new Date(now.getTime() + offsetMinutes * 60_000);
  local.setUTCHours(0, 0, 0, 0);
  return new Date(local.getTime() - offsetMinutes * 60_000);
}

/** Parses "8am", "8:30", "08:30pm", "14:00" into minutes after midnight. */
function clockMinutes(
  token: string,
  next?: string,
): { minutes: number; used: number } | undefined {
  const m = token.match(/^(\d{1,2})(?::(\d{2}))?(am|pm)?$/);
  if (!m) return undefined;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? 0);
  let meridiem = m[3];
  let used = 1;
  if (!meridiem && (next === 'am' || next === 'pm')) {
    meridiem = next;
    used = 2;
  }
  if (!meridiem && m[2] === undefined) return undefined; // a bare number is not a time
  if (minute > 59 || hour > 23 || (meridiem && (hour < 1 || hour > 12)))
    return undefined;
  if (meridiem === 'pm' && hour !== 12) hour += 12;
  if (meridiem === 'am' && hour === 12) hour = 0;
  return { minutes: hour * 60 + minute, used };
}

interface TimeMatch {
  since?: Date;
  until?: Date;
  used: number;
  label: string;
}

/** Recognises a time window starting at tokens[i]. */
function parseTime(
  tokens: string[],
  i: number,
  now: Date,
  offset: number,
): TimeMatch | undefined {
  const t = tokens[i];
  const today = startOfDay(now, offset);
  if (t === 'today') return { since: today, used: 1, label: 'today' };
  if (t === 'yesterday')
    return {
      since: new Date(today.getTime() - 86_400_000),
      until: today,
      used: 1,
      label: 'yesterday',
    };
  if (t === 'tonight' || t === 'overnight')
    return {
      since: new Date(today.getTime() - 6 * 3600_000),
      used: 1,
      label: 'overnight',
    };

  let windowStart = 0;
  if (['last', 'past', 'previous', 'within'].includes(t)) windowStart = 1;
  else if (t === 'in' && ['the', 'last', 'past'].includes(tokens[i + 1]))
    windowStart = 2;
  if (windowStart) {
    let j = i + windowStart;
    if (tokens[j] === 'the') j++;
    if (tokens[j] === 'last' || tokens[j] === 'past') j++;
    const compact = tokens[j]?.match(/^(\d+)([a-z]+)$/);
    let amount: number | undefined;
    let unit: string | undefined;
    if (compact) {
      amount = Number(compact[1]);
      unit = compact[2];
      j += 1;
    } else if (/^\d+$/.test(tokens[j] ?? '')) {
      amount = Number(tokens[j]);
      unit = tokens[j + 1];
      j += 2;
    } else if (tokens[j] === 'a' || tokens[j] === 'an' || tokens[j] === 'one') {
      amount = 1;
      unit = tokens[j + 1];
      j += 2;
    } else if (tokens[j] && UNIT_SECONDS[tokens[j]] !== undefined) {
      amount = 1;
      unit = tokens[j];
      j += 1;
    }
    const seconds = unit ? UNIT_SECONDS[unit] : undefined;
    if (amount !== undefined && seconds !== undefined && amount > 0) {
      return {
        since: new Date(now.getTime() - amount * seconds * 1000),
        used: j - i,
        label: `last ${amount}${unit!.charAt(0)}`,
      };
    }
    if (t === 'last' && tokens[i + 1] === 'night')
      return {
        since: new Date(today.getTime() - 6 * 3600_000),
        until: new Date(today.getTime() + 8 * 3600_000),
        used: 2,
        label: 'last night',
      };
    return undefined;
  }

  if (t === 'this' && tokens[i + 1] === 'morning')
    return {
      since: today,
      until: new Date(today.getTime() + 12 * 3600_000),
      used: 2,
      label: 'this morning',
    };
  if (t === 'this' && tokens[i + 1] === 'week') {
    const local = new Date(today.getTime() + offset * 60_000);
    const daysSinceMonday = (local.getUTCDay() + 6) % 7;
    return {
      since: new Date(today.getTime() - daysSinceMonday * 86_400_000),
      used: 2,
      label: 'this week',
    };
  }

  if (t === 'since' || t === 'after' || t === 'from') {
    const next = tokens[i + 1];
    if (!next) return undefined;
    const clock = clockMinutes(next, tokens[i + 2]);
    if (clock) {
      let since = new Date(today.getTime() + clock.minutes * 60_000);
      if (since > now) since = new Date(since.getTime() - 86_400_000);
      return {
        since,
        used: 1 + clock.used,
        label: `since ${next}${clock.used === 2 ? tokens[i + 2] : ''}`,
      };
    }
    if (next === 'yesterday')
      return {
        since: new Date(today.getTime() - 86_400_000),
        used: 2,
        label: 'since yesterday',
      };
    if (next === 'midnight' || next === 'today')
      return { since: today, used: 2, label: `since ${next}` };
    if (next === 'noon') {
      let since = new Date(today.getTime() + 12 * 3600_000);
      if (since > now) since = new Date(since.getTime() - 86_400_000);
      return { since, used: 2, label: 'since noon' };
    }
    const weekday = WEEKDAYS.indexOf(next);
    if (weekday >= 0) {
      const local = new Date(today.getTime() + offset * 60_000);
      const back = (local.getUTCDay() - weekday + 7) % 7 || 7;
      return {
        since: new Date(today.getTime() - back * 86_400_000),
        used: 2,
        label: `since ${next}`,
      };
    }
    if (/^\d{4}-\d{2}-\d{2}$/.test(next)) {
      const date = new Date(`${next}T00:00:00Z`);
      if (!Number.isNaN(date.getTime()))
        return {
          since: new Date(date.getTime() - offset * 60_000),
          used: 2,
          label: `since ${next}`,
        };
    }
  }
  return undefined;
}

/** Longest multi-word phrases first: "waiting for approval", "manual review", "dry run", ... */
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
  {
    words: ['timed', 'out'],
    apply: p => p.add('phases', 'TimedOut', 'timed out'),
  },
  {
    words: ['time', 'out'],
    apply: p => p.add('phases', 'TimedOut', 'timed out'),
  },
  { words: ['timeout'], apply: p => p.add('phases', 'TimedOut', 'timed out') },
  { words: ['in', 'progress'], apply: p => p.set('active', true, 'active') },
  { words: ['not', 'resolved'], apply: p => p.set('active', true, 'active') },
];

class ParseState {
  readonly filter: QueryFilter = {};
  readonly chips: QueryChip[] = [];
  /** The words being interpreted, recorded on the chips they produce. */
  source = '';

  add<K extends keyof QueryFilter>(field: K, value: string, label: string) {
    const list = ((this.filter[field] as string[] | undefined) ??
      []) as string[];
    if (list.includes(value)) return;
    (this.filter[field] as unknown as string[]) = [...list, value];
    this.chips.push({ field, value, label, source: this.source });
  }

  set(field: 'awaitingApproval' | 'active', value: true, label: string) {
    if (this.filter[field]) return;
    this.filter[field] = value;
    this.chips.push({ field, value: 'true', label, source: this.source });
  }

  time(match: TimeMatch) {
    if (match.since) this.filter.since = match.since.toISOString();
    if (match.until) this.filter.until = match.until.toISOString();
    for (const field of ['since', 'until'] as const) {
      const index = this.chips.findIndex(c => c.field === field);
      if (index >= 0) this.chips.splice(index, 1);
    }
    this.chips.push({
      field: 'since',
      value: this.filter.since ?? '',
      label: match.label,
      source: this.source,
    });
  }
}

/**
 * Turns an operator's words into a filter: "critical alerts in prod-eu-west since 8am waiting
 * for approval". Order, case, plurals and small typos do not matter; words it cannot place are
 * kept as free text and reported in `unrecognized`.
 */
export function parseQuery(text: string, options: ParseOptions): ParsedQuery {
  const state = new ParseState();
  const unrecognized: string[] = [];
  const vocabulary = options.vocabulary ?? {};
  const offset = options.timeZoneOffsetMinutes ?? 0;
  const { tokens, quoted } = tokenize(text.slice(0, MAX_QUERY_LENGTH));
  for (const phrase of quoted) {
    state.source = `"${phrase}"`;
    state.add('text', phrase, `"${phrase}"`);
  }

  for (let i = 0; i < tokens.length; ) {
    const phrase = PHRASES.find(p =>
      p.words.every((w, k) => tokens[i + k] === w),
    );
    if (phrase) {
      state.source = phrase.words.join(' ');
      phrase.apply(state);
      i += phrase.words.length;
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

    const cluster = lookupName(token, vocabulary.clusters);
    if (cluster) {
      state.add('clusters', cluster, cluster);
      continue;
    }
    const namespace = lookupName(token, vocabulary.namespaces);
    if (namespace) {
      state.add('namespaces', namespace, `namespace ${namespace}`);
      continue;
    }
    const target = lookupName(token, vocabulary.targets);
    if (target) {
      state.add('targets', target, target);
      continue;
    }
    const workflow = lookupName(token, vocabulary.workflows);
    if (workflow) {
      state.add('workflows', workflow, `workflow ${workflow}`);
      continue;
    }
    const actionType = lookupName(token, vocabulary.actionTypes);
    if (actionType) {
      state.add('actionTypes', actionType, actionType);
      continue;
    }
    if (STOPWORDS.has(token)) continue;
    const environment = lookup(token, ENVIRONMENT_WORDS);
    if (environment) {
      state.add('environments', environment, environment);
      continue;
    }
    const severity = lookup(token, SEVERITY_WORDS);
    if (severity) {
      state.add('severities', severity, severity);
      continue;
    }
    if (ACTIVE_WORDS.has(token)) {
      state.set('active', true, 'active');
      continue;
    }
    const outcome = lookup(token, OUTCOME_WORDS);
    if (outcome) {
      state.add('outcomes', outcome, outcome.toLowerCase());
      continue;
    }
    const phase = lookup(token, PHASE_WORDS);
    if (phase) {
      state.add('phases', phase, phase.toLowerCase());
      continue;
    }
    unrecognized.push(token);
    state.add('text', token, `"${token}"`);
  }
  return { filter: state.filter, chips: state.chips, unrecognized };
}
