/**
 * Frontend benchmark: prints figures, asserts nothing.
 *   yarn bench:frontend [--scale 20000] [--clusters 3] [--runs 5]
 *                       [--transcript-only | --fleet-only] [--profile [dir]]
 * Starts the sandbox (--clusters clusters x --scale RemediationRequests) on the ports ./run.sh
 * uses, the backend (configured for those clusters), and a static server for the production
 * build of the app (packages/app/dist: run `yarn workspace app build` first), then measures in
 * Debian's Chromium:
 *  - the JavaScript (gzip) the fleet route adds on top of the app shell,
 *  - the fleet page at that scale, loaded from the address bar: time until KPIs and table rows
 *    show, until its trend charts are drawn, time to interactive, and its long tasks,
 *  - investigation histories of 5,000 and 50,000 tokens: time until the transcript shows its
 *    newest message, and the long tasks meanwhile.
 * --transcript-only skips the first two (the fleet page then only needs to show a row, so a small
 * --scale such as 2000 starts faster); --fleet-only skips the transcripts.
 * --profile [dir] also records each fleet page and transcript load with the DevTools protocol's
 * CPU profiler, writes the profiles to dir (default e2e-test-report/profiles) and prints where
 * the longest tasks spent their time.
 * 200,000 RemediationRequests: --clusters 10 --scale 20000.
 */
import { chromium, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import playwrightConfig from '../../playwright.config';
import {
  benchClusters,
  sandboxClustersArg,
  writeBackendClusterConfig,
} from './benchClusters';
import {
  startProfiling,
  writeProfile,
  type LongTask,
  type RecordedProfile,
} from './cpuProfile';
import { measureFleetPage } from './fleetPage';
import {
  kb,
  LONG_TASK_OBSERVER,
  longTasks,
  median,
  ms,
  print,
  printBreakdown,
  quiet,
} from './report';
import { serveApp, start, stopAll, waitFor } from './stack';
import { transcriptStream } from './transcriptStream';

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? Number(process.argv[index + 1]) || fallback : fallback;
};
const scale = argument('--scale', 20_000);
const runs = argument('--runs', 5);
const clusters = benchClusters(argument('--clusters', 3));
const transcriptOnly = process.argv.includes('--transcript-only');
const fleetOnly = process.argv.includes('--fleet-only');
const root = join(__dirname, '../..');
const profileDir = (() => {
  const index = process.argv.indexOf('--profile');
  if (index < 0) return undefined;
  const dir = process.argv[index + 1];
  return resolve(
    root,
    dir && !dir.startsWith('--') ? dir : 'e2e-test-report/profiles',
  );
})();
const dist = join(root, 'packages/app/dist');
const appUrl = 'http://127.0.0.1:3000';
const backendUrl = 'http://127.0.0.1:7007';
/** History sizes measured; 5,000 stays so that figures compare with earlier runs. */
const TRANSCRIPT_TOKENS = [5_000, 50_000];

const gzipped = new Map<string, number>();
function gzipSize(url: string): number {
  const path = new URL(url).pathname;
  let size = gzipped.get(path);
  if (size === undefined) {
    size = gzipSync(readFileSync(join(dist, path))).length;
    gzipped.set(path, size);
  }
  return size;
}

async function signIn(page: Page, path: string) {
  await page.goto(`${appUrl}${path}`);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Kubernaut' })
    .waitFor();
}

async function measureBundle(page: Page) {
  const loaded: string[] = [];
  page.on('response', response => {
    if (response.url().startsWith(appUrl) && response.url().endsWith('.js'))
      loaded.push(response.url());
  });
  await signIn(page, '/catalog');
  await page.waitForLoadState('networkidle');
  const shell = [...loaded];
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Kubernaut' })
    .click();
  await page
    .getByRole('table', { name: 'Remediations' })
    .locator('a[role=row]')
    .first()
    .waitFor();
  await page.waitForLoadState('networkidle');
  const fleet = loaded.filter(url => !shell.includes(url));
  const total = (urls: string[]) =>
    urls.reduce((n, url) => n + gzipSize(url), 0);
  print(
    `app shell JavaScript (catalog page):   ${kb(total(shell))} gzip in ${
      shell.length
    } files`,
  );
  print(
    `fleet route adds on top of the shell:  ${kb(total(fleet))} gzip in ${
      fleet.length
    } files`,
  );
  for (const url of fleet.sort((a, b) => gzipSize(b) - gzipSize(a)).slice(0, 5))
    print(`    ${kb(gzipSize(url)).padStart(9)}  ${new URL(url).pathname}`);
}

