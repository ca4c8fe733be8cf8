/**
 * Growth benchmark: prints figures, asserts nothing.
 *   yarn bench:growth [--scales 0,1000,10000,60000,200000] [--runs 200] [--scale-children]
 *                     [--no-notifications] [--churn 20]
 * For each fleet size (RemediationRequests in total, spread evenly over ten clusters of both
 * status layouts; 0 is the baseline the per-remediation cost is measured against) it spawns the
 * sandbox (the real CLI, no live remediations) and a Backstage backend with our plugin, guest
 * sign-in and the permission backend in a process of its own (growth/backend.ts), times the
 * first sync of every cache, collects garbage and reads the backend's RSS and heap, then asks the
 * read routes --runs times each, one request at a time, from a separate client process signed in
 * as the guest user (peer/client.ts). With --scale-children every filled remediation also has the
 * children its phase implies (the sandbox's `--scale-children`: SignalProcessing, AgentSession,
 * AIAnalysis, approval request, execution, assessment, notifications), and the sandbox, which
 * then holds several GB of objects, runs with a larger heap limit. --no-notifications turns the
 * plugin's approval notifications off (`kubernaut.notifications.enabled: false`): their scan of
 * recent rows reads every cached NotificationRequest per row (`ClusterConnection.children`), which
 * with children at 200,000 keeps the backend busy for many minutes. Last, the fleet page and the
 * KPIs are asked again, a request every 100 ms, first with nothing changing and then while --churn
 * remediations a second (default 20, 0 for none) change phase through the clusters' Kubernetes
 * APIs, as in a live fleet (growth/churn.ts).
 */
import { loadavg } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import { startSandboxProcess } from '../src/testUtils/sandboxProcess';
import { startBenchWorker } from './benchProcess';
import {
  growthTable,
  scaleLines,
  type MemoryUsage,
  type ScaleResult,
} from './growth/report';
import { startChurn } from './growth/churn';
import { sandboxCounts } from './growth/sandboxCounts';
import { COMPONENT, type QuestionContext } from './peer/questions';

/** Ten clusters: production, staging and development, on the main/v1.6 and v1.5 layouts. */
const CLUSTERS = [
  'prod-us-east:production:v1.6',
  'prod-us-west:production:v1.6',
  'prod-eu-west:production:v1.5',
  'prod-eu-central:production:v1.6',
  'prod-ap-south:production:v1.6',
  'prod-ap-east:production:v1.5',
  'staging-us:staging:v1.6',
  'staging-eu:staging:v1.6',
  'dev-us:development:v1.6',
  'dev-eu:development:v1.5',
];

/**
 * The read routes, as the client names them (peer/questions.ts), after a control that does no
 * work of ours (`/health`, unauthenticated): what the machine's load alone does to a request.
 */
const ROUTES = [
  ['control: /health', 'health'],
  ['fleet page', 'oursFleetPage'],
  ['filtered fleet page', 'oursFiltered'],
  ['entity route', 'oursComponent'],
  ['one remediation', 'oursDetail'],
  ['a settled remediation, first open', 'oursSettledDetail'],
  ['KPIs', 'oursKpis'],
  ['approvals', 'oursApprovals'],
] as const;

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const scales = (option('--scales') ?? '0,1000,10000,60000,200000')
  .split(',')
  .map(Number);
if (scales.some(s => !Number.isInteger(s) || s < 0 || s % CLUSTERS.length))
  throw new Error(
    `--scales: whole multiples of ${CLUSTERS.length} (one share per cluster)`,
  );
const withChildren = process.argv.includes('--scale-children');
const notifications = !process.argv.includes('--no-notifications');
/** The sandbox's heap limit when it holds children (200,000 remediations with theirs: ~5 GB). */
const SANDBOX_HEAP_MB_WITH_CHILDREN = 12_288;
const runs = Number(option('--runs') ?? 200);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error('--runs: a positive integer');
const churnPerSecond = Number(option('--churn') ?? 20);
if (!Number.isInteger(churnPerSecond) || churnPerSecond < 0)
  throw new Error('--churn: changes a second, a whole number (0 for none)');
/** The pause between two requests while remediations change. */
const CHURN_POLL_MS = 100;
/** What is asked again while remediations change. */
const CHURNED_ROUTES = [
  ['fleet page', 'oursFleetPage'],
  ['KPIs', 'oursKpis'],
] as const;

