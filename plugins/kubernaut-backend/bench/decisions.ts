/**
 * Decision round-trip benchmark: prints figures, asserts nothing.
 *   yarn bench:decisions [--decisions 200] [--batch 25]
 * Spawns the sandbox with two clusters, one deciding by impersonation (the default) and one
 * through API Frontend's `kubernaut_approve` (`approvalMode: apiFrontend`, with the person's
 * token), starts the plugin in a test backend on SQLite, and for each mode decides --decisions
 * fresh approval requests one after another, --batch at a time as the sandbox raises them.
 * Each decision is timed from the POST to its 200 (whose body is the request's status read back
 * from the cluster) and to the moment the backend's cache shows it; the backend's calls to the
 * cluster during each POST are recorded (decisions/trace.ts), which splits the time into steps.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import knexFactory from 'knex';
import type { Server } from 'node:http';
import { Agent, request } from 'node:https';
import { loadavg } from 'node:os';
import { kubeConfigFor } from '../src/cluster/kubeConfig';
import { kubernautPlugin } from '../src/plugin';
import { startSandboxProcess } from '../src/testUtils/sandboxProcess';
import { modeLines, type DecisionSample } from './decisions/report';
import { splitSteps, traceOutgoing } from './decisions/trace';
import { stats } from './stats';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isInteger(value) && value > 0 ? value : fallback;
}
const decisionCount = flag('decisions', 200);
const batchSize = flag('batch', 25);

const MODES = [
  { cluster: 'imp', mode: 'impersonate' },
  { cluster: 'afe', mode: 'apiFrontend' },
] as const;

const alice = {
  Authorization: mockCredentials.user.header('user:default/alice'),
  'Content-Type': 'application/json',
};

async function api(
  server: Server,
  method: string,
  path: string,
  init: { body?: unknown; headers?: Record<string, string> } = {},
) {
  const { port } = server.address() as { port: number };
  const response = await fetch(
    `http://127.0.0.1:${port}/api/kubernaut${path}`,
    {
      method,
      headers: { ...alice, ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    },
  );
  return { status: response.status, json: await response.json() };
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  intervalMs = 100,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise(r => setTimeout(r, intervalMs));
  }
}

/**
 * What a new connection adds to one Kubernetes call. @kubernetes/client-node 2 gives every
 * request a new undici Agent (`KubeConfig.applySecurityAuthentication` -> `createDispatcher`),
 * so each call opens a TCP connection and does a TLS handshake. The same GET (a namespace list
 * of approval requests, limit 1) through the library alone, through the plugin's KubeConfig
 * (`kubeConfigFor`, which keeps the connections alive), then over one kept-alive node:https
 * connection.
 */
async function handshakeCost(
  kubeconfigPath: string,
  cluster: string,
): Promise<string[]> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  kubeConfig.setCurrentContext(`${cluster}-backstage`);
  const path =
    '/apis/kubernaut.ai/v1alpha1/namespaces/kubernaut-system/remediationapprovalrequests?limit=1';
  const library = kubeConfig.makeApiClient(CustomObjectsApi);
  const pluginConfig = kubeConfigFor({
    name: cluster,
    title: cluster,
    connection: {
      kind: 'kubeconfig',
      path: kubeconfigPath,
      context: `${cluster}-backstage`,
    },
    namespace: 'kubernaut-system',
    approvalMode: 'impersonate',
  });
  const plugin = pluginConfig.makeApiClient(CustomObjectsApi);
  const listOne = (client: CustomObjectsApi) => () =>
    client.listNamespacedCustomObject({
      group: 'kubernaut.ai',
      version: 'v1alpha1',
      namespace: 'kubernaut-system',
      plural: 'remediationapprovalrequests',
      limit: 1,
    });
  const server = kubeConfig.getCurrentCluster()!;
  const agent = new Agent({
    keepAlive: true,
    maxSockets: 1,
    ca: Buffer.from(server.caData!, 'base64'),
  });
  const token = kubeConfig.getCurrentUser()!.token!;
  const keptAlive = () =>
    new Promise<void>((resolve, reject) => {
      request(
        `${server.server}${path}`,
        { agent, headers: { Authorization: `Bearer ${token}` } },
        response => {
          response.resume();
          response.on('end', resolve);
        },
      )
        .on('error', reject)
        .end();
    });
  const time = async (call: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let i = 0; i < 105; i++) {
      const started = performance.now();
      await call();
      if (i >= 5) samples.push(performance.now() - started);
    }
    return stats(samples);
  };
  const lines = [
    '  one Kubernetes GET from this process, 100 times:',
    `    through @kubernetes/client-node alone (a new connection each): ${await time(
      listOne(library),
    )}`,
    `    through the plugin's kubeConfigFor (kept alive):              ${await time(
      listOne(plugin),
    )}`,
    `    over one kept-alive connection (node:https Agent):            ${await time(
      keptAlive,
    )}`,
  ];
  agent.destroy();
  await pluginConfig.closeConnections();
  return lines;
}

