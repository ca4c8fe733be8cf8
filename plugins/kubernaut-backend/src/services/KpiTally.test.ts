import type {
  KpiFigures,
  RemediationSummary,
  TrendBucket,
} from '@kubernaut/plugin-kubernaut-common';
import {
  ascendingOrder,
  KpiTally,
  kpiFigures,
  kpiTrend,
  type Ending,
} from './KpiTally';

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 11, 2, 0, 0, 0);

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const outcomeOf = (next: () => number) =>
  next() < 0.8 ? 'Remediated' : 'Inconclusive';

function endings(next: () => number, count: number): Ending[] {
  return Array.from({ length: count }, () => {
    const failed = next() < 0.2;
    const timed = next() < 0.9;
    return {
      // Whole seconds, as rows' timestamps give, and some ties on the end time.
      endedAtMs: T0 + Math.floor(next() * 24 * 60) * 60_000,
      seconds: timed ? Math.floor(next() * 3600) : undefined,
      outcome: failed ? undefined : outcomeOf(next),
      failed,
    };
  });
}

/** What a pass over the endings gives: the figures as the service computed them before. */
function scanned(
  clusters: Ending[][],
  sinceMs: number,
  untilMs: number,
): KpiFigures {
  const inWindow = clusters
    .flat()
    .filter(e => e.endedAtMs >= sinceMs && e.endedAtMs < untilMs);
  const failed = inWindow.filter(e => e.failed).length;
  const durations = inWindow
    .filter(e => !e.failed && e.seconds !== undefined)
    .map(e => e.seconds!)
    .sort((a, b) => a - b);
  const remediated = inWindow.filter(e => e.outcome === 'Remediated').length;
  return {
    activeInvestigations: 0,
    awaitingApproval: 0,
    resolved: inWindow.length - failed,
    failed,
    criticalAlerts: 0,
    ...(durations.length
      ? {
          meanTimeToResolve: Math.round(
            durations.reduce((a, b) => a + b, 0) / durations.length,
          ),
          p90TimeToResolve:
            durations[
              Math.min(
                durations.length - 1,
                Math.ceil(0.9 * durations.length) - 1,
              )
            ],
        }
      : {}),
    ...(inWindow.length
      ? {
          successRate: Math.round((remediated / inWindow.length) * 1000) / 1000,
        }
      : {}),
  };
}

function scannedTrend(
  clusters: Ending[][],
  sinceMs: number,
  untilMs: number,
  slices: number,
): TrendBucket[] {
  const width = Math.max(1, (untilMs - sinceMs) / slices);
  const buckets = Array.from({ length: slices }, (_, i) => ({
    start: new Date(sinceMs + i * width).toISOString(),
    resolved: 0,
    failed: 0,
    seconds: 0,
    timed: 0,
  }));
  for (const e of clusters.flat()) {
    if (e.endedAtMs < sinceMs || e.endedAtMs >= untilMs) continue;
    const bucket = buckets[Math.floor((e.endedAtMs - sinceMs) / width)];
    if (!bucket) continue;
    if (e.failed) bucket.failed++;
    else {
      bucket.resolved++;
      if (e.seconds !== undefined) {
        bucket.seconds += e.seconds;
        bucket.timed++;
      }
    }
  }
  return buckets.map(({ seconds, timed, ...bucket }) =>
    timed
      ? { ...bucket, meanTimeToResolve: Math.round(seconds / timed) }
      : bucket,
  );
}

function tallyOf(clusterEndings: Ending[]): KpiTally {
  const tally = new KpiTally();
  for (const ending of clusterEndings) tally.end(ending);
  return tally;
}

