/**
 * Sandbox scale benchmark: prints figures, asserts nothing.
 *   yarn bench:sandbox [--scale 20000] [--clusters 3]
 * Starts the real CLI with --scale, then times full and paged lists of RemediationRequests
 * through the Kubernetes API over TLS, as the Backstage service account.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import https from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

function freePort(): Promise<number> {
  return new Promise(done => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

function get(
  url: string,
  token: string,
  ca: string,
): Promise<{ ms: number; bytes: number; body: any }> {
  const started = performance.now();
  return new Promise((done, fail) => {
    https
      .get(url, { ca, headers: { Authorization: `Bearer ${token}` } }, res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const body = JSON.parse(text);
          done({ ms: performance.now() - started, bytes: text.length, body });
        });
      })
      .on('error', fail);
  });
}

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

async function main() {
  const scale = arg('scale', 20_000);
  const clusters = [
    'prod-us-east:production:v1.6',
    'prod-eu-west:production:v1.5',
    'staging:staging:v1.6',
  ].slice(0, arg('clusters', 3));
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-bench-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  const port = await freePort();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      resolve(__dirname, '../bin/kubernaut-sandbox'),
      '--scale',
      String(scale),
      '--clusters',
      clusters.join(','),
      '--port',
      String(port),
      '--kubeconfig-out',
      kubeconfigPath,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((done, fail) => {
    child.stdout!.on('data', chunk => {
      if (String(chunk).includes('kubernaut-sandbox ready')) done();
    });
    child.on('exit', code => fail(new Error(`sandbox exited with ${code}`)));
  });
  const startupMs = performance.now() - started;
  const rssMb =
    Number(
      /VmRSS:\s+(\d+)/.exec(
        readFileSync(`/proc/${child.pid}/status`, 'utf8'),
      )![1],
    ) / 1024;

  const kubeconfig = parse(readFileSync(kubeconfigPath, 'utf8'));
  const ca = Buffer.from(
    kubeconfig.clusters[0].cluster['certificate-authority-data'],
    'base64',
  ).toString();
  const name = clusters[0].split(':')[0];
  const server = kubeconfig.clusters.find(
    (c: { name: string }) => c.name === name,
  ).cluster.server;
  const token = kubeconfig.users.find(
    (u: { name: string }) => u.name === `${name}-kubernaut-backstage`,
  ).user.token;
  const base = `${server}/apis/kubernaut.ai/v1alpha1/namespaces/kubernaut-system/remediationrequests`;

  const full: number[] = [];
  let items = 0;
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    const reply = await get(base, token, ca);
    full.push(reply.ms);
    items = reply.body.items.length;
    bytes = reply.bytes;
  }
  const paged: number[] = [];
  let pages = 0;
  const pagedStart = performance.now();
  let cont: string | undefined;
  do {
    const reply = await get(
      `${base}?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`,
      token,
      ca,
    );
    paged.push(reply.ms);
    pages++;
    cont = reply.body.metadata.continue;
  } while (cont);
  const pagedTotal = performance.now() - pagedStart;
  child.kill('SIGTERM');

  const fmt = (n: number) => n.toFixed(0);
  process.stdout.write(
    [
      `sandbox scale benchmark: ${clusters.length} clusters x ${scale} RemediationRequests`,
      `  startup to ready line:        ${fmt(startupMs)} ms (target < 30000)`,
      `  sandbox RSS after start:      ${fmt(rssMb)} MB`,
      `  full list (${items} items, ${(bytes / 1e6).toFixed(
        1,
      )} MB): median ${fmt(percentile(full, 50))} ms, max ${fmt(
        Math.max(...full),
      )} ms (target < 2000)`,
      `  paged list, limit 500:        ${pages} pages in ${fmt(
        pagedTotal,
      )} ms, p95 page ${fmt(percentile(paged, 95))} ms`,
      '',
    ].join('\n'),
  );
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
