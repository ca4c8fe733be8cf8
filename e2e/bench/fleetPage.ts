/**
 * The fleet page at scale, loaded from the address bar: when its KPIs and first rows show, when
 * its trend charts show, when it is interactive, and the long tasks meanwhile.
 */
import type { Page } from '@playwright/test';
import { join } from 'node:path';
import {
  startProfiling,
  writeProfile,
  type LongTask,
  type RecordedProfile,
} from './cpuProfile';
import { longTasks, median, ms, print, printBreakdown, quiet } from './report';

/** Time to interactive as Lighthouse defines it: the last long task before 5 s of quiet. */
const QUIET_WINDOW_MS = 5000;

interface FleetLoad {
  /** KPIs and the first rows of the table visible, ms after navigation. */
  ready: number;
  /** The outcome chart's bars drawn. */
  charts: number;
  /** The end of the last long task before a 5 s quiet window (or `charts` if later). */
  interactive: number;
  longest: number;
  over50: number;
  total: number;
  /** How long the backend took to answer the page's summary and first page of rows. */
  summaryMs: number;
  rowsMs: number;
  tasks: LongTask[];
}

/** The longest request whose path contains `path`, from the page's resource timings. */
const requestMs = (page: Page, path: string) =>
  page.evaluate(
    part =>
      Math.max(
        0,
        ...performance
          .getEntriesByType('resource')
          .filter(e => new URL(e.name).pathname.includes(part))
          .map(e => (e as PerformanceResourceTiming).responseEnd - e.startTime),
      ),
    path,
  );

const visibleAt = (page: Page, selector: string) =>
  page
    .waitForFunction(
      css => (document.querySelector(css) ? performance.now() : false),
      selector,
      { polling: 'raf', timeout: 120_000 },
    )
    .then(handle => handle.jsonValue() as Promise<number>);

async function loadOnce(page: Page, url: string): Promise<FleetLoad> {
  await page.goto(url);
  const ready = await page
    .waitForFunction(
      () => {
        const row = document.querySelector(
          '[role=table][aria-label=Remediations] a[role=row]',
        );
        const kpi = document.querySelector(
          '[aria-label="Key figures"] p.MuiTypography-h4, [aria-label="Key figures"] h3 + p',
        );
        return row && kpi ? performance.now() : false;
      },
      undefined,
      { polling: 'raf', timeout: 120_000 },
    )
    .then(handle => handle.jsonValue() as Promise<number>);
  const charts = await visibleAt(page, '.recharts-bar-rectangle');
  await quiet(page, QUIET_WINDOW_MS, 90_000);
  const tasks = await longTasks(page);
  const lastEnd = Math.max(0, ...tasks.map(t => t.start + t.duration));
  return {
    ready,
    charts,
    interactive: Math.max(charts, lastEnd),
    longest: Math.max(0, ...tasks.map(t => t.duration)),
    over50: tasks.filter(t => t.duration > 50).length,
    total: tasks.reduce((n, t) => n + t.duration, 0),
    summaryMs: await requestMs(page, '/api/kubernaut/fleet/summary'),
    rowsMs: await requestMs(page, '/api/kubernaut/remediations'),
    tasks,
  };
}

export async function measureFleetPage(
  page: Page,
  options: {
    appUrl: string;
    runs: number;
    dist: string;
    profileDir?: string;
  },
) {
  const loads: FleetLoad[] = [];
  let worst: { profile: RecordedProfile; tasks: LongTask[] } | undefined;
  // The first load warms the backend's caches and the browser's HTTP cache.
  await loadOnce(page, `${options.appUrl}/kubernaut`);
  for (let run = 0; run < options.runs; run++) {
    const profiling = options.profileDir
      ? await startProfiling(page)
      : undefined;
    const load = await loadOnce(page, `${options.appUrl}/kubernaut`);
    loads.push(load);
    if (profiling) {
      const recorded = await profiling.stop();
      writeProfile(
        join(options.profileDir!, `fleet-page-run${run + 1}.cpuprofile`),
        recorded,
      );
      if (
        !worst ||
        load.longest > Math.max(...worst.tasks.map(t => t.duration))
      )
        worst = {
          profile: recorded,
          tasks: [...load.tasks].sort((a, b) => b.duration - a.duration),
        };
    }
  }
  const count = await page.getByText(/^[\d,]+ matching$/).innerText();
  const figure = (pick: (load: FleetLoad) => number, unit = ms) =>
    `${unit(median(loads.map(pick)))} (each run: ${loads
      .map(l => unit(pick(l)))
      .join(', ')})`;
  print(
    `fleet page, ${count.replace(' matching', '')} remediations (median of ${
      options.runs
    } loads from the address bar):`,
  );
  print(`  KPIs and first rows visible:        ${figure(l => l.ready)}`);
  print(`  trend charts drawn:                 ${figure(l => l.charts)}`);
  print(`  time to interactive (5 s quiet):    ${figure(l => l.interactive)}`);
  print(`  longest task during the load:       ${figure(l => l.longest)}`);
  print(
    `  tasks over 50 ms:                   ${figure(
      l => l.over50,
      n => String(n),
    )}`,
  );
  print(`  long tasks in total:                ${figure(l => l.total)}`);
  print(`  backend: GET /fleet/summary          ${figure(l => l.summaryMs)}`);
  print(`  backend: GET /remediations (rows)    ${figure(l => l.rowsMs)}`);
  if (worst) printBreakdown(options.dist, worst.profile, worst.tasks);
}
