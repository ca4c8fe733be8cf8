import type {
  KpiFigures,
  RemediationSummary,
  TrendBucket,
} from '@kubernaut/plugin-kubernaut-common';
import { TERMINAL_PHASES } from '@kubernaut/plugin-kubernaut-common';

const TERMINAL = new Set<string>(TERMINAL_PHASES);

/** How one remediation ended (from its row, or from Data Storage's lifecycle event). */
export interface Ending {
  /** When it ended, epoch milliseconds. */
  endedAtMs: number;
  /** From creation to the end; undefined when unknown. */
  seconds?: number;
  outcome?: string;
  failed: boolean;
}

/** A tally's endings, oldest first, with running totals so that any window is two searches. */
interface Timeline {
  at: Float64Array;
  /** Running totals up to and including each ending (index + 1), starting with 0. */
  failedBefore: Int32Array;
  remediatedBefore: Int32Array;
  timedBefore: Int32Array;
  /** Milliseconds of the timed successes, summed exactly as integers. */
  millisBefore: Float64Array;
  /** The timed successes, longest first: their seconds and when each ended. */
  longest: { seconds: Float64Array; at: Float64Array };
}

/** The first index in `at` (ascending) whose value is not below `value`. */
function lowerBound(at: Float64Array, value: number): number {
  let lo = 0;
  let hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const isTimedSuccess = (ending: Ending) =>
  !ending.failed && ending.seconds !== undefined;

/**
 * Positions 0..n-1 in ascending order of `key`. Whole-number keys (milliseconds, whole seconds)
 * are packed with their position into one number and sorted natively, several times faster than
 * a comparator over 20,000 objects; other keys fall back to the comparator.
 */
export function ascendingOrder(
  n: number,
  key: (i: number) => number,
): Uint32Array {
  let min = Infinity;
  let max = -Infinity;
  let whole = true;
  for (let i = 0; i < n && whole; i++) {
    const k = key(i);
    whole = Number.isSafeInteger(k);
    if (k < min) min = k;
    if (k > max) max = k;
  }
  const slots = 2 ** Math.ceil(Math.log2(n + 1));
  if (n > 0 && whole && (max - min + 1) * slots <= Number.MAX_SAFE_INTEGER) {
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = (key(i) - min) * slots + i;
    packed.sort();
    // Plain loops: a typed array's `from` with a mapping function is several times slower.
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = packed[i] % slots;
    return order;
  }
  return Uint32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => key(a) - key(b),
  );
}

/** Whole milliseconds of a timed success, negated: ascending order is longest first. */
const longestKey = (ending: Ending) => -Math.round(ending.seconds! * 1000);

/** Sorts endings by `key`, ascending, through the packed native sort. */
function sortedBy(endings: readonly Ending[], key: (e: Ending) => number) {
  const order = ascendingOrder(endings.length, i => key(endings[i]));
  const sorted = new Array<Ending>(endings.length);
  for (let i = 0; i < endings.length; i++) sorted[i] = endings[order[i]];
  return sorted;
}

/**
 * The first index in `list` (ascending by `key`) whose key is above `value`, or with `orEqual`
 * not below it.
 */
