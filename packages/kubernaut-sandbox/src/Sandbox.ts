import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AdminServer } from './AdminServer';
import { buildKubeconfig } from './kubeconfig';
import { IdentityProvider } from './oidc/IdentityProvider';
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
  /** Pre-filled remediations also get the children their phase implies (`--scale-children`). */
  scaleChildren?: boolean;
  /** Keep remediations flowing (default); tests turn it off and start scenarios themselves. */
  live?: boolean;
  /** How often watches that asked for bookmarks get one (default 10 s). */
  bookmarkIntervalMs?: number;
  /**
   * Serve Data Storage and API Frontend over TLS from an inter-service CA, as Kubernaut's chart
   * does (default true). The CA is written next to the kubeconfig as `inter-service-ca.crt`.
   */
  serviceTls?: boolean;
  /**
   * Run the OpenID Connect provider of the dev stack's people (default true) on this port (0: a
   * free one); every cluster's API Frontend trusts its ID tokens for the audience `backstage`.
   */
  identity?: { enabled: boolean; port: number; redirectUris?: string[] };
}

/** Backstage's OIDC client at the sandbox's identity provider. */
export const OIDC_CLIENT_ID = 'backstage';
/** Backstage's OIDC callback on the dev backend (the auth backend's `oidc` provider). */
export const DEFAULT_REDIRECT_URIS = [
  'http://127.0.0.1:7007/api/auth/oidc/handler/frame',
  'http://localhost:7007/api/auth/oidc/handler/frame',
];
/** Where the sandbox writes the client secret Backstage signs in with, next to the kubeconfig. */
export const OIDC_CLIENT_SECRET_FILE = 'oidc-client-secret';

/** The inter-service CA's file name, next to the kubeconfig (the chart's ConfigMap `inter-service-ca`). */
export const INTER_SERVICE_CA_FILE = 'inter-service-ca.crt';

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
  /** Data Storage's and API Frontend's certificates, from a CA of their own. */
  readonly serviceTls?: SandboxTls;
  readonly admin: ServerHandle;
  readonly identity?: IdentityProvider;

  constructor(readonly options: SandboxOptions) {
    this.tls = createSandboxTls(options.host);
    if (options.serviceTls !== false)
      this.serviceTls = createSandboxTls(
        options.host,
        'kubernaut-inter-service-ca',
      );
    if (options.identity?.enabled !== false)
      this.identity = new IdentityProvider({
        host: options.host,
        port: options.identity?.port ?? 0,
        client: {
          clientId: OIDC_CLIENT_ID,
          redirectUris: options.identity?.redirectUris ?? DEFAULT_REDIRECT_URIS,
        },
      });
    const identity = this.identity;
    const trustedIssuers = identity
      ? () => [
          {
            url: identity.issuer,
            jwksUrl: identity.jwksUrl,
            audiences: [OIDC_CLIENT_ID],
          },
        ]
      : undefined;
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
            serviceTls: this.serviceTls,
            seed: options.seed,
            speed: options.speed,
            live: options.live ?? true,
            bookmarkIntervalMs: options.bookmarkIntervalMs,
            trustedIssuers,
          },
        ),
    );
  }

  cluster(name: string): SimulatedCluster | undefined {
    return this.clusters.find(c => c.name === name);
  }

  async start(): Promise<void> {
    for (const cluster of this.clusters) {
      cluster.engine.scaleChildren = this.options.scaleChildren ?? false;
      cluster.engine.fillScale(this.options.scale);
    }
    await this.identity?.start();
    await Promise.all(this.clusters.map(c => c.start()));
    await this.admin.start();
    if (this.options.kubeconfigOut) {
      await writeFile(
        this.options.kubeconfigOut,
        buildKubeconfig(this.clusters, this.tls.caPem),
        { mode: 0o600 },
      );
      if (this.serviceTls)
        await writeFile(
          join(dirname(this.options.kubeconfigOut), INTER_SERVICE_CA_FILE),
          this.serviceTls.caPem,
        );
      if (this.identity)
        await writeFile(
          join(dirname(this.options.kubeconfigOut), OIDC_CLIENT_SECRET_FILE),
          this.identity.client.clientSecret,
          { mode: 0o600 },
        );
    }
  }

  async stop(): Promise<void> {
    await this.admin.stop();
    await Promise.all(this.clusters.map(c => c.stop()));
    await this.identity?.stop();
  }
}