describe('KpiTally', () => {
  it('counts running rows: active, awaiting approval, critical', () => {
    const row = (fields: Partial<RemediationSummary>) =>
      ({
        phase: 'Analyzing',
        severity: 'warning',
        ...fields,
      } as RemediationSummary);
    const tally = new KpiTally();
    tally.row(row({}));
    tally.row(row({ severity: 'critical' }));
    tally.row(
      row({
        phase: 'AwaitingApproval',
        approval: { name: 'rar-a', requiredBy: '2026-12-02T10:00:00Z' },
      }),
    );
    tally.row(row({ phase: 'Completed', severity: 'critical' }));
    expect(kpiFigures([tally.window(0, Infinity)])).toEqual({
      activeInvestigations: 3,
      awaitingApproval: 1,
      resolved: 0,
      failed: 0,
      criticalAlerts: 1,
    });
  });

  it('answers any window, and any set of clusters, as a pass over the endings would', () => {
    const next = random(14);
    const clusters = [0, 1, 2].map(i => endings(next, [400, 37, 0][i]));
    const tallies = clusters.map(tallyOf);
    for (let trial = 0; trial < 200; trial++) {
      const a = T0 + Math.floor(next() * 26 * HOUR) - HOUR;
      const b = T0 + Math.floor(next() * 26 * HOUR) - HOUR;
      const [sinceMs, untilMs] = a <= b ? [a, b] : [b, a];
      const chosen = [0, 1, 2].filter(() => next() < 0.7);
      const windows = chosen.map(i => tallies[i].window(sinceMs, untilMs));
      const asked = chosen.map(i => clusters[i]);
      expect(kpiFigures(windows)).toEqual(scanned(asked, sinceMs, untilMs));
      expect(kpiTrend(windows, { sinceMs, untilMs }, 24)).toEqual(
        scannedTrend(asked, sinceMs, untilMs, 24),
      );
    }
  });

  it('takes back what a row counted by name added, and counts it again as it is now', () => {
    const running = {
      phase: 'AwaitingApproval',
      severity: 'critical',
      approval: { name: 'rar-a' },
    } as RemediationSummary;
    const finished = { phase: 'Completed' } as RemediationSummary;
    const ending = { endedAtMs: T0 + HOUR, seconds: 60, failed: false };
    const tally = new KpiTally();
    tally.count('rr-a', running, undefined);
    tally.count('rr-b', finished, ending);
    const window = () => kpiFigures([tally.window(T0, T0 + 2 * HOUR)]);
    expect(window()).toMatchObject({
      activeInvestigations: 1,
      awaitingApproval: 1,
      criticalAlerts: 1,
      resolved: 1,
    });
    // rr-a ends: its live counts go, its ending comes.
    tally.count('rr-a', finished, {
      endedAtMs: T0 + HOUR,
      seconds: 120,
      failed: true,
    });
    expect(window()).toMatchObject({
      activeInvestigations: 0,
      awaitingApproval: 0,
      criticalAlerts: 0,
      resolved: 1,
      failed: 1,
    });
    tally.forget('rr-b');
    tally.forget('rr-unknown');
    expect(window()).toMatchObject({ resolved: 0, failed: 1 });
    expect(tally.size).toBe(1);
  });

  it("finds the 90th percentile of a window's successes, leaving out the longer ones outside it", () => {
    const tally = new KpiTally();
    // Three long successes before the window and two after it, twenty inside it.
    for (const [at, seconds] of [
      [T0 - 3 * HOUR, 1000],
      [T0 - 2 * HOUR, 900],
      [T0 - HOUR, 800],
      [T0 + 3 * HOUR, 700],
      [T0 + 4 * HOUR, 600],
    ])
      tally.end({ endedAtMs: at, seconds, failed: false });
    for (let i = 1; i <= 20; i++)
      tally.end({ endedAtMs: T0 + i * 60_000, seconds: i, failed: false });
    const inside = kpiFigures([tally.window(T0, T0 + 2 * HOUR)]);
    expect(inside.p90TimeToResolve).toBe(18);
    // A duration that is not whole milliseconds (history can bring one) is found by walking.
    tally.end({ endedAtMs: T0 + 30 * 60_000, seconds: 18.5005, failed: false });
    expect(kpiFigures([tally.window(T0, T0 + 2 * HOUR)]).p90TimeToResolve).toBe(
      18.5005,
    );
    // All 26: the 24th shortest.
    expect(kpiFigures([tally.window(0, Infinity)]).p90TimeToResolve).toBe(800);
  });

  it('takes endings added after a window was read (history from Data Storage)', () => {
    const tally = new KpiTally();
    tally.end({ endedAtMs: T0 + HOUR, seconds: 60, failed: false });
    expect(kpiFigures([tally.window(T0, T0 + 2 * HOUR)]).resolved).toBe(1);
    tally.end({ endedAtMs: T0 + 90 * 60_000, failed: true });
    expect(kpiFigures([tally.window(T0, T0 + 2 * HOUR)])).toMatchObject({
      resolved: 1,
      failed: 1,
      meanTimeToResolve: 60,
      p90TimeToResolve: 60,
      successRate: 0,
    });
  });

  it('gives the exact percentile value of fractional durations (from Data Storage milliseconds)', () => {
    const tally = tallyOf([
      { endedAtMs: T0, seconds: 1221.457, failed: false },
      { endedAtMs: T0 + 1, seconds: 0.5, failed: false },
      { endedAtMs: T0 + 2, seconds: 10.25, failed: false },
    ]);
    expect(kpiFigures([tally.window(T0, T0 + 3)])).toMatchObject({
      meanTimeToResolve: 411,
      p90TimeToResolve: 1221.457,
    });
  });
});

describe('ascendingOrder', () => {
  it.each([
    [
      'whole milliseconds (packed)',
      (next: () => number) => T0 + Math.floor(next() * 1e8),
    ],
    ['fractional seconds (compared)', (next: () => number) => next() * 1000],
    [
      'a span too wide to pack',
      (next: () => number) =>
        (next() < 0.5 ? -1 : 1) * Math.floor(next() * 2 ** 52),
    ],
  ])('orders %s, ties by position', (_, draw) => {
    const next = random(7);
    const keys = Array.from({ length: 5000 }, () =>
      next() < 0.1 ? 42 : draw(next),
    );
    const expected = keys
      .map((key, i) => ({ key, i }))
      .sort((a, b) => a.key - b.key || a.i - b.i)
      .map(({ i }) => i);
    const order = [...ascendingOrder(keys.length, i => keys[i])];
    expect(order.map(i => keys[i])).toEqual(expected.map(i => keys[i]));
    expect(new Set(order).size).toBe(keys.length);
  });
});