function searchSorted(
  list: readonly Ending[],
  value: number,
  key: (e: Ending) => number,
  orEqual: boolean,
): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = key(list[mid]);
    if (k < value || (!orEqual && k === value)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Puts `ending` in `list`, ascending by `key`, after its equals; returns where. */
function insertSorted(
  list: Ending[],
  ending: Ending,
  key: (e: Ending) => number,
): number {
  const index = searchSorted(list, key(ending), key, false);
  list.splice(index, 0, ending);
  return index;
}

/** Removes this very ending from `list`, ascending by `key`; returns where it was, or -1. */
function removeSorted(
  list: Ending[],
  ending: Ending,
  key: (e: Ending) => number,
): number {
  const value = key(ending);
  for (
    let i = searchSorted(list, value, key, true);
    i < list.length && key(list[i]) === value;
    i++
  )
    if (list[i] === ending) {
      list.splice(i, 1);
      return i;
    }
  return -1;
}

/** A typed array of `length`, with the first `kept` values of `previous` (copied natively). */
function grownFrom<T extends Float64Array | Int32Array>(
  ArrayType: new (length: number) => T,
  length: number,
  previous: T | undefined,
  kept: number,
): T {
  const array = new ArrayType(length);
  if (previous && kept > 0) array.set(previous.subarray(0, kept) as never);
  return array;
}

/**
 * Running totals over endings already in end-time order, and the timed successes' longest list.
 * Given the previous timeline and the first position of each list that changed since, the
 * positions before it are copied, not worked out again: endings come and go mostly at the recent
 * end, so a change costs the few positions after it.
 */
function timeline(
  byEnd: readonly Ending[],
  longestFirst: readonly Ending[],
  previous?: { line: Timeline; endsFrom: number; longestFrom: number },
): Timeline {
  const n = byEnd.length;
  const from = Math.min(previous?.endsFrom ?? 0, n);
  const old = previous?.line;
  const at = grownFrom(Float64Array, n, old?.at, from);
  const failedBefore = grownFrom(
    Int32Array,
    n + 1,
    old?.failedBefore,
    from + 1,
  );
  const remediatedBefore = grownFrom(
    Int32Array,
    n + 1,
    old?.remediatedBefore,
    from + 1,
  );
  const timedBefore = grownFrom(Int32Array, n + 1, old?.timedBefore, from + 1);
  const millisBefore = grownFrom(
    Float64Array,
    n + 1,
    old?.millisBefore,
    from + 1,
  );
  for (let i = from; i < n; i++) {
    const ending = byEnd[i];
    at[i] = ending.endedAtMs;
    const success = isTimedSuccess(ending);
    failedBefore[i + 1] = failedBefore[i] + (ending.failed ? 1 : 0);
    remediatedBefore[i + 1] =
      remediatedBefore[i] + (ending.outcome === 'Remediated' ? 1 : 0);
    timedBefore[i + 1] = timedBefore[i] + (success ? 1 : 0);
    millisBefore[i + 1] =
      millisBefore[i] + (success ? Math.round(ending.seconds! * 1000) : 0);
  }
  const m = longestFirst.length;
  const longestFrom = Math.min(previous?.longestFrom ?? 0, m);
  const longestSeconds = grownFrom(
    Float64Array,
    m,
    old?.longest.seconds,
    longestFrom,
  );
  const longestAt = grownFrom(Float64Array, m, old?.longest.at, longestFrom);
  for (let i = longestFrom; i < m; i++) {
    longestSeconds[i] = longestFirst[i].seconds!;
    longestAt[i] = longestFirst[i].endedAtMs;
  }
  return {
    at,
    failedBefore,
    remediatedBefore,
    timedBefore,
    millisBefore,
    longest: { seconds: longestSeconds, at: longestAt },
  };
}

/** What ended in one slice of a window. */
export interface SliceTotals {
  resolved: number;
  failed: number;
  timed: number;
  millis: number;
}

const sliceWidth = (
  span: { sinceMs: number; untilMs: number },
  slices: number,
) => Math.max(1, (span.untilMs - span.sinceMs) / slices);

/** One tally's endings in one window: index range and totals. */
export interface KpiWindow {
  readonly tally: KpiTally;
  readonly sinceMs: number;
  readonly untilMs: number;
  readonly ended: number;
  readonly failed: number;
  readonly remediated: number;
  readonly timed: number;
  readonly millis: number;
}

/** Bits of a running remediation's part in the live counts. */
const ACTIVE = 1;
const AWAITING = 2;
const CRITICAL = 4;

/**
 * Endings added since the timeline was last built are sorted in one go when they are this many
 * of the endings kept (a first build, a re-list), and put in place one by one otherwise.
 */
const RESORT_SHARE = 1 / 16;

/**
 * Endings outside a window up to which its successes' durations are counted by search (those
 * outside are set apart and taken off); beyond it, the percentile walks down the longest.
 */
const MAX_SET_APART = 256;

/** Successes lasting at least `ms` milliseconds, among those of a sorted, longest-first list. */
function lastingAtLeast(longestSeconds: Float64Array, ms: number): number {
  const seconds = ms / 1000;
  let lo = 0;
  let hi = longestSeconds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (longestSeconds[mid] >= seconds) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const isWholeMillis = (seconds: number) =>
  Math.round(seconds * 1000) / 1000 === seconds;

/**
 * One cluster's KPI figures for any window: the live counts (active, awaiting approval, critical)
 * and every ending, kept sorted by end time. It depends on the rows and the question only, not on
 * the window, so one tally answers every window until the cluster changes: a new window is two
 * binary searches per cluster, not a pass over its rows. Rows counted by name (`count`) can be
 * taken back (`forget`), so that a tally follows a few changed rows instead of being built again.
 */
export class KpiTally {
  active = 0;
  awaiting = 0;
  critical = 0;
  /** Endings not yet in the sorted lists. */
  private added: Ending[] = [];
  private byEnd: Ending[] = [];
  /** The timed successes, longest first. */
  private longestFirst: Ending[] = [];
  /** The timeline last built; valid when `stale` is false. */
  private sorted?: Timeline;
  private stale = true;
  /** The first positions of `byEnd` and `longestFirst` changed since the timeline was built. */
  private endsChangedFrom = 0;
  private longestChangedFrom = 0;
  /** What each row counted by name added: live-count bits for a running one, else its ending. */
  private readonly running = new Map<string, number>();
  private readonly ended = new Map<string, Ending>();

  private changeCount = 0;
  /** Timed successes whose duration is not whole milliseconds (history can bring such). */
  private fractional = 0;

  /** Bumped by every change, so that figures worked out from the tally can be kept with it. */
  get changes(): number {
    return this.changeCount;
  }

  /** Counts a row that is still running (terminal rows count only through their ending). */
  row(row: RemediationSummary): void {
    this.addBits(this.bitsOf(row));
  }

  end(ending: Ending): void {
    this.added.push(ending);
    this.stale = true;
    this.changeCount++;
    if (isTimedSuccess(ending) && !isWholeMillis(ending.seconds!))
      this.fractional++;
  }

  /** Counts a row as `row` and `end` do, remembering its part by name for `forget`. */
  count(name: string, row: RemediationSummary, ending: Ending | undefined) {
    this.forget(name);
    const bits = this.bitsOf(row);
    if (bits) {
      this.addBits(bits);
      this.running.set(name, bits);
    }
    if (ending) {
      this.end(ending);
      this.ended.set(name, ending);
    }
  }

  /** Rows counted by name. */
  get size(): number {
    return this.running.size + this.ended.size;
  }

  /** Takes back what the row of this name added through `count`, if anything. */
  forget(name: string): void {
    const bits = this.running.get(name);
    if (bits !== undefined) {
      this.addBits(bits, -1);
      this.running.delete(name);
    }
    const ending = this.ended.get(name);
    if (ending) {
      this.ended.delete(name);
      this.removeEnding(ending);
    }
  }

  private bitsOf(row: RemediationSummary): number {
    if (TERMINAL.has(row.phase)) return 0;
    return (
      ACTIVE |
      (row.approval ? AWAITING : 0) |
      (row.severity === 'critical' ? CRITICAL : 0)
    );
  }

  private addBits(bits: number, sign = 1) {
    if (bits) this.changeCount++;
    if (bits & ACTIVE) this.active += sign;
    if (bits & AWAITING) this.awaiting += sign;
    if (bits & CRITICAL) this.critical += sign;
  }

  private removeEnding(ending: Ending) {
    this.stale = true;
    this.changeCount++;
    if (isTimedSuccess(ending) && !isWholeMillis(ending.seconds!))
      this.fractional--;
    const pending = this.added.indexOf(ending);
    if (pending >= 0) {
      this.added.splice(pending, 1);
      return;
    }
    this.endsChanged(removeSorted(this.byEnd, ending, e => e.endedAtMs));
    if (isTimedSuccess(ending))
      this.longestChanged(removeSorted(this.longestFirst, ending, longestKey));
  }

  private endsChanged(index: number) {
    if (index >= 0)
      this.endsChangedFrom = Math.min(this.endsChangedFrom, index);
  }

  private longestChanged(index: number) {
    if (index >= 0)
      this.longestChangedFrom = Math.min(this.longestChangedFrom, index);
  }

  private timeline(): Timeline {
    if (this.sorted && !this.stale) return this.sorted;
    const added = this.added;
    if (added.length > 0) {
      this.added = [];
      if (added.length > this.byEnd.length * RESORT_SHARE) {
        const all = this.byEnd.concat(added);
        this.byEnd = sortedBy(all, e => e.endedAtMs);
        this.longestFirst = sortedBy(all.filter(isTimedSuccess), longestKey);
        this.endsChangedFrom = 0;
        this.longestChangedFrom = 0;
      } else
        for (const ending of added) {
          this.endsChanged(insertSorted(this.byEnd, ending, e => e.endedAtMs));
          if (isTimedSuccess(ending))
            this.longestChanged(
              insertSorted(this.longestFirst, ending, longestKey),
            );
        }
    }
    this.sorted = timeline(
      this.byEnd,
      this.longestFirst,
      this.sorted && {
        line: this.sorted,
        endsFrom: this.endsChangedFrom,
        longestFrom: this.longestChangedFrom,
      },
    );
    this.stale = false;
    this.endsChangedFrom = Infinity;
    this.longestChangedFrom = Infinity;
    return this.sorted;
  }

  /** The endings in [since, until). */
  window(sinceMs: number, untilMs: number): KpiWindow {
    const line = this.timeline();
    const from = lowerBound(line.at, sinceMs);
    const to = Math.max(from, lowerBound(line.at, untilMs));
    const between = (before: Int32Array | Float64Array) =>
      before[to] - before[from];
    return {
      tally: this,
      sinceMs,
      untilMs,
      ended: to - from,
      failed: between(line.failedBefore),
      remediated: between(line.remediatedBefore),
      timed: between(line.timedBefore),
      millis: between(line.millisBefore),
    };
  }

  /** Totals of the endings in each of `slices` equal slices of the window, oldest first. */
  slices(window: KpiWindow, slices: number): SliceTotals[] {
    const line = this.timeline();
    const start = window.sinceMs;
    const width = sliceWidth(window, slices);
    const sliceOf = (at: number) => Math.floor((at - start) / width);
    const end = lowerBound(line.at, window.untilMs);
    let from = lowerBound(line.at, start);
    const totals: SliceTotals[] = [];
    for (let slice = 0; slice < slices; slice++) {
      // Where the next slice begins: endings are in time order, and so are their slices.
      let lo = from;
      let hi = end;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sliceOf(line.at[mid]) <= slice) lo = mid + 1;
        else hi = mid;
      }
      const failed = line.failedBefore[lo] - line.failedBefore[from];
      totals.push({
        resolved: lo - from - failed,
        failed,
        timed: line.timedBefore[lo] - line.timedBefore[from],
        millis: line.millisBefore[lo] - line.millisBefore[from],
      });
      from = lo;
    }
    return totals;
  }

  /** The timed successes, longest first (seconds and end times), for percentiles. */
  longest(): Timeline['longest'] {
    return this.timeline().longest;
  }

  /**
   * How many of a window's timed successes lasted at least so many milliseconds, by two binary
   * searches: over all of them, less those outside the window (set apart here). Undefined when
   * that count would not be exact or cheap: durations that are not whole milliseconds, or more
   * endings outside the window than `MAX_SET_APART`.
   */
  lastingCounter(window: KpiWindow): ((ms: number) => number) | undefined {
    if (this.fractional > 0) return undefined;
    const line = this.timeline();
    const n = this.byEnd.length;
    const from = lowerBound(line.at, window.sinceMs);
    const to = Math.max(from, lowerBound(line.at, window.untilMs));
    if (from + (n - to) > MAX_SET_APART) return undefined;
    const apart: number[] = [];
    const setApart = (i: number) => {
      const ending = this.byEnd[i];
      if (isTimedSuccess(ending)) apart.push(ending.seconds!);
    };
    for (let i = 0; i < from; i++) setApart(i);
    for (let i = to; i < n; i++) setApart(i);
    const apartLongest = Float64Array.from(apart).sort().reverse();
    const all = line.longest.seconds;
    return ms => lastingAtLeast(all, ms) - lastingAtLeast(apartLongest, ms);
  }
}

