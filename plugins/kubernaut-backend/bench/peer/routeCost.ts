/**
 * What our read routes cost without HTTP, auth or permission: the services the routes call, timed
 * in-process over the same sandbox as `yarn bench:peer`. The difference between a route's time
 * there and here is the HTTP stack, the token check and the permission round trip.
 *   node -r @backstage/cli-node/config/nodeTransform.cjs plugins/kubernaut-backend/bench/peer/routeCost.ts [--scale 20000]
 */
import { ConfigReader } from '@backstage/config';
import { parseTargetPattern } from '@kubernaut/plugin-kubernaut-common';
import { ClusterRegistry } from '../../src/cluster/ClusterRegistry';
import { readClusterConfigs } from '../../src/config/clusterConfig';
import { FleetService } from '../../src/services/FleetService';
import { RemediationService } from '../../src/services/RemediationService';
import { startSandboxProcess } from '../../src/testUtils/sandboxProcess';
import { COMPONENT } from './questions';
import { distribution } from './report';

const scaleIndex = process.argv.indexOf('--scale');
const scale =
  (scaleIndex >= 0 && Number(process.argv[scaleIndex + 1])) || 20_000;
const RUNS = 200;

const logger: any = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child: () => logger,
};
const allowAll = Object.assign(() => true, { key: 'allow' });

async function time(run: () => unknown): Promise<string> {
  for (let i = 0; i < 10; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  const { min, p50, p95, max } = distribution(samples);
  return `min ${min.toFixed(2)}  p50 ${p50.toFixed(2)}  p95 ${p95.toFixed(
    2,
  )}  max ${max.toFixed(2)} ms`;
}

async function main() {
  const sandbox = await startSandboxProcess([
    '--scale',
    String(scale),
    '--no-live',
    '--clusters',
    'prod-us-east:production:v1.6,prod-eu-west:production:v1.5,staging:staging:v1.6',
  ]);
  const registry = new ClusterRegistry(
    readClusterConfigs(new ConfigReader(sandbox.pluginConfig() as any)),
    logger,
  );
  try {
    registry.start();
    while (!registry.all().every(c => c.synced))
      await new Promise(r => setTimeout(r, 50));
    const remediations = new RemediationService(registry);
    const fleet = new FleetService(registry, logger);
    const list = (
      filter: object,
      params: object,
    ): ReturnType<RemediationService['list']> =>
      remediations.list({
        filter,
        params,
        sort: 'created',
        direction: 'desc',
        limit: 50,
        allowed: allowAll,
      });
    const component = list({}, { targets: [parseTargetPattern(COMPONENT)!] });
    const [detail] = component.items;
    const day = 24 * 3600_000;
    const kpis = (until: Date) =>
      fleet.summary({
        filter: {},
        params: {},
        since: new Date(until.getTime() - day),
        until,
        allowed: allowAll,
      });
    // Each call a window five seconds later: the first request of a new bucket.
    let shift = 0;
    const newWindow = () => kpis(new Date(Date.now() + (shift += 5000)));
    const sameWindow = new Date();
    const [changing] = registry.all();
    const changedRow = changing.remediationRows()[0].name;
    const lines = [
      `route work without HTTP, auth or permission: 3 clusters x ${scale} RemediationRequests, ${RUNS} calls each`,
      `  a page of one cluster:     ${await time(() =>
        list({}, { clusters: [sandbox.clusters[0].name] }),
      )}`,
      `  critical across the fleet: ${await time(() =>
        list({ severities: ['critical'] }, {}),
      )}`,
      `  ${COMPONENT} (target=): ${await time(() =>
        list({}, { targets: [parseTargetPattern(COMPONENT)!] }),
      )} (${component.items.length} rows)`,
      `  one remediation + children: ${await time(() =>
        remediations.detail(detail.cluster, detail.name, allowAll),
      )}`,
      `  KPIs (24h window):          ${await time(() => kpis(sameWindow))}`,
      `  KPIs, a new 5 s window:     ${await time(newWindow)}`,
      // What a change to one of that cluster's rows does to the figures cached for it (the
      // row store is private: a bench may reach in).
      `  KPIs, a row of ${changing.name} changed: ${await time(() => {
        (
          changing as unknown as { rows: { touch(name: string): void } }
        ).rows.touch(changedRow);
        return kpis(sameWindow);
      })}`,
      `  JSON of a 50-row page:      ${await time(() =>
        JSON.stringify(list({}, { clusters: [sandbox.clusters[0].name] })),
      )}`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
  } finally {
    registry.stop();
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
