/**
 * Time words: windows ("yesterday", "last 2h", "between 2pm and 4pm"), lower bounds ("since
 * 8am", "from yesterday 5pm", "newer than 30 minutes") and upper bounds ("before 6am", "older
 * than 2 hours"). Clock times are read in the operator's time zone.
 */

import {
  NUMBER_WORDS,
  parseAgeRange,
  parseDuration,
  UNIT_SECONDS,
} from './durations';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface TimeMatch {
  since?: Date;
  until?: Date;
  /** Tokens consumed. */
  used: number;
  label: string;
}

interface Context {
  now: Date;
  /** Minutes east of UTC. */
  offset: number;
  /** The operator's local midnight today, as an instant. */
  today: Date;
}

const WEEKDAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
];
const WEEKDAY_SHORT: Record<string, number> = {
  sun: 0,
  mon: 1,
  tue: 2,
  tues: 2,
  wed: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  fri: 5,
  sat: 6,
};

/** [start hour, end hour] of the parts of a day; night runs into the next morning. */
const DAY_PARTS: Record<string, [number, number]> = {
  morning: [0, 12],
  afternoon: [12, 18],
  evening: [18, 24],
  night: [18, 32],
};

export function startOfDay(now: Date, offsetMinutes: number): Date {
  const local = new Date(now.getTime() + offsetMinutes * MINUTE);
  local.setUTCHours(0, 0, 0, 0);
  return new Date(local.getTime() - offsetMinutes * MINUTE);
}

function weekdayIndex(token: string | undefined): number {
  if (!token) return -1;
  const full = WEEKDAYS.indexOf(token);
  if (full >= 0) return full;
  return WEEKDAY_SHORT[token] ?? -1;
}

/** The most recent `weekday` before today (a week ago when today is that day). */
function lastWeekday(ctx: Context, weekday: number): Date {
  const local = new Date(ctx.today.getTime() + ctx.offset * MINUTE);
  const back = (local.getUTCDay() - weekday + 7) % 7 || 7;
  return new Date(ctx.today.getTime() - back * DAY);
}

interface Clock {
  minutes: number;
  used: number;
  /** A bare number ("between 8 and 10am"): a clock only where the other end says so. */
  bare: boolean;
  meridiem?: 'am' | 'pm';
}

/** "8am", "8 am", "8:30", "08:30pm", "14:00", "noon", "midnight"; a bare "8" is marked bare. */
function parseClock(tokens: string[], j: number): Clock | undefined {
  const token = tokens[j];
  if (!token) return undefined;
  if (token === 'noon' || token === 'midday')
    return { minutes: 720, used: 1, bare: false };
  if (token === 'midnight') return { minutes: 0, used: 1, bare: false };
  const m = token.match(/^(\d{1,2})(?:[:.](\d{2}))?(am|pm|a\.m|p\.m)?$/);
  if (!m) return undefined;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? 0);
  let meridiem = m[3]?.replace('.', '') as 'am' | 'pm' | undefined;
  let used = 1;
  const next = tokens[j + 1];
  if (!meridiem && (next === 'am' || next === 'pm')) {
    meridiem = next;
    used = 2;
  } else if (!meridiem && next === 'oclock') used = 2;
  if (minute > 59 || hour > 23 || (meridiem && (hour < 1 || hour > 12)))
    return undefined;
  const bare = !meridiem && m[2] === undefined && used === 1;
  if (meridiem === 'pm' && hour !== 12) hour += 12;
  if (meridiem === 'am' && hour === 12) hour = 0;
  return { minutes: hour * 60 + minute, used, bare, meridiem };
}

/** Gives a bare clock the other end's am/pm: "between 8 and 10am". */
function withMeridiem(clock: Clock, meridiem: 'am' | 'pm' | undefined): Clock {
  if (!clock.bare) return clock;
  let hour = Math.floor(clock.minutes / 60);
  if (meridiem === 'pm' && hour < 12) hour += 12;
  return { ...clock, minutes: hour * 60, bare: false };
}

interface Day {
  start: Date;
  used: number;
}