/**
 * The `p`th percentile (nearest rank) of the timed successes across windows, found by walking
 * each tally's successes from the longest down: about a tenth of them for the 90th percentile
 * of a window that holds most of them, and never a sort.
 */
function percentileFromTop(
  windows: readonly KpiWindow[],
  timed: number,
  p: number,
): number | undefined {
  if (timed === 0) return undefined;
  const rank = Math.min(timed - 1, Math.ceil((p / 100) * timed) - 1);
  let remaining = timed - 1 - rank;
  const counters = windows.map(w => w.tally.lastingCounter(w));
  if (counters.every(counter => counter !== undefined)) {
    // The most milliseconds that at least `remaining + 1` successes lasted: the duration of the
    // (remaining + 1)th longest, found by a binary search over whole milliseconds.
    const needed = remaining + 1;
    const lasting = (ms: number) =>
      counters.reduce((n, counter) => n + counter!(ms), 0);
    let lo = 0;
    let hi = Math.max(
      0,
      ...windows.map(w =>
        Math.round((w.tally.longest().seconds[0] ?? 0) * 1000),
      ),
    );
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (lasting(mid) >= needed) lo = mid;
      else hi = mid - 1;
    }
    return lo / 1000;
  }
  const lists = windows.map(w => w.tally.longest());
  const heads = windows.map(() => 0);
  const inWindow = (i: number) => {
    const { at } = lists[i];
    const { sinceMs, untilMs } = windows[i];
    while (
      heads[i] < at.length &&
      (at[heads[i]] < sinceMs || at[heads[i]] >= untilMs)
    )
      heads[i]++;
    return heads[i] < at.length;
  };
  for (;;) {
    let best = -1;
    for (let i = 0; i < lists.length; i++)
      if (
        inWindow(i) &&
        (best < 0 ||
          lists[i].seconds[heads[i]] > lists[best].seconds[heads[best]])
      )
        best = i;
    if (best < 0) return undefined;
    if (remaining === 0) return lists[best].seconds[heads[best]];
    remaining--;
    heads[best]++;
  }
}

