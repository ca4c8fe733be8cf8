/** Amounts of time ("3h", "a couple of days") and ranges of ages ("6 to 2 hours ago"). */

export const UNIT_SECONDS: Record<string, number> = {
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
  wks: 604800,
  week: 604800,
  weeks: 604800,
};

export const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  few: 3,
  couple: 2,
};

/** "3h", "3 hours", "an hour", "a couple of days", "half an hour", "90 minutes". */
export function parseDuration(
  tokens: string[],
  j: number,
): { ms: number; used: number; text: string } | undefined {
  const t = tokens[j];
  if (!t) return undefined;
  const compact = t.match(/^(\d+(?:\.\d+)?)([a-z]+)$/);
  if (compact && UNIT_SECONDS[compact[2]] !== undefined) {
    const amount = Number(compact[1]);
    return amount > 0
      ? { ms: amount * UNIT_SECONDS[compact[2]] * 1000, used: 1, text: t }
      : undefined;
  }
  if (t === 'half' && (tokens[j + 1] === 'an' || tokens[j + 1] === 'a')) {
    const unit = UNIT_SECONDS[tokens[j + 2]];
    return unit
      ? { ms: unit * 500, used: 3, text: tokens.slice(j, j + 3).join(' ') }
      : undefined;
  }
  let amount: number | undefined;
  let k = j;
  if (/^\d+(?:\.\d+)?$/.test(t)) amount = Number(t);
  else if (t === 'a' && ['couple', 'few'].includes(tokens[j + 1])) {
    amount = NUMBER_WORDS[tokens[j + 1]];
    k += 1;
  } else amount = NUMBER_WORDS[t];
  if (amount === undefined || amount <= 0) return undefined;
  k += 1;
  if (tokens[k] === 'of') k += 1;
  const unit = UNIT_SECONDS[tokens[k]];
  if (unit === undefined) return undefined;
  return {
    ms: amount * unit * 1000,
    used: k + 1 - j,
    text: tokens.slice(j, k + 1).join(' '),
  };
}

/** Number words too vague to stand for the far end of a range: "between a and 2 hours ago". */
const VAGUE_NUMBERS = new Set(['a', 'an', 'few', 'couple']);

/** A count whose unit comes later: the "6" of "between 6 and 2 hours ago". */
function parseCount(token: string | undefined): number | undefined {
  if (!token) return undefined;
  if (/^\d+(?:\.\d+)?$/.test(token)) return Number(token);
  return VAGUE_NUMBERS.has(token) ? undefined : NUMBER_WORDS[token];
}

/** The unit a duration ends with, in ms: "hours" of "2 hours", "h" of "2h". */
function unitMs(token: string): number | undefined {
  const seconds = UNIT_SECONDS[token.replace(/^\d+(?:\.\d+)?/, '')];
  return seconds === undefined ? undefined : seconds * 1000;
}

const AGE_ENDINGS = new Set(['ago', 'old']);

/**
 * Two ages joined, in either order: "6 and 2 hours ago", "2 to 6 hours ago", "6h and 2h ago",
 * "6 hours ago and 2 hours ago", "2-6 hours ago", "3 hours ago and now", "1 to 3 days old". The
 * older age starts the range. A bare count borrows the other end's unit.
 */
export function parseAgeRange(
  tokens: string[],
  j: number,
  joiners: ReadonlySet<string>,
  now: Date,
): { since: Date; until: Date; used: number } | undefined {
  const dashed = tokens[j]?.match(/^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/);
  // "2-6 hours ago" reads as "2 to 6 hours ago": two more tokens than were typed.
  const range = dashed
    ? readAgeRange(
        [dashed[1], 'to', dashed[2], ...tokens.slice(j + 1, j + 5)],
        0,
        new Set(['to']),
      )
    : readAgeRange(tokens, j, joiners);
  const shift = dashed ? 2 : 0;
  if (!range || range.used <= shift) return undefined;
  const [older, newer] =
    range.ages[0] >= range.ages[1]
      ? range.ages
      : [range.ages[1], range.ages[0]];
  if (older === newer) return undefined;
  return {
    since: new Date(now.getTime() - older),
    until: new Date(now.getTime() - newer),
    used: range.used - shift,
  };
}

function readAgeRange(
  tokens: string[],
  j: number,
  joiners: ReadonlySet<string>,
): { ages: [number, number]; used: number } | undefined {
  const first = parseDuration(tokens, j);
  const count = first ? undefined : parseCount(tokens[j]);
  if (!first && !count) return undefined;
  let k = j + (first ? first.used : 1);
  const firstAgo = Boolean(first) && AGE_ENDINGS.has(tokens[k]);
  if (firstAgo) k += 1;
  if (!joiners.has(tokens[k])) return undefined;
  k += 1;
  if (firstAgo && tokens[k] === 'now')
    return { ages: [first!.ms, 0], used: k + 1 - j };
  const second = parseDuration(tokens, k);
  if (!second) return undefined;
  k += second.used;
  if (!AGE_ENDINGS.has(tokens[k])) return undefined;
  const borrowed = unitMs(tokens[k - 1]);
  const firstMs = first ? first.ms : borrowed && count! * borrowed;
  if (!firstMs) return undefined;
  return { ages: [firstMs, second.ms], used: k + 1 - j };
}