/** "today", "yesterday", "monday", "last monday", "on friday", "2026-11-19". */
function parseDay(tokens: string[], j: number, ctx: Context): Day | undefined {
  let k = j;
  if (tokens[k] === 'on' || tokens[k] === 'last') k += 1;
  const t = tokens[k];
  if (!t) return undefined;
  if (k === j && t === 'today') return { start: ctx.today, used: 1 };
  if (k === j && t === 'yesterday')
    return { start: new Date(ctx.today.getTime() - DAY), used: 1 };
  const weekday = weekdayIndex(t);
  if (weekday >= 0)
    return { start: lastWeekday(ctx, weekday), used: k + 1 - j };
  if (tokens[j] !== 'last' && /^\d{4}-\d{2}-\d{2}$/.test(t)) {
    const date = new Date(`${t}T00:00:00Z`);
    if (!Number.isNaN(date.getTime()))
      return {
        start: new Date(date.getTime() - ctx.offset * MINUTE),
        used: k + 1 - j,
      };
  }
  return undefined;
}

/** A clock's day named after it: "5pm yesterday", "7am this morning", "10pm last night". */
function clockQualifier(
  tokens: string[],
  j: number,
  clock: Clock,
  ctx: Context,
): Day | undefined {
  const t = tokens[j];
  if (t === 'this' && DAY_PARTS[tokens[j + 1]])
    return { start: ctx.today, used: 2 };
  if (t === 'tonight') return { start: ctx.today, used: 1 };
  if (t === 'last' && tokens[j + 1] === 'night')
    return {
      start:
        clock.minutes >= 720 ? new Date(ctx.today.getTime() - DAY) : ctx.today,
      used: 2,
    };
  return parseDay(tokens, j, ctx);
}

interface Point {
  start: Date;
  /** Where a named day or part of a day ends; equal to start for a clock time. */
  end: Date;
  used: number;
  /** A clock time with no day: today, or yesterday when that is still to come. */
  floating: boolean;
  clock?: Clock;
}

/**
 * A moment or a stretch of time: "5pm", "yesterday 5pm", "5pm yesterday", "yesterday at 5pm",
 * "monday", "yesterday afternoon", "this morning", "2026-11-19". Bare numbers are clocks only
 * when `meridiem` lends them one.
 */
function parsePoint(
  tokens: string[],
  j: number,
  ctx: Context,
  lend?: { meridiem?: 'am' | 'pm'; allowBare?: boolean; noQualifier?: boolean },
): Point | undefined {
  if (tokens[j] === 'at' || tokens[j] === 'around') {
    const inner = parsePoint(tokens, j + 1, ctx, lend);
    return inner && inner.clock ? { ...inner, used: inner.used + 1 } : inner;
  }
  if (tokens[j] === 'this' && DAY_PARTS[tokens[j + 1]]) {
    const [from, to] = DAY_PARTS[tokens[j + 1]];
    return {
      start: new Date(ctx.today.getTime() + from * HOUR),
      end: new Date(ctx.today.getTime() + to * HOUR),
      used: 2,
      floating: false,
    };
  }
  const day = parseDay(tokens, j, ctx);
  if (day) {
    let k = j + day.used;
    if (tokens[k] === 'at' || tokens[k] === 'around') k += 1;
    const clock = parseClock(tokens, k);
    if (clock && !clock.bare) {
      const start = new Date(day.start.getTime() + clock.minutes * MINUTE);
      return {
        start,
        end: start,
        used: k + clock.used - j,
        floating: false,
        clock,
      };
    }
    const part = DAY_PARTS[tokens[j + day.used]];
    if (part)
      return {
        start: new Date(day.start.getTime() + part[0] * HOUR),
        end: new Date(day.start.getTime() + part[1] * HOUR),
        used: day.used + 1,
        floating: false,
      };
    return {
      start: day.start,
      end: new Date(day.start.getTime() + DAY),
      used: day.used,
      floating: false,
    };
  }
  let clock = parseClock(tokens, j);
  if (!clock) return undefined;
  if (clock.bare) {
    if (!lend?.allowBare) return undefined;
    clock = withMeridiem(clock, lend.meridiem);
  }
  const qualifier = lend?.noQualifier
    ? undefined
    : clockQualifier(tokens, j + clock.used, clock, ctx);
  const base = qualifier?.start ?? ctx.today;
  const start = new Date(base.getTime() + clock.minutes * MINUTE);
  return {
    start,
    end: start,
    used: clock.used + (qualifier?.used ?? 0),
    floating: !qualifier,
    clock,
  };
}

