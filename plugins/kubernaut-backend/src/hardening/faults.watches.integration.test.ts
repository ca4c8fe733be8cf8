import {
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import type { RemediationSummary } from '@kubernaut/plugin-kubernaut-common';
import type { Server } from 'node:http';
import request from 'supertest';
import { readRemediation } from '../cluster/readers';
import { eventually } from '../testUtils/eventually';
import {
  startSandboxProcess,
  type SandboxProcess,
} from '../testUtils/sandboxProcess';
import { asUser, startPluginBackend } from '../testUtils/kubernautTestBackend';
import { seededRandom } from '../testUtils/seededRandom';
import { allConnected, faultCases } from './faultsHarness';

const alice = asUser('user:default/alice');

jest.setTimeout(120_000);

const CLUSTER = 'fw';
const NAMESPACE = 'kubernaut-system';
const RR = {
  group: 'kubernaut.ai',
  version: 'v1alpha1',
  namespace: NAMESPACE,
  plural: 'remediationrequests',
};
const OPERATIONS = 150;
const PHASES = [
  'Pending',
  'Processing',
  'Analyzing',
  'AwaitingApproval',
  'Executing',
  'Completed',
  'Failed',
  'Cancelled',
];

/** `name phase` of every remediation, sorted: what the cache must agree on with the server. */
function fingerprint(rows: Array<{ name: string; phase: string }>): string[] {
  return rows.map(r => `${r.name} ${r.phase}`).sort();
}

/**
 * Random creates, status updates and deletes of RemediationRequests on the sandbox's Kube API
 * while watches are dropped and resourceVersions compacted away (410 Gone on resume); afterwards
 * the backend's cached rows must equal what the Kube API lists.
 */
describe('faults: watch drops and 410 storms under random changes', () => {
  const check = faultCases();
  let sandbox: SandboxProcess;
  let backend: { server: Server; stop(): Promise<void> };
  let server: Server;
  let api: CustomObjectsApi;

  beforeAll(async () => {
    sandbox = await startSandboxProcess([
      '--clusters',
      `${CLUSTER}:production:v1.6`,
      '--speed',
      '20',
      '--seed',
      '23',
      '--no-live',
    ]);
    backend = await startPluginBackend(sandbox.pluginConfig());
    server = backend.server;
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(sandbox.kubeconfig);
    kubeConfig.setCurrentContext(CLUSTER); // the cluster's admin
    api = kubeConfig.makeApiClient(CustomObjectsApi);
    await allConnected(server, alice);
  });

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.stop();
  });

  async function serverRows() {
    const list = await api.listNamespacedCustomObject(RR);
    return (list.items as object[]).map(o => readRemediation(o, CLUSTER)!);
  }

  async function cachedRows() {
    const rows: RemediationSummary[] = [];
    let cursor: string | undefined;
    do {
      const { body } = await request(server)
        .get('/api/kubernaut/remediations')
        .query({ cluster: CLUSTER, limit: 500, ...(cursor ? { cursor } : {}) })
        .set(alice)
        .expect(200);
      rows.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    return rows;
  }

  it('converges on exactly what the Kube API lists', () => {
    const seed = Number(
      process.env.KUBERNAUT_FAULTS_SEED ?? Date.now() % 100_000,
    );
    return check(
      `${OPERATIONS} random creates/updates/deletes of RemediationRequests with watches dropped and history compacted (seed ${seed}), then the cache compared to the Kube API`,
      async () => {
        const next = seededRandom(seed);
        const pick = <T>(items: readonly T[]) =>
          items[Math.floor(next() * items.length)];
        const names = (await serverRows()).map(r => r.name);
        const counts = { create: 0, update: 0, delete: 0, drop: 0, compact: 0 };
        const statusPatch = setHeaderOptions(
          'Content-Type',
          PatchStrategy.MergePatch,
        );
        for (let i = 0; i < OPERATIONS; i++) {
          const roll = next();
          if (roll < 0.4 || names.length === 0) {
            const name = `rr-fault-${seed}-${i}`;
            await api.createNamespacedCustomObject({
              ...RR,
              body: {
                apiVersion: 'kubernaut.ai/v1alpha1',
                kind: 'RemediationRequest',
                metadata: { name, namespace: NAMESPACE },
                spec: {
                  signalName: pick(['OOMKilled', 'CrashLoop', 'HighLatency']),
                  severity: pick(['critical', 'warning', 'info']),
                  targetResource: {
                    kind: 'Deployment',
                    name: `svc-${i % 7}`,
                    namespace: 'demo-checkout',
                  },
                },
              },
            });
            names.push(name);
            counts.create++;
          } else if (roll < 0.75) {
            await api.patchNamespacedCustomObjectStatus(
              {
                ...RR,
                name: pick(names),
                body: { status: { overallPhase: pick(PHASES) } },
              },
              statusPatch,
            );
            counts.update++;
          } else {
            const index = Math.floor(next() * names.length);
            await api.deleteNamespacedCustomObject({
              ...RR,
              name: names[index],
            });
            names.splice(index, 1);
            counts.delete++;
          }
          const fault = next();
          if (fault < 0.06) {
            // Compacted, then dropped: every resume is refused with 410 Gone.
            await sandbox.admin(`/clusters/${CLUSTER}/compact`, {});
            await sandbox.admin(`/clusters/${CLUSTER}/watches/drop`, {});
            counts.compact++;
          } else if (fault < 0.14) {
            await sandbox.admin(`/clusters/${CLUSTER}/watches/drop`, {});
            counts.drop++;
          }
        }
        const settledAt = performance.now();
        const expected = fingerprint(await serverRows());
        let last: string[] = [];
        await eventually(
          'the cache to equal the Kube API',
          async () => {
            last = fingerprint(await cachedRows());
            return last.join('\n') === expected.join('\n') ? true : undefined;
          },
          30_000,
        ).catch(() => {
          const missing = expected.filter(row => !last.includes(row));
          const extra = last.filter(row => !expected.includes(row));
          throw new Error(
            `cache differs from the Kube API: missing ${missing
              .slice(0, 5)
              .join(', ')}; extra ${extra.slice(0, 5).join(', ')}`,
          );
        });
        expect(last).toEqual(expected);
        await allConnected(server, alice);
        return `${counts.create} creates, ${counts.update} updates, ${
          counts.delete
        } deletes, ${counts.drop} watch drops, ${counts.compact} compactions; ${
          expected.length
        } rows equal after ${Math.round(performance.now() - settledAt)} ms`;
      },
    );
  });
});