async function poll<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  timeoutMs = 600_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

/** RSS of the process whose command line names `marker` (the sandbox's own kubeconfig path). */
function rssOfProcessNaming(marker: string): number {
  for (const pid of readdirSync('/proc').filter(entry => /^\d+$/.test(entry))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker))
        continue;
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      // the process ended meanwhile
    }
  }
  return 0;
}

async function measureScale(total: number): Promise<ScaleResult> {
  const perCluster = total / CLUSTERS.length;
  const children = withChildren && perCluster > 0;
  const sandboxStarted = performance.now();
  // The sandbox's process inherits NODE_OPTIONS when it is spawned (synchronously, below); the
  // backend's does not get it, so its heap limit and GC are as in the runs without children.
  const nodeOptions = process.env.NODE_OPTIONS;
  if (children)
    process.env.NODE_OPTIONS = `${
      nodeOptions ?? ''
    } --max-old-space-size=${SANDBOX_HEAP_MB_WITH_CHILDREN}`.trim();
  const sandboxReady = startSandboxProcess([
    '--scale',
    String(perCluster),
    ...(children ? ['--scale-children'] : []),
    '--no-live',
    '--clusters',
    CLUSTERS.join(','),
  ]);
  if (nodeOptions === undefined) delete process.env.NODE_OPTIONS;
  else process.env.NODE_OPTIONS = nodeOptions;
  const sandbox = await sandboxReady;
  const sandboxStartMs = performance.now() - sandboxStarted;
  const backend = await startBenchWorker('growth/backend.ts', ['--expose-gc']);
  const client = await startBenchWorker('peer/client.ts');
  const ask = async (worker: typeof backend, message: object) => {
    const reply = JSON.parse(await worker.ask(JSON.stringify(message)));
    if (reply.error) throw new Error(reply.error);
    return reply;
  };
  try {
    const started = performance.now();
    const pluginConfig = sandbox.pluginConfig();
    const { baseUrl, startMs } = await ask(backend, {
      start: {
        ...pluginConfig,
        kubernaut: {
          ...pluginConfig.kubernaut,
          ...(notifications ? {} : { notifications: { enabled: false } }),
        },
      },
    });
    const token: string = await poll('guest sign-in', async () => {
      const response = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      });
      return response.ok
        ? (await response.json()).backstageIdentity.token
        : undefined;
    });
    const counts: Record<string, number> = await poll(
      'our caches',
      async () => {
        const response = await fetch(`${baseUrl}/api/kubernaut/clusters`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        const { items } = await response.json();
        if (!items.every((c: { status: string }) => c.status === 'connected'))
          return undefined;
        const sums: Record<string, number> = {};
        for (const { counts: kinds } of items as Array<{
          counts: Record<string, number>;
        }>)
          for (const [kind, n] of Object.entries(kinds))
            sums[kind] = (sums[kind] ?? 0) + n;
        return sums;
      },
    );
    const cached = counts.RemediationRequest;
    const sandboxObjects = await sandboxCounts(
      sandbox.kubeconfig,
      sandbox.clusters.map(c => c.name),
    );
    const firstSyncMs = performance.now() - started;
    const synced: MemoryUsage = await ask(backend, { memory: true });

    const context: QuestionContext = {
      baseUrl,
      token,
      clusters: sandbox.clusters.map(c => c.name),
      pageCluster: sandbox.clusters[0].name,
      component: COMPONENT,
    };
    await ask(client, { context });
    const component = await ask(client, {
      question: 'oursComponent',
      count: 1,
      warmup: 0,
    });
    const [cluster, name] = (component.answer[0] ?? '').split('/');
    if (!name) throw new Error(`no remediation of ${COMPONENT} to ask about`);
    context.detail = { cluster, name };
    context.settled = await settledRemediations(baseUrl, token);
    await ask(client, { context });
    const asked = ROUTES.filter(
      ([, question]) =>
        question !== 'oursSettledDetail' || context.settled?.length,
    );
    for (const [, question] of asked)
      await ask(client, { question, count: 10, warmup: 0 });
    const routes: ScaleResult['routes'] = [];
    for (const [label, question] of asked) {
      const { samples } = await ask(client, {
        question,
        count: runs,
        warmup: 3,
      });
      routes.push({ label, samples });
    }
    if (churnPerSecond > 0 && perCluster > 0) {
      // Asked as a dashboard polls, so that remediations change between two requests.
      const pollRoutes = async (labelled: string) => {
        for (const [label, question] of CHURNED_ROUTES) {
          const { samples } = await ask(client, {
            question,
            count: runs,
            warmup: 3,
            pauseMs: CHURN_POLL_MS,
          });
          routes.push({ label: `${label}, ${labelled}`, samples });
        }
      };
      // The same polls with nothing changing first: what the pauses alone do to a request (an
      // idle process is woken for each), so that the changes' own cost can be told apart.
      await pollRoutes('polled');
      const churn = startChurn({
        kubeconfig: sandbox.kubeconfig,
        names: await remediationNames(baseUrl, token, context.clusters),
        perSecond: churnPerSecond,
      });
      try {
        await pollRoutes(`${churnPerSecond} changes/s`);
      } finally {
        const made = await churn.stop();
        process.stdout.write(
          `  churn: ${
            made.changes
          } remediations changed in ${made.seconds.toFixed(1)} s (${
            made.refused
          } patches refused)\n`,
        );
      }
    }
    const end: MemoryUsage = await ask(backend, { memory: true });
    const sandboxRss = rssOfProcessNaming(sandbox.kubeconfig);
    await ask(backend, { stop: true });
    return {
      perCluster,
      clusters: CLUSTERS.length,
      cached,
      counts,
      sandboxObjects,
      children,
      sandboxStartMs,
      backendStartMs: startMs,
      firstSyncMs,
      synced,
      end,
      sandboxRss,
      routes,
    };
  } finally {
    await client.stop().catch(() => undefined);
    await backend.stop().catch(() => undefined);
    await sandbox.stop();
  }
}