/** A floating clock time still to come today means yesterday's. */
function settle(point: Point, ctx: Context): Date {
  if (point.floating && point.start > ctx.now)
    return new Date(point.start.getTime() - DAY);
  return point.start;
}

const RANGE_JOINERS = new Set([
  'to',
  'till',
  'til',
  'until',
  'through',
  'thru',
]);

/**
 * "X and Y" after "between", "X to Y" after "from", or "X-Y" / "X to Y" on its own (clock
 * times only). A day named after the range applies to both ends: "2pm to 4pm yesterday".
 */
function parseRange(
  tokens: string[],
  j: number,
  joiners: Set<string>,
  ctx: Context,
  day?: Date,
): { since: Date; until: Date; used: number } | undefined {
  // "2pm-4pm", "14:00-16:30" in one token.
  const dashed = tokens[j]?.match(/^([0-9:.apm]+)-([0-9:.apm]+)$/);
  let first: Point | undefined;
  let second: Point | undefined;
  let used: number;
  if (dashed) {
    const parts = [dashed[1], dashed[2]];
    const end = parseClock(parts, 1);
    if (!end || end.bare) return undefined;
    first = parsePoint(parts, 0, ctx, {
      meridiem: end.meridiem,
      allowBare: true,
      noQualifier: true,
    });
    second = parsePoint(parts, 1, ctx, { noQualifier: true });
    if (!first || !second || first.used !== 1 || second.used !== 1)
      return undefined;
    used = 1;
  } else {
    // Look at the far end first: it may lend the near end its am/pm.
    const nearClock = parseClock(tokens, j);
    const farAt = j + (nearClock?.used ?? 0);
    const farClock =
      nearClock && joiners.has(tokens[farAt])
        ? parseClock(tokens, farAt + 1)
        : undefined;
    first = parsePoint(tokens, j, ctx, {
      meridiem: farClock?.meridiem,
      allowBare: Boolean(farClock && !farClock.bare),
    });
    if (!first) return undefined;
    const joiner = tokens[j + first.used];
    if (!joiners.has(joiner)) return undefined;
    second = parsePoint(tokens, j + first.used + 1, ctx, {
      meridiem: first.clock?.meridiem,
      allowBare: Boolean(first.clock && !first.clock.bare),
      noQualifier: first.floating,
    });
    if (!second) return undefined;
    used = first.used + 1 + second.used;
  }
  // One day for both ends: named before ("yesterday between ...") or after ("... yesterday").
  let sinceAt = first.start;
  let untilAt = second.clock ? second.start : second.end;
  if (first.floating && second.floating && second.clock) {
    const after = clockQualifier(tokens, j + used, second.clock, ctx);
    const base = day ?? after?.start;
    if (after) used += after.used;
    if (base) {
      sinceAt = new Date(base.getTime() + first.clock!.minutes * MINUTE);
      untilAt = new Date(base.getTime() + second.clock.minutes * MINUTE);
    } else if (sinceAt > ctx.now) {
      sinceAt = new Date(sinceAt.getTime() - DAY);
      untilAt = new Date(untilAt.getTime() - DAY);
    }
  } else if (first.floating) {
    sinceAt = settle(first, ctx);
  }
  // Clock ranges may cross midnight ("between 10pm and 2am"), days wrap a week.
  while (untilAt <= sinceAt) {
    untilAt = new Date(untilAt.getTime() + (second.clock ? DAY : 7 * DAY));
  }
  return { since: sinceAt, until: untilAt, used };
}

const BETWEEN_JOINERS = new Set(['and', ...RANGE_JOINERS]);
const BARE_JOINERS = new Set(['to', 'till', 'until']);

/** "between 2pm and 4pm", "from 9 to 5", "2pm-4pm", "between 6 and 2 hours ago", "2 to 6 hours ago". */
function parseLeadRange(
  tokens: string[],
  i: number,
  ctx: Context,
): { since: Date; until: Date; used: number } | undefined {
  const lead = tokens[i] === 'between' || tokens[i] === 'from' ? 1 : 0;
  let joiners = BARE_JOINERS;
  if (tokens[i] === 'between') joiners = BETWEEN_JOINERS;
  else if (tokens[i] === 'from') joiners = RANGE_JOINERS;
  const range =
    parseAgeRange(tokens, i + lead, joiners, ctx.now) ??
    (lead || parseClock(tokens, i)
      ? parseRange(tokens, i + lead, joiners, ctx)
      : undefined);
  return range && { ...range, used: range.used + lead };
}

