import { readFileSync } from 'node:fs';
/**
 * Decisions and investigations benchmark: prints figures, asserts nothing.
 *   yarn bench:backend:write [--viewers 200] [--decisions 40] [--relay-runs 16] [--no-live]
 * Spawns the sandbox, starts the plugin in a test backend on SQLite, and measures:
 *  - the decision round trip (route -> impersonated status write to the cluster -> response);
 *  - relay overhead per event: a separate observer process joins each new remediation twice as
 *    soon as it exists, directly from API Frontend and through the plugin; for every live event
 *    (the agent's streamed investigation, ~60 per run, then the approval burst), the relayed
 *    receipt time minus the direct one (parse, database write, wake-up, SSE write, one extra
 *    loopback hop), on a steady cluster and again right after the decisions; and the same through
 *    a byte-for-byte proxy in the backend's process, the floor on this machine;
 *  - one investigation fanned out to many concurrent viewers: every viewer must get every event
 *    exactly once, in order.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import type { Server } from 'node:http';
import { kubernautPlugin } from '../src/plugin';
import { readEvents, type SseEvent } from '../src/testUtils/readEvents';
import {
  startSandboxProcess,
  type SandboxProcess,
} from '../src/testUtils/sandboxProcess';
import { startBenchWorker } from './benchProcess';
import type { ObserverPlan } from './relayObserver';
import { watchLoopHealth } from './loopHealth';
import { startPassThroughProxy } from './passThroughProxy';
import { stats } from './stats';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return (at >= 0 && Number(process.argv[at + 1])) || fallback;
}
const viewerCount = flag('viewers', 200);
const decisionCount = flag('decisions', 40);
const relayRuns = flag('relay-runs', 16);
/** Without the sandbox's background remediations: only the benchmark's own runs load it. */
const quietSandbox = process.argv.includes('--no-live');

const alice = {
  Authorization: mockCredentials.user.header('user:default/alice'),
  'Content-Type': 'application/json',
};

async function api(
  server: Server,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: any }> {
  const { port } = server.address() as { port: number };
  const response = await fetch(
    `http://127.0.0.1:${port}/api/kubernaut${path}`,
    {
      method,
      headers: alice,
      body: body === undefined ? undefined : JSON.stringify(body),
    },
  );
  return { status: response.status, json: await response.json() };
}

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

const finished = (events: SseEvent[]) => events.some(e => e.event === 'end');

async function startInvestigation(server: Server): Promise<string> {
  const { status, json } = await api(server, 'POST', '/investigations', {
    cluster: 'bench',
    message: 'The payment processing feels sluggish since this morning',
  });
  if (status !== 201)
    throw new Error(`start: ${status} ${JSON.stringify(json)}`);
  return json.id;
}

const apiFrontendUrl = (sandbox: SandboxProcess): string =>
  (sandbox.pluginConfig().kubernaut.clusters[0] as any).apiFrontend.url;

/**
 * Joins fresh remediations' investigations from a separate observer process, directly and
 * through the plugin, the moment each remediation exists, and returns the relay's overhead for
 * every live event (relayObserver.ts).
 */
async function observeRelay(
  server: Server,
  sandbox: SandboxProcess,
  runs: number,
  passThroughUrl?: string,
): Promise<number[]> {
  const overhead: number[] = [];
  const { port } = server.address() as { port: number };
  const observer = await startBenchWorker('relayObserver.ts');
  try {
    for (let i = 0; i < runs; i++) {
      const { rrName } = await sandbox.admin('/clusters/bench/scenarios', {
        scenario: 'payment-latency',
        scriptedDecisions: false,
      });
      const plan: ObserverPlan = {
        apiFrontendUrl: apiFrontendUrl(sandbox),
        apiFrontendCa: readFileSync(sandbox.interServiceCaFile, 'utf8'),
        apiFrontendToken: 'sandbox-bench-backstage',
        passThroughUrl,
        pluginUrl: `http://127.0.0.1:${port}/api/kubernaut`,
        headers: alice,
        cluster: 'bench',
        remediation: rrName,
        message: 'What is happening here?',
      };
      overhead.push(...JSON.parse(await observer.ask(JSON.stringify(plan))));
    }
  } finally {
    await observer.stop();
  }
  return overhead;
}

