import { writeFile } from 'node:fs/promises';
import { AdminServer } from './AdminServer';
import { buildKubeconfig } from './kubeconfig';
import { ServerHandle } from './ServerHandle';
import { SimulatedCluster, type ClusterSpec } from './SimulatedCluster';
import { createSandboxTls, type SandboxTls } from './tls';

export interface SandboxOptions {
  clusters: ClusterSpec[];
  host: string;
  /** The admin endpoint listens here; clusters take the following ports, three each. */
  port: number;
  kubeconfigOut?: string;
  seed: number;
  /** Scenario clock factor: 10 plays ten seconds of Kubernaut per real second. */
  speed: number;
  /** RemediationRequests to pre-fill per cluster, for benchmarks. */
  scale: number;
  /** Keep remediations flowing (default); tests turn it off and start scenarios themselves. */
  live?: boolean;
  /** How often watches that asked for bookmarks get one (default 10 s). */
  bookmarkIntervalMs?: number;
}

export const DEFAULT_CLUSTERS: ClusterSpec[] = [
  { name: 'prod-us-east', environment: 'production', layout: 'v1.6' },
  { name: 'prod-eu-west', environment: 'production', layout: 'v1.5' },
  { name: 'staging', environment: 'staging', layout: 'v1.6' },
];

/** Port 0 lets every server pick a free port (tests); otherwise three consecutive ports per cluster. */
function portsFor(first: number, index: number) {
  if (first === 0) return { kubernetes: 0, dataStorage: 0, apiFrontend: 0 };
  return {
    kubernetes: first + 1 + index * 3,
    dataStorage: first + 2 + index * 3,
    apiFrontend: first + 3 + index * 3,
  };
}

export class Sandbox {
  readonly clusters: SimulatedCluster[];
  readonly tls: SandboxTls;
  readonly admin: ServerHandle;

  constructor(readonly options: SandboxOptions) {
    this.tls = createSandboxTls(options.host);
    const admin = new AdminServer(this);
    this.admin = new ServerHandle(
      'admin',
      options.host,
      options.port,
      (req, res) => admin.handle(req, res),
    );
    this.clusters = options.clusters.map(
      (spec, i) =>
        new SimulatedCluster(
          spec,
          options.host,
          portsFor(options.port, i),
          () => new Date(),
          this.tls,
          {
            seed: options.seed,
            speed: options.speed,
            live: options.live ?? true,
            bookmarkIntervalMs: options.bookmarkIntervalMs,
          },
        ),
    );
  }

  cluster(name: string): SimulatedCluster | undefined {
    return this.clusters.find(c => c.name === name);
  }

  async start(): Promise<void> {
    for (const cluster of this.clusters)
      cluster.engine.fillScale(this.options.scale);
    await Promise.all(this.clusters.map(c => c.start()));
    await this.admin.start();
    if (this.options.kubeconfigOut) {
      await writeFile(
        this.options.kubeconfigOut,
        buildKubeconfig(this.clusters, this.tls.caPem),
        { mode: 0o600 },
      );
    }
  }

  async stop(): Promise<void> {
    await this.admin.stop();
    await Promise.all(this.clusters.map(c => c.stop()));
  }
}
