// A test-only module (only *.test.ts files import it), which the rule cannot tell from its path.
// eslint-disable-next-line @backstage/no-undeclared-imports
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
// eslint-disable-next-line @backstage/no-undeclared-imports
import { Sandbox, type ClusterSpec } from '@kubernaut/sandbox';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterConfig } from '../config/clusterConfig';
import { readClusterConfigs } from '../config/clusterConfig';

/**
 * An in-process sandbox with one cluster (no live scenarios, the scenario history only) and the
 * plugin's config for it, for tests that build their own ClusterConnections.
 */
export async function startOneClusterSandbox(options: {
  name: string;
  environment: ClusterSpec['environment'];
  seed: number;
}): Promise<{
  sandbox: Sandbox;
  config: ClusterConfig;
  logger: ReturnType<typeof mockServices.logger.mock>;
}> {
  const kubeconfig = join(
    mkdtempSync(join(tmpdir(), `${options.name}-`)),
    'kc',
  );
  const sandbox = new Sandbox({
    clusters: [
      { name: options.name, environment: options.environment, layout: 'v1.6' },
    ],
    host: '127.0.0.1',
    port: 0,
    seed: options.seed,
    speed: 100,
    scale: 0,
    live: false,
    serviceTls: false,
    kubeconfigOut: kubeconfig,
  });
  await sandbox.start();
  const [config] = readClusterConfigs(
    new ConfigReader({
      kubernaut: {
        clusters: [
          {
            name: options.name,
            kubeconfig: {
              path: kubeconfig,
              context: `${options.name}-backstage`,
            },
          },
        ],
      },
    }),
  );
  return { sandbox, config, logger: mockServices.logger.mock() };
}
