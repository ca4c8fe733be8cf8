/**
 * MCP client benchmark: prints figures, asserts nothing.
 *   node -r @backstage/cli-node/config/nodeTransform.cjs plugins/kubernaut-backend/bench/mcpClient.ts [--calls 2000] [--rounds 2] [--tls]
 * Starts the sandbox's API Frontend in this process (the protocol test fixture, over https with
 * the sandbox CA when --tls) and calls `kubernaut_get_remediation` through each MCP client, each
 * client in a process of its own (so its RSS and CPU are its own): ApiFrontendClient (ours,
 * node:http with the service agent), the SDK's Client + StreamableHTTPClientTransport on global
 * fetch (with --tls: trusting the CA process-wide, NODE_EXTRA_CA_CERTS), and the SDK on a
 * node:http fetch with our agent (what carrying our TLS agent takes).
 * Per client and round: a warm-up, then --calls calls one after another, --calls calls 8 at a
 * time with one token, and --calls calls 8 at a time spread over 3 users' tokens (a session
 * each). Rounds alternate the clients' order; samples of all rounds are pooled.
 */
import {
  startFixture,
  type Fixture,
} from '@kubernaut/sandbox/src/apifrontend/testFixture';
import { ServerHandle } from '@kubernaut/sandbox/src/ServerHandle';
import { createSandboxTls } from '@kubernaut/sandbox/src/tls';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBenchProcess } from './benchProcess';

const TOOL = 'kubernaut_get_remediation';
const REMEDIATION = 'rr-abcdefabcdef-00000001';
const CLIENTS = {
  ours: 'ours (node:http)',
  sdk: 'SDK (global fetch)',
  'sdk-agent': 'SDK (fetch on our agent)',
} as const;
type ClientKind = keyof typeof CLIENTS;
const PHASES = {
  sequential: 'sequential, 1 user',
  concurrent: 'concurrency 8, 1 user',
  users: 'concurrency 8, 3 users',
} as const;
type Phase = keyof typeof PHASES;

interface WorkerPlan {
  client: ClientKind;
  url: string;
  caPem?: string;
  tokens: string[];
  calls: number;
}

interface WorkerResult {
  samples: Record<Phase, number[]>;
  /** RSS once the client's modules are loaded, before any call. */
  rssLoaded: number;
  rssEnd: number;
  /** ru_maxrss, bytes. */
  rssPeak: number;
  /** This process's user + system CPU over the measured calls, ms. */
  cpuMs: number;
}

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return (at >= 0 && Number(process.argv[at + 1])) || fallback;
}

/** A worker: one client, all phases; prints a WorkerResult as JSON. */
async function worker(plan: WorkerPlan) {
  // Required here, not imported at the top: a worker loads only the client it measures.
  const { serviceAgent } =
    require('../src/clients/serviceHttp') as typeof import('../src/clients/serviceHttp');
  const agent = serviceAgent({
    url: plan.url,
    caPem: plan.caPem,
    skipTLSVerify: false,
  });
  const args = { rr_id: REMEDIATION };
  let call: (token: string) => Promise<unknown>;
  if (plan.client === 'ours') {
    const { ApiFrontendClient } =
      require('../src/clients/ApiFrontendClient') as typeof import('../src/clients/ApiFrontendClient');
    const client = new ApiFrontendClient(plan.url, agent);
    call = token => client.callTool(token, TOOL, args);
  } else {
    const { SdkMcpClient } =
      require('./sdkMcpClient') as typeof import('./sdkMcpClient');
    const client = new SdkMcpClient(
      plan.url,
      plan.client === 'sdk-agent' ? { agent } : {},
    );
    call = token => client.callTool(token, TOOL, args);
  }
  const rssLoaded = process.memoryUsage().rss;

  const run = async (count: number, concurrency: number, tokens: string[]) => {
    const samples: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          const token = tokens[next++ % tokens.length];
          const started = performance.now();
          const answer = (await call(token)) as { id?: string };
          samples.push(performance.now() - started);
          if (answer.id !== REMEDIATION)
            throw new Error(`unexpected answer ${JSON.stringify(answer)}`);
        }
      }),
    );
    return samples;
  };
  // Warm-up: sessions for every token, JIT, sockets.
  await run(Math.max(200, plan.calls / 10), 8, plan.tokens);
  const cpu = process.cpuUsage();
  const samples = {
    sequential: await run(plan.calls, 1, plan.tokens.slice(0, 1)),
    concurrent: await run(plan.calls, 8, plan.tokens.slice(0, 1)),
    users: await run(plan.calls, 8, plan.tokens),
  };
  const used = process.cpuUsage(cpu);
  const result: WorkerResult = {
    samples,
    rssLoaded,
    rssEnd: process.memoryUsage().rss,
    rssPeak: process.resourceUsage().maxRSS * 1024,
    cpuMs: (used.user + used.system) / 1000,
  };
  process.stdout.write(JSON.stringify(result));
  // Keep-alive sockets and SDK transports would hold the process open.
  process.exit(0);
}

