/**
 * The fleet a frontend benchmark runs: the sandbox's three default clusters, then as many more as
 * `--clusters` asks for, and the backend configuration that connects to all of them.
 */
import { writeFileSync } from 'node:fs';

export interface BenchCluster {
  name: string;
  title: string;
  environment: 'production' | 'staging';
  layout: 'v1.5' | 'v1.6';
}

const DEFAULTS: BenchCluster[] = [
  {
    name: 'prod-us-east',
    title: 'Production US East',
    environment: 'production',
    layout: 'v1.6',
  },
  {
    name: 'prod-eu-west',
    title: 'Production EU West (Kubernaut v1.5)',
    environment: 'production',
    layout: 'v1.5',
  },
  { name: 'staging', title: 'Staging', environment: 'staging', layout: 'v1.6' },
];

/** `count` clusters: the defaults first, then fleet-04… alternating environment and layout. */
export function benchClusters(count: number): BenchCluster[] {
  if (!Number.isInteger(count) || count < 1 || count > 50)
    throw new Error('--clusters needs an integer from 1 to 50');
  return Array.from({ length: count }, (_, i) => {
    if (i < DEFAULTS.length) return DEFAULTS[i];
    const name = `fleet-${String(i + 1).padStart(2, '0')}`;
    return {
      name,
      title: `Fleet ${i + 1}`,
      environment: i % 2 ? 'staging' : 'production',
      layout: i % 3 === 1 ? 'v1.5' : 'v1.6',
    };
  });
}

/** The sandbox CLI's `--clusters` value. */
export const sandboxClustersArg = (clusters: BenchCluster[]) =>
  clusters.map(c => `${c.name}:${c.environment}:${c.layout}`).join(',');

/**
 * Writes the backend's cluster list for these clusters to `file` (JSON, which YAML reads), as
 * app-config.yaml lists the default three: the sandbox's admin endpoint is on `sandboxPort`,
 * each cluster on the next three ports (Kubernetes API, Data Storage, API frontend). Paths are
 * relative to packages/backend, where the backend runs. Given after app-config.yaml, its list
 * replaces that file's (Backstage does not merge arrays).
 */
export function writeBackendClusterConfig(
  file: string,
  clusters: BenchCluster[],
  sandboxPort = 6550,
) {
  const ca = '../../.sandbox/inter-service-ca.crt';
  const config = {
    kubernaut: {
      clusters: clusters.map((cluster, i) => {
        const base = sandboxPort + 1 + 3 * i;
        return {
          name: cluster.name,
          title: cluster.title,
          environment: cluster.environment,
          kubeconfig: {
            path: '../../.sandbox/kubeconfig',
            context: `${cluster.name}-backstage`,
          },
          dataStorage: { url: `https://127.0.0.1:${base + 1}`, caFile: ca },
          apiFrontend: { url: `https://127.0.0.1:${base + 2}`, caFile: ca },
          approvalMode: 'impersonate',
        };
      }),
    },
  };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
}
