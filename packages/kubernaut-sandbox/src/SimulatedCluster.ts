import type { TrustedIssuer } from './apifrontend/jwtIdentity';
import { ApiFrontendServer } from './apifrontend/ApiFrontendServer';
import { AuditLog } from './datastorage/AuditLog';
import { DataStorageServer } from './datastorage/DataStorageServer';
import { ScenarioEngine } from './scenario/ScenarioEngine';
import {
  Authorizer,
  defaultRbacRules,
  defaultUsers,
  KUBERNAUT_NAMESPACE,
  type SandboxUser,
} from './kube/auth';
import { KubeApiServer } from './kube/KubeApiServer';
import { ObjectStore } from './kube/ObjectStore';
import {
  RESOURCE_TYPES,
  servedResourceTypes,
  type StatusLayout,
} from './kube/resources';
import { ServerHandle } from './ServerHandle';
import type { SandboxTls } from './tls';

export interface ClusterSpec {
  name: string;
  environment: 'production' | 'staging' | 'development';
  layout: StatusLayout;
}

export interface ClusterPorts {
  kubernetes: number;
  dataStorage: number;
  apiFrontend: number;
}

/** Namespaces every simulated cluster has: Kubernaut's own and the demo workloads'. */
export const DEMO_NAMESPACES = [
  'demo-checkout',
  'demo-payments',
  'demo-storefront',
  'demo-shipping',
  'demo-telemetry',
  'demo-ml-pipeline',
  'demo-api',
  'demo-gateway',
  'demo-keystore',
  'demo-webui',
  'demo-orders',
  'demo-batch',
  'demo-scheduler',
  'demo-inventory',
];

/** One Kubernaut installation: its Kubernetes API, and the switches tests flip. */
export class SimulatedCluster {
  readonly store: ObjectStore;
  readonly users: SandboxUser[];
  readonly authorizer: Authorizer;
  readonly kubeApi: KubeApiServer;
  readonly kubeServer: ServerHandle;
  readonly audit: AuditLog;
  readonly dataStorage: DataStorageServer;
  readonly dataStorageServer: ServerHandle;
  readonly engine: ScenarioEngine;
  readonly apiFrontend: ApiFrontendServer;
  readonly apiFrontendServer: ServerHandle;
  latencyMs = 0;
  private down = false;

  constructor(
    readonly spec: ClusterSpec,
    readonly host: string,
    readonly ports: ClusterPorts,
    readonly now: () => Date,
    readonly tls: SandboxTls,
    options: {
      /** TLS for Data Storage and API Frontend; plain HTTP without. */
      serviceTls?: SandboxTls;
      seed: number;
      speed: number;
      live: boolean;
      bookmarkIntervalMs?: number;
      /** OIDC issuers API Frontend trusts (the sandbox's own identity provider). */
      trustedIssuers?: () => TrustedIssuer[];
    },
  ) {
    this.store = new ObjectStore(servedResourceTypes(spec.layout), { now });
    this.users = defaultUsers(spec.name);
    this.authorizer = new Authorizer(
      this.users,
      defaultRbacRules(spec.environment),
    );
    this.kubeServer = new ServerHandle(
      `${spec.name}-kubernetes`,
      host,
      ports.kubernetes,
      (req, res) => this.kubeApi.handle(req, res),
      tls,
    );
    this.kubeApi = new KubeApiServer({
      store: this.store,
      authorizer: this.authorizer,
      serverAddress: () => `${host}:${ports.kubernetes}`,
      now,
      bookmarkIntervalMs: options.bookmarkIntervalMs,
      layout: spec.layout,
      latencyMs: () => this.latencyMs,
    });
    this.audit = new AuditLog(spec.name, KUBERNAUT_NAMESPACE);
    this.dataStorage = new DataStorageServer({
      audit: this.audit,
      authorizer: this.authorizer,
      namespace: KUBERNAUT_NAMESPACE,
      latencyMs: () => this.latencyMs,
    });
    this.dataStorageServer = new ServerHandle(
      `${spec.name}-data-storage`,
      host,
      ports.dataStorage,
      (req, res) => this.dataStorage.handle(req, res),
      options.serviceTls,
    );
    this.engine = new ScenarioEngine({
      cluster: spec,
      namespace: KUBERNAUT_NAMESPACE,
      store: this.store,
      audit: this.audit,
      seed: options.seed,
      speed: options.speed,
      live: options.live,
    });
    this.apiFrontend = new ApiFrontendServer({
      clusterName: spec.name,
      namespace: KUBERNAUT_NAMESPACE,
      store: this.store,
      audit: this.audit,
      engine: this.engine,
      authorizer: this.authorizer,
      latencyMs: () => this.latencyMs,
      trustedIssuers: options.trustedIssuers,
    });
    this.apiFrontendServer = new ServerHandle(
      `${spec.name}-api-frontend`,
      host,
      ports.apiFrontend,
      (req, res) => this.apiFrontend.handle(req, res),
      options.serviceTls,
    );
    for (const name of [
      KUBERNAUT_NAMESPACE,
      'kubernaut-workflows',
      'backstage',
      ...DEMO_NAMESPACES,
    ]) {
      this.store.create(RESOURCE_TYPES.namespaces, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name,
          labels: name.startsWith('demo-')
            ? { 'kubernaut.ai/managed': 'true' }
            : {},
        },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      });
    }
  }

  get name(): string {
    return this.spec.name;
  }

  get isDown(): boolean {
    return this.down;
  }

  userToken(username: string): string {
    const user = this.users.find(u => u.username === username);
    if (!user) throw new Error(`no sandbox user ${username}`);
    return user.token;
  }

  private get servers(): ServerHandle[] {
    return [this.kubeServer, this.dataStorageServer, this.apiFrontendServer];
  }

  /** Plays the catalog and history, then listens. */
  async start(): Promise<void> {
    await this.engine.start();
    await this.listen();
  }

  private async listen(): Promise<void> {
    await Promise.all(this.servers.map(s => s.start()));
  }

  async stop(): Promise<void> {
    this.engine.stop();
    await this.close();
  }

  private async close(): Promise<void> {
    await Promise.all(this.servers.map(s => s.stop()));
  }

  /** Takes the whole cluster off the network (connections refused) or brings it back. */
  async setDown(down: boolean): Promise<void> {
    this.down = down;
    if (down) await this.close();
    else await this.listen();
  }
}
