/**
 * Read-path benchmark: prints figures, asserts nothing.
 *   yarn bench:backend [--scale 20000]
 * Spawns the sandbox with 3 clusters x --scale RemediationRequests, syncs the plugin's caches
 * from it over the Kubernetes API, serves the plugin's router over HTTP, and times requests sent
 * from a separate client process; the RSS printed is this process's: caches, router and server.
 */
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { ClusterRegistry } from '../src/cluster/ClusterRegistry';
import { readClusterConfigs } from '../src/config/clusterConfig';
import { createRouter } from '../src/router/createRouter';
import { AuditService } from '../src/services/AuditService';
import { FleetService } from '../src/services/FleetService';
import { RemediationService } from '../src/services/RemediationService';
import { ApprovalService } from '../src/services/ApprovalService';
import { QueryUnderstanding } from '../src/services/QueryUnderstanding';
import { AuthorizedRemediations } from '../src/authorized/AuthorizedRemediations';
import { WorkflowService } from '../src/services/WorkflowService';
import { startSandboxProcess } from '../src/testUtils/sandboxProcess';
import { runBenchProcess } from './benchProcess';
import type { LoadRun } from './loadClient';
import { stats } from './stats';

const scale =
  Number(process.argv[process.argv.indexOf('--scale') + 1] || 20_000) || 20_000;

const logger: any = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child: () => logger,
};
const httpAuth: any = {
  credentials: async () => ({
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'user', userEntityRef: 'user:default/bench' },
  }),
};
const permissions: any = {
  authorize: async (requests: unknown[]) =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW })),
  authorizeConditional: async (requests: unknown[]) =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW })),
};

async function main() {
  const sandbox = await startSandboxProcess([
    '--scale',
    String(scale),
    '--clusters',
    'prod-us-east:production:v1.6,prod-eu-west:production:v1.5,staging:staging:v1.6',
  ]);
  try {
    const rssBefore = process.memoryUsage().rss;
    const registry = new ClusterRegistry(
      readClusterConfigs(new ConfigReader(sandbox.pluginConfig() as any)),
      logger,
    );
    const syncStarted = performance.now();
    registry.start();
    while (!registry.all().every(c => c.synced))
      await new Promise(r => setTimeout(r, 50));
    const syncMs = performance.now() - syncStarted;
    const rows = registry
      .all()
      .reduce((n, c) => n + c.remediationRows().length, 0);

    const understanding = new QueryUnderstanding(registry);
    const app = express();
    app.use(
      '/api/kubernaut',
      await createRouter({
        logger,
        httpAuth,
        permissions,
        registry,
        reads: new AuthorizedRemediations({
          permissions,
          remediations: new RemediationService(registry),
          approvals: new ApprovalService(registry),
          understanding,
        }),
        understanding,
        fleet: new FleetService(registry, logger),
        workflows: new WorkflowService(registry, logger),
        audit: new AuditService(registry),
      }),
    );
    const server = app.listen(0, '127.0.0.1');
    await new Promise(r => server.once('listening', r));
    const base = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/kubernaut`;

    const filteredQuery = `${base}/remediations?limit=50&q=${encodeURIComponent(
      'critical in production',
    )}`;
    const plan: LoadRun[] = [
      {
        name: 'warm-up',
        url: `${base}/remediations?limit=50`,
        count: 50,
        concurrency: 4,
      },
      { name: 'filtered', url: filteredQuery, count: 400, concurrency: 1 },
      // A different window on every request: nothing is reused.
      {
        name: 'filteredCold',
        url: `${base}/remediations?limit=50&q=${encodeURIComponent(
          'critical in production last',
        )}+{i}h`,
        count: 200,
        concurrency: 1,
      },
      {
        name: 'filteredLoaded',
        url: filteredQuery,
        count: 400,
        concurrency: 4,
      },
      {
        name: 'unfiltered',
        url: `${base}/remediations?limit=50`,
        count: 200,
        concurrency: 1,
      },
      {
        name: 'sorted',
        url: `${base}/remediations?limit=50&sort=severity&q=failed`,
        count: 200,
        concurrency: 1,
      },
      {
        name: 'summary',
        url: `${base}/fleet/summary`,
        count: 200,
        concurrency: 1,
      },
      {
        name: 'summaryLoaded',
        url: `${base}/fleet/summary`,
        count: 200,
        concurrency: 4,
      },
    ];
    const {
      filtered,
      filteredCold,
      filteredLoaded,
      unfiltered,
      sorted,
      summary,
      summaryLoaded,
    } = JSON.parse(
      await runBenchProcess('loadClient.ts', [JSON.stringify(plan)]),
    ) as Record<string, number[]>;
    global.gc?.();
    const rss = process.memoryUsage().rss;
    const heap = process.memoryUsage().heapUsed;
    server.close();
    registry.stop();

    process.stdout.write(
      [
        `backend read-path benchmark: 3 clusters x ${scale} RemediationRequests (${rows} rows cached), one client unless noted`,
        `  first sync of all caches:               ${(syncMs / 1000).toFixed(
          1,
        )} s (target < 20 s)`,
        `  /remediations?limit=50 q=critical prod: ${stats(
          filtered,
        )} (target p95 < 25 ms)`,
        `    same, 4 requests in flight:           ${stats(filteredLoaded)}`,
        `    q=critical prod last {i}h (no reuse): ${stats(filteredCold)}`,
        `  /remediations?limit=50 (no filter):     ${stats(unfiltered)}`,
        `  /remediations sort=severity q=failed:   ${stats(sorted)}`,
        `  /fleet/summary:                         ${stats(
          summary,
        )} (target p95 < 50 ms)`,
        `    same, 4 requests in flight:           ${stats(summaryLoaded)}`,
        `  process RSS: ${(rss / 1e6).toFixed(0)} MB, heap used ${(
          heap / 1e6
        ).toFixed(0)} MB (before caches RSS ${(rssBefore / 1e6).toFixed(
          0,
        )} MB; target RSS < 400 MB)`,
        '',
      ].join('\n'),
    );
  } finally {
    await sandbox.stop();
  }
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
