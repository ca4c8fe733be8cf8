import type { RequestCounts } from './requestCounter';

export interface Distribution {
  min: number;
  p50: number;
  p95: number;
  max: number;
  n: number;
}

export function distribution(samples: number[]): Distribution {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[
      Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
    ];
  return {
    min: sorted[0],
    p50: at(50),
    p95: at(95),
    max: sorted[sorted.length - 1],
    n: sorted.length,
  };
}

/** One question's measured run: latency, sandbox requests per answer and the answer itself. */
export interface Measured {
  latency: Distribution;
  /** Time to the response headers (the server's part), for questions answered in one request. */
  toHeaders?: Distribution;
  samples: number[];
  perAnswer: RequestCounts;
  answer: string[];
}

const ms = (value: number) =>
  value >= 100 ? value.toFixed(0) : value.toFixed(1);

export const describeRun = (label: string, run: Measured) =>
  `  ${label.padEnd(34)} min ${ms(run.latency.min)}  p50 ${ms(
    run.latency.p50,
  )}  p95 ${ms(run.latency.p95)}  max ${ms(run.latency.max)} ms  (n=${
    run.latency.n
  }${
    run.toHeaders ? `; to headers p50 ${ms(run.toHeaders.p50)}` : ''
  }; per answer: ${run.perAnswer.kubernetes.toFixed(
    1,
  )} Kubernetes API, ${run.perAnswer.dataStorage.toFixed(
    1,
  )} Data Storage requests)`;

/** How the peer's answer compares with ours, as names (or figures) in common. */
export function verdict(ours: string[], peer: string[]): string {
  const mine = new Set(ours);
  const others = peer.filter(name => !mine.has(name));
  if (others.length === 0 && peer.length === ours.length) return 'right';
  return `wrong: has ${peer.length - others.length} of our ${ours.length}, ${
    others.length
  } others${others.length ? ` (${others[0]}, ...)` : ''}`;
}

export interface Comparison {
  question: string;
  ours: Measured;
  peer: Measured;
}

/** The side-by-side table: ratios to the peer, distance to the floor, requests, correctness. */
/**
 * Ours over the floor at p50 to the response headers: the server's part of both, without the
 * client reading and decoding the body (undefined when either was not timed so).
 */
export function serverPartRatio(
  ours: Measured,
  floor: Measured,
): number | undefined {
  return ours.toHeaders && floor.toHeaders
    ? ours.toHeaders.p50 / floor.toHeaders.p50
    : undefined;
}

export function comparisonTable(
  rows: Comparison[],
  floorRun: Measured,
): string {
  const floor = floorRun.latency;
  const lines = [
    `  ${'question'.padEnd(30)} ${'ours p50/p95'.padEnd(
      15,
    )} ${'peer p50/p95'.padEnd(17)} ${'x peer p50/p95'.padEnd(
      16,
    )} ${'ours/floor p50'.padEnd(15)} ${'to headers'.padEnd(
      11,
    )} ${'k8s req/answer'.padEnd(15)} peer's answer`,
  ];
  for (const { question, ours, peer } of rows) {
    const serverPart = serverPartRatio(ours, floorRun);
    lines.push(
      `  ${question.padEnd(30)} ${`${ms(ours.latency.p50)}/${ms(
        ours.latency.p95,
      )}`.padEnd(15)} ${`${ms(peer.latency.p50)}/${ms(
        peer.latency.p95,
      )}`.padEnd(17)} ${`${(peer.latency.p50 / ours.latency.p50).toFixed(1)}/${(
        peer.latency.p95 / ours.latency.p95
      ).toFixed(1)}`.padEnd(16)} ${`${(ours.latency.p50 / floor.p50).toFixed(
        2,
      )} (+${ms(ours.latency.p50 - floor.p50)})`.padEnd(15)} ${(serverPart
        ? serverPart.toFixed(2)
        : ''
      ).padEnd(11)} ${`${ours.perAnswer.kubernetes.toFixed(
        1,
      )} vs ${peer.perAnswer.kubernetes.toFixed(1)}`.padEnd(15)} ${verdict(
        ours.answer,
        peer.answer,
      )}`,
    );
  }
  return lines.join('\n');
}

/** The issue's goals, met or not: filtered questions 50x the peer, reads within 1.5x the floor. */
export function goalLines(
  rows: Array<Comparison & { filtered: boolean }>,
  floorRun: Measured,
): string[] {
  const lines: string[] = [];
  for (const { question, ours, peer, filtered } of rows) {
    const nearFloor = ours.latency.p50 / floorRun.latency.p50;
    const serverPart = serverPartRatio(ours, floorRun);
    const checks = [
      `${nearFloor.toFixed(2)}x the floor at p50 (goal <= 1.5: ${
        nearFloor <= 1.5 ? 'met' : 'not met'
      }${
        serverPart
          ? `; to headers ${serverPart.toFixed(2)}x: ${
              serverPart <= 1.5 ? 'met' : 'not met'
            }`
          : ''
      })`,
    ];
    if (filtered) {
      const faster = peer.latency.p50 / ours.latency.p50;
      // The most any route of this backend could be: one that does nothing but check the token.
      const bound = peer.latency.p50 / floorRun.latency.p50;
      checks.push(
        `${faster.toFixed(0)}x faster than the peer at p50 (goal >= 50: ${
          faster >= 50 ? 'met' : 'not met'
        }; the floor itself is ${bound.toFixed(0)}x)`,
      );
    }
    lines.push(`  ${question.padEnd(32)} ${checks.join('; ')}`);
  }
  return lines;
}