async function measureTranscript(page: Page, tokens: number) {
  const figures: Array<{
    rendered: number;
    longest: number;
    over50: number;
    events: number;
  }> = [];
  // With --profile: the run whose longest task was the longest, and its tasks over 50 ms.
  let worst: { profile: RecordedProfile; tasks: LongTask[] } | undefined;
  let worstLongest = -1;
  for (let run = 0; run < runs; run++) {
    const id = randomUUID();
    const body = transcriptStream(id, tokens);
    const events = (body.match(/^id: /gm) ?? []).length;
    await page.route(`**/api/kubernaut/investigations/${id}/events*`, route =>
      route.fulfill({
        status: 200,
        headers: { 'Content-Type': 'text/event-stream' },
        body,
      }),
    );
    await page.goto(`${appUrl}/kubernaut`);
    await page
      .getByRole('table', { name: 'Remediations' })
      .locator('a[role=row]')
      .first()
      .waitFor();
    // The fleet page keeps working after its first rows (charts, counts): its tasks are not the
    // transcript's, so the view opens once its trend charts showed (their data and code come
    // last) and the main thread has been quiet for a second.
    await page
      .locator('.recharts-wrapper')
      .first()
      .waitFor({ timeout: 15_000 })
      .catch(() => undefined);
    await quiet(page, 1000);
    const before = (await longTasks(page)).length;
    const profiling = profileDir ? await startProfiling(page) : undefined;
    const started = await page.evaluate(() => performance.now());
    await page.evaluate(path => {
      window.history.pushState({}, '', path);
      window.dispatchEvent(new PopStateEvent('popstate'));
    }, `/kubernaut/investigations/${id}`);
    // Rendered: every event counted, the stream ended, and the transcript shows its newest
    // message (scrolled to the bottom). Checked cheaply: reading the whole page's innerText on
    // every frame would itself be a long task with a long transcript.
    const handle = await page.waitForFunction(
      expected => {
        const count = [
          ...document.querySelectorAll('[class*=MuiTypography-caption]'),
        ].some(e => e.textContent === `${expected} events`);
        const ended = [
          ...document.querySelectorAll('[class*=MuiChip-label]'),
        ].some(e => e.textContent === 'Ended');
        const log = document.querySelector(
          '[role=log][aria-label="Investigation transcript"]',
        );
        const atBottom =
          !!log &&
          !!log.textContent &&
          log.scrollHeight - log.scrollTop - log.clientHeight < 4;
        return count && ended && atBottom ? performance.now() : false;
      },
      events,
      { polling: 'raf', timeout: 60_000 },
    );
    const rendered = ((await handle.jsonValue()) as number) - started;
    await page.waitForTimeout(500);
    const tasks = (await longTasks(page)).slice(before);
    const longest = Math.max(0, ...tasks.map(t => t.duration));
    figures.push({
      rendered,
      longest,
      over50: tasks.filter(t => t.duration > 50).length,
      events,
    });
    if (profiling) {
      const profile = await profiling.stop();
      writeProfile(
        join(profileDir!, `transcript-${tokens}-run${run + 1}.cpuprofile`),
        profile,
      );
      if (longest > worstLongest) {
        worstLongest = longest;
        const over50 = tasks.filter(t => t.duration > 50);
        worst = {
          profile,
          tasks: over50.length
            ? over50
            : tasks.filter(t => t.duration === longest),
        };
      }
    }
  }
  print(
    `investigation history of ${tokens.toLocaleString()} tokens (${
      figures[0].events
    } events, median of ${runs}):`,
  );
  print(
    `  rendered after opening the view:   ${ms(
      median(figures.map(f => f.rendered)),
    )}`,
  );
  print(
    `  longest task:                      ${ms(
      median(figures.map(f => f.longest)),
    )} (each run: ${figures.map(f => ms(f.longest)).join(', ')})`,
  );
  print(
    `  tasks over 50 ms:                  ${median(
      figures.map(f => f.over50),
    )} (each run: ${figures.map(f => f.over50).join(', ')})`,
  );
  if (worst) printBreakdown(dist, worst.profile, worst.tasks);
}

async function main() {
  if (!existsSync(join(dist, 'index.html')))
    throw new Error(
      'no production build: run `yarn workspace app build` first',
    );
  print(
    `sandbox: ${
      clusters.length
    } clusters x ${scale.toLocaleString()} RemediationRequests (${(
      clusters.length * scale
    ).toLocaleString()}); production app build; Chromium`,
  );
  mkdirSync(join(root, '.sandbox'), { recursive: true });
  const clusterConfig = join(root, '.sandbox/bench-clusters.yaml');
  writeBackendClusterConfig(clusterConfig, clusters);
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  await start(
    process.execPath,
    [
      'packages/kubernaut-sandbox/bin/kubernaut-sandbox',
      '--scale',
      String(scale),
      '--clusters',
      sandboxClustersArg(clusters),
      '--kubeconfig-out',
      '.sandbox/kubeconfig',
    ],
    /kubernaut-sandbox ready/,
    { cwd: root },
  );
  // The backend as `yarn workspace backend start` runs it, minus the file watcher: a change
  // saved anywhere in the repository must not restart it halfway through a measurement.
  await start(
    process.execPath,
    [
      '-r',
      '@backstage/cli-node/config/nodeTransform.cjs',
      'src/index.ts',
      '--config',
      join(root, 'app-config.yaml'),
      '--config',
      clusterConfig,
    ],
    /Plugin initialization complete/,
    {
      cwd: join(root, 'packages/backend'),
      env: { ...process.env, NODE_ENV: 'development' },
    },
  );
  await waitFor(`${backendUrl}/api/kubernaut/health`, 120_000);
  const server = await serveApp(dist, 3000);
  // The browser tests' own launch settings: Debian's Chromium with the flags these machines need.
  const browser = await chromium.launch(playwrightConfig.use?.launchOptions);

  try {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
    });
    await context.addInitScript(LONG_TASK_OBSERVER);
    const page = await context.newPage();
    if (transcriptOnly) await signIn(page, '/kubernaut');
    else {
      await measureBundle(page);
      await measureFleetPage(page, { appUrl, runs, dist, profileDir });
    }
    if (!fleetOnly)
      for (const tokens of TRANSCRIPT_TOKENS)
        await measureTranscript(page, tokens);
  } finally {
    await browser.close();
    server.close();
  }
}

main()
  .catch(error => {
    process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
    process.exitCode = 1;
  })
  .finally(stopAll);
