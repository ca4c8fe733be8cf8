import { distribution } from '../peer/report';
import type { Steps } from './trace';

/** One decision as measured: the POST's round trip, the cache's catch-up and the split. */
export interface DecisionSample {
  /** POST sent -> 200 received (the body carries the decision read back from the cluster). */
  roundTrip: number;
  /** POST sent -> the backend's cache shows the decision (detail route, polled). */
  visible: number;
  steps: Steps;
  /** TCP connections opened during the POST (the client's own included). */
  connections: number;
}

const ms = (value: number) =>
  value >= 100 ? value.toFixed(0) : value.toFixed(1);

const figures = (values: number[]) => {
  const d = distribution(values);
  return `min ${ms(d.min)}  p50 ${ms(d.p50)}  p95 ${ms(d.p95)}  max ${ms(
    d.max,
  )} ms`;
};

/** Mean of each step over some decisions, as "label a.b ms" fields, largest first. */
export function meanSteps(samples: DecisionSample[]): Array<[string, number]> {
  const sums = new Map<string, number>();
  const add = (label: string, value: number) =>
    sums.set(label, (sums.get(label) ?? 0) + value);
  for (const { steps } of samples) {
    add('to the server', steps.toServer);
    add('server: before the first upstream call', steps.beforeUpstream);
    for (const [label, value] of Object.entries(steps.upstream))
      add(label, value);
    add('between upstream calls', steps.between);
    add('after the last upstream call', steps.afterUpstream);
  }
  return [...sums]
    .map(([label, sum]): [string, number] => [label, sum / samples.length])
    .sort((a, b) => b[1] - a[1]);
}

/** The decisions at or above the round trip's p95: the slow tail. */
export function slowTail(samples: DecisionSample[]): DecisionSample[] {
  const p95 = distribution(samples.map(s => s.roundTrip)).p95;
  return samples.filter(s => s.roundTrip >= p95);
}

export function modeLines(mode: string, samples: DecisionSample[]): string[] {
  const tail = slowTail(samples);
  const describe = (steps: Array<[string, number]>) =>
    steps.map(([label, value]) => `${label} ${ms(value)}`).join(', ');
  return [
    `  ${mode} (${samples.length} decisions)`,
    `    POST -> 200 with the decision:     ${figures(
      samples.map(s => s.roundTrip),
    )}`,
    `    POST -> decision in the cache:     ${figures(
      samples.map(s => s.visible),
    )}`,
    `    mean per step, all (ms):           ${describe(meanSteps(samples))}`,
    `    TCP connections opened per decision: ${(
      samples.reduce((n, s) => n + s.connections, 0) / samples.length
    ).toFixed(2)} (each a new TLS handshake when it is to the cluster)`,
    `    mean per step, slowest ${tail.length} (>= p95): ${describe(
      meanSteps(tail),
    )}`,
  ];
}
