import { mockServices } from '@backstage/backend-test-utils';
import { KubeConfig } from '@kubernetes/client-node';
import { Sandbox, type SimulatedCluster } from '@kubernaut/sandbox';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../testUtils/eventually';
import { Reflector, type ChangeType } from './Reflector';

jest.setTimeout(60_000);

const NAMESPACE = 'kubernaut-system';

/** List+watch of the sandbox's RemediationRequests, keeping the ones not labelled hidden. */
describe('Reflector against the sandbox Kube API', () => {
  let sandbox: Sandbox;
  let cluster: SimulatedCluster;
  let kubeConfig: KubeConfig;
  const reflectors: Array<Reflector<unknown>> = [];

  beforeAll(async () => {
    const kubeconfigOut = join(
      mkdtempSync(join(tmpdir(), 'reflector-')),
      'kubeconfig',
    );
    sandbox = new Sandbox({
      clusters: [{ name: 'rf', environment: 'staging', layout: 'v1.6' }],
      host: '127.0.0.1',
      port: 0,
      seed: 2,
      speed: 100,
      scale: 0,
      live: false,
      serviceTls: false,
      kubeconfigOut,
    });
    await sandbox.start();
    cluster = sandbox.clusters[0];
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kubeconfigOut);
    kubeConfig.setCurrentContext('rf-backstage');
  });

  afterEach(() => {
    for (const reflector of reflectors.splice(0)) reflector.stop();
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  function reflect(
    onChange: (type: ChangeType, name: string) => void = () => undefined,
    onStateChange: () => void = () => undefined,
  ) {
    const reflector = new Reflector<{ name: string }>({
      kubeConfig,
      group: 'kubernaut.ai',
      version: 'v1alpha1',
      namespace: NAMESPACE,
      plural: 'remediationrequests',
      project: o =>
        o.metadata?.labels?.hidden === 'true'
          ? undefined
          : { name: o.metadata.name },
      onChange,
      onStateChange,
      logger: mockServices.logger.mock(),
    });
    reflectors.push(reflector as Reflector<unknown>);
    reflector.start();
    return reflector;
  }

  const rrType = () =>
    cluster.store.types().find(t => t.kind === 'RemediationRequest')!;

  function createRemediation(name: string, labels: Record<string, string>) {
    cluster.store.create(rrType(), {
      apiVersion: 'kubernaut.ai/v1alpha1',
      kind: 'RemediationRequest',
      metadata: { name, namespace: NAMESPACE, labels },
      spec: { signalName: 'OOMKilled' },
    });
  }

  const watching = (reflector: Reflector<unknown>) =>
    eventually(
      'the watch established',
      async () => (reflector.state.watching ? true : undefined),
      10_000,
    );

  it('re-watches at once after each dropped watch, however many in a row', async () => {
    const reflector = reflect();
    await watching(reflector as Reflector<unknown>);
    const reconnects: number[] = [];
    for (let drop = 0; drop < 6; drop++) {
      const started = Date.now();
      expect(cluster.kubeApi.dropWatches()).toBeGreaterThanOrEqual(1);
      await eventually(
        'the watch lost',
        async () => (!reflector.state.watching ? true : undefined),
        5_000,
      );
      await watching(reflector as Reflector<unknown>);
      reconnects.push(Date.now() - started);
    }
    // Backing off after each drop would wait 0.5, 1, 2, 4, 8, 16 s.
    expect(Math.max(...reconnects)).toBeLessThan(2_000);
  });

  it('tells of a failure and of the watch coming back', async () => {
    let changes = 0;
    const reflector = reflect(undefined, () => changes++);
    await watching(reflector as Reflector<unknown>);
    const established = changes;
    expect(established).toBeGreaterThanOrEqual(1);
    await cluster.setDown(true);
    try {
      await eventually(
        'the failure told',
        async () =>
          changes > established && reflector.state.lastError ? true : undefined,
        10_000,
      );
    } finally {
      await cluster.setDown(false);
    }
    reflector.retryNow();
    await eventually(
      'the recovery told',
      async () =>
        reflector.state.watching && !reflector.state.lastError
          ? true
          : undefined,
      10_000,
    );
    expect(changes).toBeGreaterThan(established + 1);
  });

  it('drops an object from the cache once its projection leaves it out', async () => {
    const seen: string[] = [];
    const reflector = reflect((type, name) => seen.push(`${type} ${name}`));
    await watching(reflector as Reflector<unknown>);
    createRemediation('rr-shown', {});
    await eventually('the new object cached', async () =>
      reflector.items.has('rr-shown') ? true : undefined,
    );
    cluster.store.update(rrType(), NAMESPACE, 'rr-shown', current => ({
      ...current,
      metadata: { ...current.metadata, labels: { hidden: 'true' } },
    }));
    await eventually('the hidden object dropped', async () =>
      reflector.items.has('rr-shown') ? undefined : true,
    );
    expect(seen).toEqual(['ADDED rr-shown', 'DELETED rr-shown']);
  });
});

/** An API server that keeps compacting: every watch, even from the list just served, is 410. */
describe('Reflector against a server that refuses every watch with 410 Gone', () => {
  it('relists once, then backs off instead of relisting in a loop', async () => {
    let lists = 0;
    const server = createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      if (!req.url?.includes('watch=true')) {
        lists++;
        res.end(
          JSON.stringify({
            apiVersion: 'kubernaut.ai/v1alpha1',
            kind: 'RemediationRequestList',
            metadata: { resourceVersion: String(lists) },
            items: [],
          }),
        );
        return;
      }
      res.end(
        `${JSON.stringify({
          type: 'ERROR',
          object: { kind: 'Status', code: 410, reason: 'Expired' },
        })}\n`,
      );
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [
        { name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true },
      ],
      users: [{ name: 'u' }],
      contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
      currentContext: 'c',
    });
    const reflector = new Reflector({
      kubeConfig,
      group: 'kubernaut.ai',
      version: 'v1alpha1',
      namespace: NAMESPACE,
      plural: 'remediationrequests',
      project: o => o,
      onChange: () => undefined,
      logger: mockServices.logger.mock(),
      minBackoffMs: 200,
    });
    reflector.start();
    try {
      await new Promise(resolve => setTimeout(resolve, 2_000));
      // 200, 400, 800 ms waits after the first relist: a handful of lists, not hundreds.
      expect(lists).toBeGreaterThanOrEqual(3);
      expect(lists).toBeLessThanOrEqual(6);
      expect(reflector.state.synced).toBe(true);
    } finally {
      reflector.stop();
      server.close();
    }
  });
});