const OLD = new Set(['old', 'ago']);

/** Recognises a time window or bound starting at tokens[i]. */
export function parseTime(
  tokens: string[],
  i: number,
  now: Date,
  offset: number,
): TimeMatch | undefined {
  const ctx: Context = { now, offset, today: startOfDay(now, offset) };
  const t = tokens[i];
  const text = (used: number) => tokens.slice(i, i + used).join(' ');
  const ago = (ms: number) => new Date(now.getTime() - ms);

  const leadRange = parseLeadRange(tokens, i, ctx);
  if (leadRange) return { ...leadRange, label: text(leadRange.used) };

  // A named day with a range, a time or a part of the day: "yesterday between 2 and 4pm".
  const day = parseDay(tokens, i, ctx);
  if (
    day &&
    (t === 'yesterday' || t === 'today' || t === 'on' || weekdayIndex(t) >= 0)
  ) {
    let k = i + day.used;
    let joiners = new Set(['to', 'till', 'until']);
    if (tokens[k] === 'between' || tokens[k] === 'from') {
      joiners = new Set(['and', ...RANGE_JOINERS]);
      k += 1;
    }
    const range = parseRange(tokens, k, joiners, ctx, day.start);
    if (range)
      return {
        since: range.since,
        until: range.until,
        used: k + range.used - i,
        label: text(k + range.used - i),
      };
    const point = parsePoint(tokens, i, ctx);
    if (point && point.clock)
      return { since: point.start, used: point.used, label: text(point.used) };
    if (point && point.used > day.used)
      return {
        since: point.start,
        until: point.end,
        used: point.used,
        label: text(point.used),
      };
  }

  if (t === 'today') return { since: ctx.today, used: 1, label: 'today' };
  if (t === 'yesterday')
    return {
      since: new Date(ctx.today.getTime() - DAY),
      until: ctx.today,
      used: 1,
      label: 'yesterday',
    };
  if (day && (t === 'on' || weekdayIndex(t) >= 0))
    return {
      since: day.start,
      until: new Date(day.start.getTime() + DAY),
      used: day.used,
      label: text(day.used),
    };
  if (t === 'tonight' || t === 'overnight')
    return {
      since: new Date(ctx.today.getTime() - 6 * HOUR),
      used: 1,
      label: 'overnight',
    };

  // Age: "older than 2 hours", "more than 3 days old", "newer than 45 minutes".
  const ageBound = parseAge(tokens, i, ctx);
  if (ageBound) return { ...ageBound, label: text(ageBound.used) };

  // Upper bounds: "before 6am", "until 11am", "up to 2 hours ago".
  let boundAt = 0;
  if (['before', 'until', 'till', 'til', 'through', 'thru'].includes(t))
    boundAt = 1;
  else if (
    (t === 'up' && tokens[i + 1] === 'to') ||
    (t === 'prior' && tokens[i + 1] === 'to') ||
    (t === 'earlier' && tokens[i + 1] === 'than')
  )
    boundAt = 2;
  if (boundAt) {
    const duration = parseDuration(tokens, i + boundAt);
    if (duration && tokens[i + boundAt + duration.used] === 'ago') {
      const used = boundAt + duration.used + 1;
      return { until: ago(duration.ms), used, label: text(used) };
    }
    const point = parsePoint(tokens, i + boundAt, ctx);
    if (point) {
      const inclusive = t === 'through' || t === 'thru';
      const used = boundAt + point.used;
      return {
        until: inclusive && !point.clock ? point.end : point.start,
        used,
        label: text(used),
      };
    }
    return undefined;
  }

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
    } else if (NUMBER_WORDS[tokens[j]] !== undefined) {
      const duration = parseDuration(tokens, j);
      if (duration)
        return {
          since: ago(duration.ms),
          used: j + duration.used - i,
          label: `last ${duration.text}`,
        };
    } else if (tokens[j] && UNIT_SECONDS[tokens[j]] !== undefined) {
      amount = 1;
      unit = tokens[j];
      j += 1;
    }
    const seconds = unit ? UNIT_SECONDS[unit] : undefined;
    if (amount !== undefined && seconds !== undefined && amount > 0) {
      return {
        since: ago(amount * seconds * 1000),
        used: j - i,
        label: `last ${amount}${unit!.charAt(0)}`,
      };
    }
    if (t === 'last' && tokens[i + 1] === 'night')
      return {
        since: new Date(ctx.today.getTime() - 6 * HOUR),
        until: new Date(ctx.today.getTime() + 8 * HOUR),
        used: 2,
        label: 'last night',
      };
    return undefined;
  }

  if (t === 'this' && DAY_PARTS[tokens[i + 1]]) {
    const point = parsePoint(tokens, i, ctx)!;
    return {
      since: point.start,
      until: point.end,
      used: 2,
      label: text(2),
    };
  }
  if (t === 'this' && tokens[i + 1] === 'week') {
    const local = new Date(ctx.today.getTime() + offset * MINUTE);
    const daysSinceMonday = (local.getUTCDay() + 6) % 7;
    return {
      since: new Date(ctx.today.getTime() - daysSinceMonday * DAY),
      used: 2,
      label: 'this week',
    };
  }

  // Lower bounds: "since 8am", "from yesterday 5pm", "after 10pm yesterday".
  if (t === 'since' || t === 'after' || t === 'from') {
    const duration = parseDuration(tokens, i + 1);
    if (duration && tokens[i + 1 + duration.used] === 'ago') {
      const used = 2 + duration.used;
      return { since: ago(duration.ms), used, label: text(used) };
    }
    const point = parsePoint(tokens, i + 1, ctx);
    if (!point) return undefined;
    const used = 1 + point.used;
    // "from yesterday afternoon", "from this morning": during that part of the day.
    const partOfDay =
      !point.clock && point.end.getTime() - point.start.getTime() < DAY;
    if (t === 'from' && partOfDay)
      return { since: point.start, until: point.end, used, label: text(used) };
    const since =
      t === 'after' && !point.clock ? point.end : settle(point, ctx);
    const label = `since ${tokens
      .slice(i + 1, i + used)
      .join(' ')
      .replace(/(\d) (am|pm)\b/, '$1$2')}`;
    return { since, used, label };
  }
  return undefined;
}

