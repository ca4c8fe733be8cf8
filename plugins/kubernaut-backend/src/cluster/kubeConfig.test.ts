import {
  ApiException,
  CustomObjectsApi,
  KubeConfig,
  setHeaderOptions,
  Watch,
} from '@kubernetes/client-node';
import {
  createSandboxTls,
  Sandbox,
  type SimulatedCluster,
} from '@kubernaut/sandbox';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterConfig } from '../config/clusterConfig';
import { eventually } from '../testUtils/eventually';
import { kubeConfigFor, type KeepAliveKubeConfig } from './kubeConfig';

jest.setTimeout(60_000);

const NAMESPACE = 'kubernaut-system';
const GROUP = 'kubernaut.ai';
const VERSION = 'v1alpha1';

/**
 * TLS connections this process opens to one port, counted from undici's diagnostics channel.
 * Kept-alive calls made back to back may use two: undici's pool can dispatch the next call a
 * moment before the first connection reports itself free, and then keeps both.
 */
const KEPT_ALIVE_AT_MOST = 2;

function countConnections(port: number) {
  let count = 0;
  const onConnected = (message: unknown) => {
    const { connectParams } = message as {
      connectParams: { port: string | number };
    };
    if (Number(connectParams.port) === port) count++;
  };
  subscribe('undici:client:connected', onConnected);
  return {
    get count() {
      return count;
    },
    stop: () => unsubscribe('undici:client:connected', onConnected),
  };
}

describe('kubeConfigFor: kept-alive connections to the sandbox Kube API', () => {
  let sandbox: Sandbox;
  let cluster: SimulatedCluster;
  let kubeconfigPath: string;
  const opened: KeepAliveKubeConfig[] = [];

  beforeAll(async () => {
    kubeconfigPath = join(mkdtempSync(join(tmpdir(), 'keepalive-')), 'kc');
    sandbox = new Sandbox({
      clusters: [{ name: 'ka', environment: 'staging', layout: 'v1.6' }],
      host: '127.0.0.1',
      port: 0,
      seed: 3,
      speed: 100,
      scale: 0,
      live: false,
      serviceTls: false,
      kubeconfigOut: kubeconfigPath,
    });
    await sandbox.start();
    cluster = sandbox.clusters[0];
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map(kc => kc.closeConnections()));
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  function configFor(path = kubeconfigPath): ClusterConfig {
    return {
      name: 'ka',
      title: 'ka',
      connection: { kind: 'kubeconfig', path, context: 'ka-backstage' },
      namespace: NAMESPACE,
      approvalMode: 'impersonate',
    };
  }

  function backstageConfig(path?: string) {
    const kc = kubeConfigFor(configFor(path));
    opened.push(kc);
    return kc;
  }

  const list = (
    kc: KubeConfig,
    options?: Parameters<typeof setHeaderOptions>[2],
  ) =>
    kc.makeApiClient(CustomObjectsApi).listNamespacedCustomObject(
      {
        group: GROUP,
        version: VERSION,
        namespace: NAMESPACE,
        plural: 'remediationapprovalrequests',
        limit: 1,
      },
      options,
    );

  it('makes 50 calls over one or two connections, where the library alone opens one per call', async () => {
    const port = cluster.kubeServer.port;
    const ours = countConnections(port);
    const kc = backstageConfig();
    try {
      for (let i = 0; i < 50; i++) await list(kc);
    } finally {
      ours.stop();
    }
    expect(ours.count).toBeGreaterThanOrEqual(1);
    expect(ours.count).toBeLessThanOrEqual(KEPT_ALIVE_AT_MOST);

    // The control: the same calls through a plain KubeConfig, which the counter must see.
    const plain = new KubeConfig();
    plain.loadFromFile(kubeconfigPath);
    plain.setCurrentContext('ka-backstage');
    const library = countConnections(port);
    try {
      for (let i = 0; i < 50; i++) await list(plain);
    } finally {
      library.stop();
    }
    expect(library.count).toBe(50);
  });

  it('keeps impersonation per request on the shared connection', async () => {
    const connections = countConnections(cluster.kubeServer.port);
    const kc = backstageConfig();
    const asNobody = setHeaderOptions(
      'Impersonate-User',
      'backstage:default:nobody',
    );
    try {
      await expect(list(kc)).resolves.toBeDefined();
      const refused = await list(kc, asNobody).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(ApiException);
      expect((refused as ApiException<unknown>).code).toBe(403);
      expect(String((refused as ApiException<unknown>).body)).toContain(
        'backstage:default:nobody',
      );
      // The next call without the header is the backend's own again.
      await expect(list(kc)).resolves.toBeDefined();
    } finally {
      connections.stop();
    }
    expect(connections.count).toBeLessThanOrEqual(KEPT_ALIVE_AT_MOST);
  });

  it('still verifies the server against the configured CA', async () => {
    const token = backstageConfig().getCurrentUser()!.token;
    const byUrl = (caPem: string) => {
      const kc = kubeConfigFor({
        ...configFor(),
        connection: {
          kind: 'url',
          url: cluster.kubeServer.url,
          caData: Buffer.from(caPem).toString('base64'),
          skipTLSVerify: false,
        },
        serviceAccountToken: token,
      });
      opened.push(kc);
      return kc;
    };
    const distrusting = byUrl(
      createSandboxTls('127.0.0.1', 'another-ca').caPem,
    );
    // Twice: the kept dispatcher must not have learnt to trust it.
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await list(distrusting).then(
        () => undefined,
        (e: unknown) => e as { cause?: { code?: string } },
      );
      expect(error?.cause?.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    }
    await expect(list(byUrl(sandbox.tls.caPem))).resolves.toBeDefined();
  });

  it('keeps a watch streaming while calls share its dispatcher', async () => {
    const connections = countConnections(cluster.kubeServer.port);
    const kc = backstageConfig();
    const seen: string[] = [];
    let ended: unknown = 'open';
    const request = await new Watch(kc).watch(
      `/apis/${GROUP}/${VERSION}/namespaces/${NAMESPACE}/remediationrequests`,
      { allowWatchBookmarks: false },
      (type, object) => seen.push(`${type} ${object.metadata.name}`),
      error => {
        ended = error ?? 'closed';
      },
    );
    try {
      for (let i = 0; i < 10; i++) await list(kc);
      const type = cluster.store
        .types()
        .find(t => t.kind === 'RemediationRequest')!;
      cluster.store.create(type, {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'RemediationRequest',
        metadata: { name: 'rr-keepalive', namespace: NAMESPACE },
        spec: { signalName: 'OOMKilled' },
      });
      await eventually('the watch event', async () =>
        seen.includes('ADDED rr-keepalive') ? true : undefined,
      );
      expect(ended).toBe('open');
    } finally {
      request.abort();
      connections.stop();
    }
    // One for the watch's stream, the others for the ten calls made while it streamed.
    expect(connections.count).toBeGreaterThanOrEqual(2);
    expect(connections.count).toBeLessThanOrEqual(1 + KEPT_ALIVE_AT_MOST);
  });
});
