/** How the frontend benchmarks print: figures only, nothing else writes to the terminal. */
import type { Page } from '@playwright/test';
import {
  breakDownTask,
  type LongTask,
  type RecordedProfile,
} from './cpuProfile';
import { sourceMapResolver } from './sourceMaps';

export const print = (line: string) => process.stdout.write(`${line}\n`);
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const ms = (value: number) => `${Math.round(value)} ms`;
export const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Records long tasks from the first byte of every page. */
export const LONG_TASK_OBSERVER = `
  window.__longTasks = [];
  new PerformanceObserver(list => {
    for (const entry of list.getEntries())
      window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
`;

export async function longTasks(page: Page): Promise<LongTask[]> {
  return page.evaluate(() => (window as any).__longTasks);
}

/** Waits until no long task has ended for `forMs` (at most `timeoutMs`). */
export async function quiet(page: Page, forMs: number, timeoutMs = 15_000) {
  await page.waitForFunction(
    quietFor => {
      const tasks = (window as any).__longTasks as Array<{
        start: number;
        duration: number;
      }>;
      const last = Math.max(0, ...tasks.map(t => t.start + t.duration));
      return performance.now() - last > quietFor;
    },
    forMs,
    { polling: 100, timeout: timeoutMs },
  );
}

/** Where the longest tasks of a profiled run spent their time, heaviest functions first. */
export function printBreakdown(
  dist: string,
  profile: RecordedProfile,
  tasks: LongTask[],
) {
  const resolveSource = sourceMapResolver(dist);
  for (const task of tasks.slice(0, 3)) {
    const { sampledMs, functions } = breakDownTask(
      profile,
      task,
      resolveSource,
    );
    print(
      `  profile of the ${ms(task.duration)} task (${ms(
        sampledMs,
      )} sampled), self time:`,
    );
    for (const fn of functions.slice(0, 12)) {
      print(`    ${ms(fn.selfMs).padStart(7)}  ${fn.label}`);
      if (fn.via.length) print(`               via ${fn.via.join(' < ')}`);
    }
  }
}