/** Up to 200 remediation names of each cluster, newest first, for the churn to change. */
async function remediationNames(
  baseUrl: string,
  token: string,
  clusters: string[],
): Promise<Record<string, string[]>> {
  const names: Record<string, string[]> = {};
  for (const cluster of clusters) {
    const response = await fetch(
      `${baseUrl}/api/kubernaut/remediations?limit=200&cluster=${cluster}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    const body = await response.json();
    names[cluster] = (body.items as Array<{ name: string }>).map(r => r.name);
  }
  return names;
}

/**
 * Remediations that ended over an hour ago (settled: the backend keeps their rows, not their
 * children), up to 2,000 from the fleet's first pages, so that its 30-second LRU of settled
 * children seldom answers one of them and the detail reads the cluster.
 */
async function settledRemediations(baseUrl: string, token: string) {
  const settledBefore = Date.now() - 61 * 60_000;
  const found: Array<{ cluster: string; name: string }> = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20 && found.length < 2_000; page++) {
    const response = await fetch(
      `${baseUrl}/api/kubernaut/remediations?limit=500${
        cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
      }`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    const body = await response.json();
    for (const row of body.items as Array<{
      cluster: string;
      name: string;
      completedAt?: string;
    }>)
      if (row.completedAt && Date.parse(row.completedAt) < settledBefore)
        found.push({ cluster: row.cluster, name: row.name });
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  return found;
}

async function main() {
  const results: ScaleResult[] = [];
  const began = new Date();
  const loadBefore = loadavg()[0];
  for (const total of scales) {
    const result = await measureScale(total);
    results.push(result);
    const baseline = results.find(r => r.perCluster === 0);
    process.stdout.write(
      `${scaleLines(result, baseline).join('\n')}\n  load average ${loadavg()
        .map(l => l.toFixed(2))
        .join(' ')}\n\n`,
    );
  }
  process.stdout.write(
    [
      `growth: ${
        CLUSTERS.length
      } clusters, ${runs} requests per route per scale, ${
        withChildren
          ? 'filled remediations with their children'
          : 'filled remediations without children'
      }${
        notifications ? '' : ', notifications off'
      }, started ${began.toISOString()}, load average ${loadBefore.toFixed(
        2,
      )} at the start and ${loadavg()[0].toFixed(2)} at the end`,
      growthTable(results),
      '',
    ].join('\n'),
  );
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