async function main() {
  const sandbox = await startSandboxProcess([
    '--clusters',
    'bench:production:v1.6',
    '--speed',
    '40',
    '--seed',
    '5',
    ...(quietSandbox ? ['--no-live'] : []),
  ]);
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  try {
    const { server } = await startTestBackend({
      features: [
        kubernautPlugin,
        mockServices.rootConfig.factory({ data: sandbox.pluginConfig() }),
        mockServices.database.factory({ knex }),
      ],
    });
    await until(async () => {
      const { json } = await api(server, 'GET', '/clusters');
      return json.items?.[0]?.status === 'connected' ? true : undefined;
    });

    // Relay overhead on a steady cluster, then again right after the burst of decisions.
    const quietHealth = watchLoopHealth();
    const quietOverhead = await observeRelay(server, sandbox, relayRuns);
    const quietLoop = quietHealth.stop();
    const proxy = await startPassThroughProxy(
      apiFrontendUrl(sandbox),
      readFileSync(sandbox.interServiceCaFile, 'utf8'),
    );
    const floorOverhead = await observeRelay(
      server,
      sandbox,
      Math.ceil(relayRuns / 2),
      proxy.url,
    ).finally(proxy.close);

    // Decision round trip.
    const runs: string[] = [];
    for (let i = 0; i < decisionCount; i++) {
      const { rrName } = await sandbox.admin('/clusters/bench/scenarios', {
        scenario: 'payment-latency',
        scriptedDecisions: false,
      });
      runs.push(rrName);
    }
    const approvals = await until(async () => {
      const { json } = await api(
        server,
        'GET',
        '/approvals?cluster=bench&state=pending&limit=500',
      );
      const pending = (json.items ?? []).filter((a: { remediation: string }) =>
        runs.includes(a.remediation),
      );
      return pending.length === runs.length ? pending : undefined;
    });
    const decisions: number[] = [];
    for (const approval of approvals) {
      const started = performance.now();
      const { status, json } = await api(
        server,
        'POST',
        `/clusters/bench/approvals/${approval.name}/decision`,
        {
          decision: 'Approved',
          reason: 'benchmark',
          resourceVersion: approval.resourceVersion,
        },
      );
      decisions.push(performance.now() - started);
      if (status !== 200)
        throw new Error(`decision: ${status} ${JSON.stringify(json)}`);
    }

    const busyHealth = watchLoopHealth();
    const busyOverhead = await observeRelay(
      server,
      sandbox,
      Math.ceil(relayRuns / 2),
    );
    const busyLoop = busyHealth.stop();

    // Fan-out: viewers connect as the investigation starts and stay to the end.
    const fanoutId = await startInvestigation(server);
    const rssBefore = process.memoryUsage().rss;
    const fanoutStarted = performance.now();
    const viewers = await Promise.all(
      Array.from({ length: viewerCount }, () =>
        readEvents(
          server,
          `/api/kubernaut/investigations/${fanoutId}/events`,
          alice,
          finished,
          180_000,
        ),
      ),
    );
    const fanoutMs = performance.now() - fanoutStarted;
    const rssPeak = process.memoryUsage().rss;
    const reference = viewers[0].filter(e => e.id).map(e => Number(e.id));
    const complete = viewers.filter(v => {
      const ids = v.filter(e => e.id).map(e => Number(e.id));
      return (
        finished(v) &&
        ids.length === reference.length &&
        ids.every((seq, i) => seq === i + 1)
      );
    }).length;
    const lastEventSpread = viewers.map(v => {
      const last = v.filter(e => e.id).at(-1)!;
      return last.receivedAt;
    });
    const spread = Math.max(...lastEventSpread) - Math.min(...lastEventSpread);

    process.stdout.write(
      [
        `backend decisions and investigations benchmark (sandbox over HTTP${
          quietSandbox ? ' without background remediations' : ''
        }, SQLite in memory)`,
        `  decision round trip (${decisionCount} approvals, impersonated status write): ${stats(
          decisions,
        )} (target p95 < 100 ms)`,
        `  relay overhead per event (API Frontend write -> viewer read): ${stats(
          quietOverhead,
        )} (target p99 < 5 ms; live events only)`,
        `    backend meanwhile: ${quietLoop}`,
        `    floor, a byte-for-byte proxy in the backend's process instead of the plugin: ${stats(
          floorOverhead,
        )}`,
        `  same, right after the ${decisionCount} approvals (their remediations execute during the first runs): ${stats(
          busyOverhead,
        )}`,
        `    backend meanwhile: ${busyLoop}`,
        `  fan-out: ${viewerCount} viewers of one investigation, ${reference.length} events each: ${complete}/${viewerCount} got every event once and in order; ` +
          `last event reached all viewers within ${spread.toFixed(
            1,
          )} ms; whole investigation ${(fanoutMs / 1000).toFixed(1)} s; RSS ${(
            rssBefore / 1e6
          ).toFixed(0)} -> ${(rssPeak / 1e6).toFixed(0)} MB`,
        '',
      ].join('\n'),
    );
    server.close();
  } finally {
    await knex.destroy();
    await sandbox.stop();
  }
  process.exit(0);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
