/**
 * Side-by-side benchmark with the Backstage Kubernetes plugin: prints figures, asserts nothing.
 *   yarn bench:peer [--scale 20000] [--runs 200] [--peer-runs 100] [--heavy-runs 10] [--profile]
 * Spawns the sandbox (3 clusters x --scale RemediationRequests, no live remediations so that
 * answers hold still), starts one benchmark-only Backstage backend with our plugin, the
 * Kubernetes plugin (service-account auth, the sandbox CA, `customResources` for Kubernaut's
 * kinds), the catalog, guest sign-in and the permission backend, and asks each question from a
 * separate client process, sequentially, signed in as the guest user. Our routes and the floors
 * are asked in turn, --runs rounds of one request each in a new random order (the floors with a
 * permission round trip in rounds of their own); then the peer, --peer-runs times, or
 * --heavy-runs times where it lists whole clusters to answer. Each peer answer is checked
 * against ours; requests to the sandbox are counted in this process (see peer/requestCounter).
 */
import { loadavg } from 'node:os';
import { startSandboxProcess } from '../src/testUtils/sandboxProcess';
import { startBenchWorker } from './benchProcess';
import {
  setFloorPage,
  startBenchBackend,
  type BenchBackend,
} from './peer/backend';
import { COMPONENT, type QuestionContext } from './peer/questions';
import {
  comparisonTable,
  describeRun,
  distribution,
  goalLines,
  type Comparison,
  type Measured,
} from './peer/report';
import { profileRequests, type ProfileSummary } from './peer/profile';
import { countSandboxRequests } from './peer/requestCounter';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  const value = index >= 0 ? Number(process.argv[index + 1]) : NaN;
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const scale = flag('--scale', 20_000);
const runs = flag('--runs', 200);
const peerRuns = flag('--peer-runs', 100);
const heavyRuns = flag('--heavy-runs', 10);
const WARMUP = 3;
/** With --profile, where the backend's CPU goes for these, one after another. */
const PROFILED = [
  'floor',
  'floorWithBody',
  'oursPage',
  'oursFiltered',
  'oursDetail',
];

function describeProfile(question: string, summary: ProfileSummary): string[] {
  const total = summary.packages.reduce((sum, [, us]) => sum + us, 0);
  const row = ([name, us]: [string, number]) =>
    `      ${us.toFixed(0).padStart(5)} µs  ${name}`;
  return [
    `  profile of ${question}: ${total.toFixed(
      0,
    )} µs of the backend's CPU per request`,
    '    by package:',
    ...summary.packages.slice(0, 8).map(row),
    '    by function (self):',
    ...summary.functions.slice(0, 14).map(row),
  ];
}

async function poll<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 200));
  }
}