/** KPI figures of one cluster's window, or of several clusters' windows added up. */
export function kpiFigures(windows: readonly KpiWindow[]): KpiFigures {
  const sum = (read: (w: KpiWindow) => number) =>
    windows.reduce((total, w) => total + read(w), 0);
  const ended = sum(w => w.ended);
  const failed = sum(w => w.failed);
  const timed = sum(w => w.timed);
  const remediated = sum(w => w.remediated);
  return {
    activeInvestigations: sum(w => w.tally.active),
    awaitingApproval: sum(w => w.tally.awaiting),
    resolved: ended - failed,
    failed,
    criticalAlerts: sum(w => w.tally.critical),
    ...(timed
      ? {
          meanTimeToResolve: Math.round(sum(w => w.millis) / 1000 / timed),
          p90TimeToResolve: percentileFromTop(windows, timed, 90),
        }
      : {}),
    ...(ended
      ? { successRate: Math.round((remediated / ended) * 1000) / 1000 }
      : {}),
  };
}

/** The trend of one or more windows over the same span, slice by slice. */
export function kpiTrend(
  windows: readonly KpiWindow[],
  span: { sinceMs: number; untilMs: number },
  slices: number,
): TrendBucket[] {
  const width = sliceWidth(span, slices);
  const totals = windows.map(w => w.tally.slices(w, slices));
  return Array.from({ length: slices }, (_, slice) => {
    let resolved = 0;
    let failed = 0;
    let timed = 0;
    let millis = 0;
    for (const cluster of totals) {
      resolved += cluster[slice].resolved;
      failed += cluster[slice].failed;
      timed += cluster[slice].timed;
      millis += cluster[slice].millis;
    }
    return {
      start: new Date(span.sinceMs + slice * width).toISOString(),
      resolved,
      failed,
      ...(timed
        ? { meanTimeToResolve: Math.round(millis / 1000 / timed) }
        : {}),
    };
  });
}