interface Pending {
  name: string;
  remediation: string;
  resourceVersion: string;
}

async function main() {
  const sandbox = await startSandboxProcess([
    '--clusters',
    MODES.map(m => `${m.cluster}:production:v1.6`).join(','),
    '--speed',
    '40',
    '--seed',
    '7',
    '--no-live',
  ]);
  const config = sandbox.pluginConfig();
  for (const [index, { mode }] of MODES.entries())
    (
      config.kubernaut.clusters[index] as { approvalMode?: string }
    ).approvalMode = mode;
  const upstreamByHost = new Map<string, string>();
  for (const cluster of sandbox.clusters) {
    upstreamByHost.set(new URL(cluster.kubernetesUrl).host, 'kubernetes');
    upstreamByHost.set(new URL(cluster.apiFrontendUrl).host, 'apiFrontend');
    upstreamByHost.set(new URL(cluster.dataStorageUrl).host, 'dataStorage');
  }
  const trace = traceOutgoing(
    (host, path) =>
      /[?&]watch=(true|1)\b/.test(path) ? undefined : upstreamByHost.get(host),
    url => url.endsWith('/decision'),
  );
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const began = new Date();
  const loadBefore = loadavg()[0];
  try {
    const { server } = await startTestBackend({
      features: [
        kubernautPlugin,
        mockServices.rootConfig.factory({ data: config }),
        mockServices.database.factory({ knex }),
      ],
    });
    await until('clusters connected', async () => {
      const { json } = await api(server, 'GET', '/clusters');
      return json.items?.every(
        (c: { status: string }) => c.status === 'connected',
      )
        ? true
        : undefined;
    });
    const lines: string[] = [];
    for (const { cluster, mode } of MODES) {
      // The token API Frontend trusts for alice (the sandbox's user tokens), sent where it counts.
      const headers: Record<string, string> =
        mode === 'apiFrontend'
          ? { 'x-kubernaut-user-token': `sandbox-${cluster}-alice` }
          : {};
      const samples: DecisionSample[] = [];
      let refused = 0;
      while (samples.length + refused < decisionCount) {
        const want = Math.min(
          batchSize,
          decisionCount - samples.length - refused,
        );
        const started: string[] = [];
        for (let i = 0; i < want; i++) {
          const { rrName } = await sandbox.admin(
            `/clusters/${cluster}/scenarios`,
            {
              scenario: 'payment-latency',
              scriptedDecisions: false,
            },
          );
          started.push(rrName);
        }
        const pending: Pending[] = await until(
          `${want} approvals on ${cluster}`,
          async () => {
            const { json } = await api(
              server,
              'GET',
              `/approvals?cluster=${cluster}&state=pending&limit=500`,
            );
            const mine = (json.items ?? []).filter((a: Pending) =>
              started.includes(a.remediation),
            );
            return mine.length === started.length ? mine : undefined;
          },
        );
        for (const approval of pending) {
          const start = performance.now();
          const { status, json } = await api(
            server,
            'POST',
            `/clusters/${cluster}/approvals/${approval.name}/decision`,
            {
              headers,
              body: {
                decision: 'Approved',
                reason: 'benchmark',
                resourceVersion: approval.resourceVersion,
              },
            },
          );
          const end = performance.now();
          if (status !== 200 || !json.decidedBy) {
            refused++;
            process.stderr.write(
              `${mode}: ${status} ${JSON.stringify(json)}\n`,
            );
            continue;
          }
          const steps = splitSteps(
            start,
            end,
            trace.between(start, end),
            trace.receivedBetween(start, end),
          );
          await until(
            `${approval.name} decided in the cache`,
            async () => {
              const detail = await api(
                server,
                'GET',
                `/clusters/${cluster}/remediations/${approval.remediation}`,
              );
              return detail.json.approvalRequest?.decision ? true : undefined;
            },
            2,
            30_000,
          );
          samples.push({
            connections: trace.connectionsBetween(start, end),
            roundTrip: end - start,
            visible: performance.now() - start,
            steps,
          });
          trace.forget(start);
        }
      }
      lines.push(...modeLines(mode, samples));
      if (refused) lines.push(`    refused (not 200, see stderr): ${refused}`);
    }
    lines.push(...(await handshakeCost(sandbox.kubeconfig, MODES[0].cluster)));
    process.stdout.write(
      [
        `decision round trip: sandbox over HTTPS (--speed 40, no background remediations), plugin in a test backend on SQLite, one decision at a time; started ${began.toISOString()}, load average ${loadBefore.toFixed(
          2,
        )} -> ${loadavg()[0].toFixed(2)}`,
        ...lines,
        '',
      ].join('\n'),
    );
    server.close();
  } finally {
    await knex.destroy();
    await sandbox.stop();
  }
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