function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

async function main() {
  const calls = argument('--calls', 2000);
  const rounds = argument('--rounds', 2);
  const tls = process.argv.includes('--tls');
  const fixture: Fixture = await startFixture();
  let tlsHandle: ServerHandle | undefined;
  let url = fixture.url;
  let caPem: string | undefined;
  let caDir: string | undefined;
  try {
    fixture.remediation(REMEDIATION, { overallPhase: 'Analyzing' });
    if (tls) {
      const certs = createSandboxTls('127.0.0.1');
      caPem = certs.caPem;
      tlsHandle = new ServerHandle(
        'api-frontend-tls',
        '127.0.0.1',
        0,
        (req, res) => fixture.server.handle(req, res),
        certs,
      );
      await tlsHandle.start();
      url = tlsHandle.url;
      // Global fetch takes no CA per destination: the workers, started after this, trust the
      // sandbox CA process-wide (what the SDK on global fetch would need in the backend).
      caDir = mkdtempSync(join(tmpdir(), 'mcp-bench-'));
      const caFile = join(caDir, 'ca.pem');
      writeFileSync(caFile, caPem);
      process.env.NODE_EXTRA_CA_CERTS = caFile;
    }
    const tokens = (['alice', 'admin', 'backstage'] as const).map(user =>
      fixture.token(user),
    );
    const kinds = Object.keys(CLIENTS) as ClientKind[];
    const pooled = new Map<ClientKind, WorkerResult[]>(kinds.map(k => [k, []]));
    for (let round = 0; round < rounds; round++) {
      for (const client of round % 2 ? [...kinds].reverse() : kinds) {
        const plan: WorkerPlan = { client, url, caPem, tokens, calls };
        pooled
          .get(client)!
          .push(
            JSON.parse(
              await runBenchProcess('mcpClient.ts', [
                '--worker',
                JSON.stringify(plan),
              ]),
            ),
          );
      }
    }

    const width = 26;
    const cell = (text: string) => text.padStart(width);
    const ms = (n: number) => `${n.toFixed(2)} ms`;
    const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
    const lines = [
      `MCP client benchmark: ${TOOL} against the sandbox API Frontend (${
        tls ? 'https, sandbox CA' : 'http'
      }, in the parent process); each client in its own process, ${rounds} round(s) x ${calls} calls per row, pooled`,
      `${''.padEnd(32)}${kinds.map(k => cell(CLIENTS[k])).join('')}`,
    ];
    for (const phase of Object.keys(PHASES) as Phase[]) {
      const sorted = new Map(
        kinds.map(k => [
          k,
          pooled
            .get(k)!
            .flatMap(r => r.samples[phase])
            .sort((a, b) => a - b),
        ]),
      );
      lines.push(`${PHASES[phase]}:`);
      for (const [label, pick] of [
        ['min', (s: number[]) => s[0]],
        ['median', (s: number[]) => percentile(s, 50)],
        ['p95', (s: number[]) => percentile(s, 95)],
        ['max', (s: number[]) => s[s.length - 1]],
      ] as const)
        lines.push(
          `  ${label.padEnd(30)}${kinds
            .map(k => cell(ms(pick(sorted.get(k)!))))
            .join('')}`,
        );
      const ours = percentile(sorted.get('ours')!, 50);
      lines.push(
        `  ${'median vs ours'.padEnd(30)}${kinds
          .map(k =>
            cell(
              `${(
                ((percentile(sorted.get(k)!, 50) - ours) / ours) *
                100
              ).toFixed(0)}%`,
            ),
          )
          .join('')}`,
      );
    }
    const worst = (k: ClientKind, f: (r: WorkerResult) => number) =>
      Math.max(...pooled.get(k)!.map(f));
    lines.push(
      `client process:`,
      `  ${'RSS, modules loaded'.padEnd(30)}${kinds
        .map(k => cell(mb(worst(k, r => r.rssLoaded))))
        .join('')}`,
      `  ${'RSS after the calls'.padEnd(30)}${kinds
        .map(k => cell(mb(worst(k, r => r.rssEnd))))
        .join('')}`,
      `  ${'peak RSS'.padEnd(30)}${kinds
        .map(k => cell(mb(worst(k, r => r.rssPeak))))
        .join('')}`,
      `  ${'CPU per call (user+sys)'.padEnd(30)}${kinds
        .map(k =>
          cell(
            ms(
              pooled.get(k)!.reduce((sum, r) => sum + r.cpuMs, 0) /
                (pooled.get(k)!.length * calls * 3),
            ),
          ),
        )
        .join('')}`,
      '',
    );
    process.stdout.write(lines.join('\n'));
  } finally {
    await tlsHandle?.stop();
    await fixture.stop();
    if (caDir) rmSync(caDir, { recursive: true, force: true });
  }
}

const workerAt = process.argv.indexOf('--worker');
(workerAt >= 0
  ? worker(JSON.parse(process.argv[workerAt + 1]) as WorkerPlan)
  : main()
).catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