async function main() {
  const benchStarted = performance.now();
  const sandbox = await startSandboxProcess([
    '--scale',
    String(scale),
    '--no-live',
    '--clusters',
    'prod-us-east:production:v1.6,prod-eu-west:production:v1.5,staging:staging:v1.6',
  ]);
  const counter = countSandboxRequests(sandbox.clusters);
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  let backend: BenchBackend | undefined;
  let worker: Awaited<ReturnType<typeof startBenchWorker>> | undefined;
  try {
    backend = await startBenchBackend(sandbox);
    const client = await startBenchWorker('peer/client.ts');
    worker = client;
    const { baseUrl } = backend;
    const token: string = await poll('guest sign-in', async () => {
      const response = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      });
      return response.ok
        ? (await response.json()).backstageIdentity.token
        : undefined;
    });
    const asGuest = { headers: { Authorization: `Bearer ${token}` } };
    await poll('our caches', async () => {
      const response = await fetch(
        `${baseUrl}/api/kubernaut/clusters`,
        asGuest,
      );
      const { items } = await response.json();
      return items.every((c: { status: string }) => c.status === 'connected')
        ? true
        : undefined;
    });
    const readyMs = performance.now() - started;
    await poll('the catalog entity', async () => {
      const response = await fetch(
        `${baseUrl}/api/catalog/entities/by-name/component/default/${COMPONENT}`,
        asGuest,
      );
      return response.ok ? true : undefined;
    });
    const rssSynced = process.memoryUsage().rss;
    const pageResponse = await fetch(
      `${baseUrl}/api/kubernaut/remediations?limit=50&cluster=${sandbox.clusters[0].name}`,
      { headers: { ...asGuest.headers, 'Accept-Encoding': 'gzip' } },
    );
    const pageText = await pageResponse.text();
    const pageEncoding = pageResponse.headers.get('content-encoding');
    setFloorPage(JSON.parse(pageText));

    const context: QuestionContext = {
      baseUrl,
      token,
      clusters: sandbox.clusters.map(c => c.name),
      pageCluster: sandbox.clusters[0].name,
      component: COMPONENT,
    };
    await client.ask(JSON.stringify({ context }));
    const measure = async (
      question: string,
      count: number,
      warmup = WARMUP,
    ): Promise<Measured> => {
      const before = counter.snapshot();
      const reply = JSON.parse(
        await client.ask(JSON.stringify({ question, count, warmup })),
      );
      if (reply.error) throw new Error(`${question}: ${reply.error}`);
      const sent = counter.since(before);
      const answers = count + warmup;
      return {
        latency: distribution(reply.samples),
        perAnswer: {
          kubernetes: sent.kubernetes / answers,
          dataStorage: sent.dataStorage / answers,
          apiFrontend: sent.apiFrontend / answers,
        },
        answer: reply.answer,
        samples: reply.samples,
      };
    };

    // `heavy`: the peer lists whole clusters to answer; `filtered`: the 50x goal applies.
    const questions = [
      { label: `a page of ${context.pageCluster}`, id: 'Page' },
      {
        label: 'critical across the fleet, 50',
        id: 'Filtered',
        heavy: true,
        filtered: true,
      },
      { label: `${COMPONENT}'s remediations`, id: 'Component', filtered: true },
      { label: 'one remediation + children', id: 'Detail' },
      {
        label: 'KPIs (active, critical)',
        id: 'Kpis',
        heavy: true,
        filtered: true,
      },
    ];
    const componentRows = (await measure('oursComponent', 1)).answer;
    const [detailCluster, detailName] = (componentRows[0] ?? '').split('/');
    if (detailName) {
      context.detail = { cluster: detailCluster, name: detailName };
      await client.ask(JSON.stringify({ context }));
    }
    // Every question a few times first, so that no measurement pays for the JIT or cold caches;
    // these runs also count the requests each answer sends to the clusters.
    const floorQuestions: Array<[string, string]> = [
      ['/api/kubernaut/health (no auth)', 'health'],
      ['floor: authenticated', 'floor'],
      ['floor: + a 50-row body, sent as ours', 'floorWithBody'],
      ['floor: authenticated + permission', 'floorWithPermission'],
      ['floor: + permission + 50-row body', 'floorWithPage'],
    ];
    const counted: Record<string, Measured> = {};
    for (const [, question] of floorQuestions)
      counted[question] = await measure(question, 20);
    for (const { id } of questions) {
      counted[`ours${id}`] = await measure(`ours${id}`, 5);
      await measure(`peer${id}`, 1, 0);
    }

    // Ours and the floors are asked in turn, round after round, so that the distance to the
    // floor is not the drift of the run; the peer's questions follow, on their own, so that the
    // garbage of its whole-cluster lists does not weigh on ours either.
    const inTurn = async (
      names: string[],
    ): Promise<Record<string, Measured>> => {
      const reply = JSON.parse(
        await client.ask(
          JSON.stringify({ questions: names, count: runs, warmup: WARMUP }),
        ),
      );
      if (reply.error) throw new Error(reply.error);
      return Object.fromEntries(
        names.map(name => [
          name,
          {
            latency: distribution(reply.samples[name]),
            ...(reply.toHeaders[name]?.length
              ? { toHeaders: distribution(reply.toHeaders[name]) }
              : {}),
            samples: reply.samples[name],
            answer: reply.answers[name],
            perAnswer: counted[name].perAnswer,
          },
        ]),
      );
    };
    // The floors with a permission round trip are asked on their own: the request after one
    // pays for what it leaves behind (the permission backend's own request and its garbage).
    const withPermission = new Set(['floorWithPermission', 'floorWithPage']);
    const asked = {
      ...(await inTurn([
        ...floorQuestions
          .map(([, question]) => question)
          .filter(question => !withPermission.has(question)),
        ...questions.map(({ id }) => `ours${id}`),
      ])),
      ...(await inTurn([...withPermission])),
    };

    const lines: string[] = [];
    for (const [label, question] of floorQuestions)
      lines.push(describeRun(label, asked[question]));
    const comparisons: Array<Comparison & { filtered: boolean }> = [];
    for (const { label, id, heavy, filtered } of questions) {
      const peer = heavy
        ? await measure(`peer${id}`, heavyRuns, 1)
        : await measure(`peer${id}`, peerRuns);
      lines.push(describeRun(`ours: ${label}`, asked[`ours${id}`]));
      lines.push(describeRun(`peer: ${label}`, peer));
      comparisons.push({
        question: label,
        ours: asked[`ours${id}`],
        peer,
        filtered: !!filtered,
      });
    }
    const floor = asked.floor.latency;
    if (process.argv.includes('--profile'))
      for (const question of PROFILED) {
        const requests = 1_000;
        const summary = await profileRequests(requests, async () => {
          await measure(question, requests, 0);
        });
        lines.push(...describeProfile(question, summary));
      }
    const rssEnd = process.memoryUsage().rss;

    process.stdout.write(
      [
        `side by side with @backstage/plugin-kubernetes-backend: 3 clusters x ${scale} RemediationRequests, one backend, sequential requests`,
        `  backend ready with our caches synced: ${(readyMs / 1000).toFixed(
          1,
        )} s; detail asked of ${context.detail?.cluster}/${
          context.detail?.name
        } (${
          componentRows.length
        } rows for ${COMPONENT}); a page of 50 rows is ${
          pageText.length
        } bytes of JSON, sent ${pageEncoding ?? 'uncompressed'}`,
        ...lines,
        '',
        `  floor (authenticated, asked in turn with ours): p50 ${floor.p50.toFixed(
          1,
        )} ms, p95 ${floor.p95.toFixed(1)} ms`,
        comparisonTable(comparisons, asked.floor),
        '',
        'goals:',
        ...goalLines(comparisons, asked.floor),
        '',
        `backend process RSS: ${(rssBefore / 1e6).toFixed(0)} MB before, ${(
          rssSynced / 1e6
        ).toFixed(0)} MB with our caches synced, ${(rssEnd / 1e6).toFixed(
          0,
        )} MB at the end; run took ${(
          (performance.now() - benchStarted) /
          1000
        ).toFixed(0)} s; load average ${loadavg()
          .map(l => l.toFixed(2))
          .join(' ')}`,
        '',
      ].join('\n'),
    );
  } finally {
    await worker?.stop().catch(() => undefined);
    await backend?.stop();
    await sandbox.stop();
  }
}

// After backend.stop() the backend's services leave timers behind (six were seen) that would
// keep the process alive, so it exits once everything is stopped.
main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