/** "older than 2h", "more than 3 days old", "over an hour old", "at least 6 hours old", ... */
function parseAge(
  tokens: string[],
  i: number,
  ctx: Context,
): { since?: Date; until?: Date; used: number } | undefined {
  const t = tokens[i];
  const n = tokens[i + 1];
  let older: boolean | undefined;
  let at = 0;
  /** Whether "old"/"ago" must follow, so "over" and "under" stay ordinary words. */
  let needsOld = false;
  if ((t === 'older' || t === 'earlier') && n === 'than') {
    older = true;
    at = 2;
  } else if (
    (t === 'newer' || t === 'younger' || t === 'fresher') &&
    n === 'than'
  ) {
    older = false;
    at = 2;
  } else if (
    (t === 'more' || t === 'greater' || t === 'longer') &&
    n === 'than'
  ) {
    older = true;
    at = 2;
  } else if ((t === 'less' || t === 'fewer') && n === 'than') {
    older = false;
    at = 2;
  } else if (t === 'at' && n === 'least') {
    older = true;
    at = 2;
    needsOld = true;
  } else if (t === 'at' && n === 'most') {
    older = false;
    at = 2;
    needsOld = true;
  } else if (t === 'over') {
    older = true;
    at = 1;
    needsOld = true;
  } else if (t === 'under') {
    older = false;
    at = 1;
    needsOld = true;
  }
  if (older === undefined) return undefined;
  const duration = parseDuration(tokens, i + at);
  if (!duration) {
    // "older than yesterday", "newer than monday"
    if (at === 2 && (t === 'older' || t === 'newer' || t === 'earlier')) {
      const point = parsePoint(tokens, i + at, ctx);
      if (point)
        return older
          ? { until: point.start, used: at + point.used }
          : {
              since: point.clock ? point.start : point.end,
              used: at + point.used,
            };
    }
    return undefined;
  }
  let used = at + duration.used;
  const hasOld = OLD.has(tokens[i + used]);
  if (needsOld && !hasOld) return undefined;
  if (hasOld) used += 1;
  const bound = new Date(ctx.now.getTime() - duration.ms);
  return older ? { until: bound, used } : { since: bound, used };
}
