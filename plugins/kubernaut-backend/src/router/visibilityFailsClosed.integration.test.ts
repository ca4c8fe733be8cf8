import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  KUBERNAUT_REMEDIATION_RESOURCE_TYPE,
  type FleetChangeEvent,
} from '@kubernaut/plugin-kubernaut-common';
import type { Server } from 'node:http';
import request from 'supertest';
import { eventually } from '../testUtils/eventually';
import { readEvents } from '../testUtils/readEvents';
import { startKubernautTestBackend } from '../testUtils/kubernautTestBackend';
import type { SandboxProcess } from '../testUtils/sandboxProcess';

jest.setTimeout(120_000);

const auth = { Authorization: mockCredentials.user.header() };
const namespace = 'kubernaut-system';
const objects = { group: 'kubernaut.ai', version: 'v1alpha1', namespace };

/** A child as the Remediation Orchestrator creates it: owned by its RR, and naming it. */
function child(kind: string, name: string, remediation: string) {
  return {
    apiVersion: 'kubernaut.ai/v1alpha1',
    kind,
    metadata: {
      name,
      namespace,
      ownerReferences: [
        {
          apiVersion: 'kubernaut.ai/v1alpha1',
          kind: 'RemediationRequest',
          name: remediation,
          uid: `uid-${remediation}`,
          controller: true,
        },
      ],
    },
    spec: { remediationRequestRef: { name: remediation, namespace } },
  };
}

/**
 * A caller who may see remediations of cluster pb only. Whatever cannot be tied to a visible
 * remediation (an aged-out remediation, a child before its remediation, a child of an unusual
 * name, a deletion) must not reach them.
 */
describe('remediation visibility fails closed', () => {
  let sandbox: SandboxProcess;
  let server: Server;
  let stopBackend: (() => Promise<void>) | undefined;
  const api = (cluster: string) => {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(sandbox.kubeconfig);
    kubeConfig.setCurrentContext(cluster);
    return kubeConfig.makeApiClient(CustomObjectsApi);
  };
  const startRemediation = async (cluster: string): Promise<string> => {
    const { rrName } = await sandbox.admin(`/clusters/${cluster}/scenarios`, {
      scenario: 'payment-latency',
    });
    await eventually(`${rrName} in ${cluster}`, async () =>
      api(cluster)
        .getNamespacedCustomObject({
          ...objects,
          plural: 'remediationrequests',
          name: rrName,
        })
        .then(() => true),
    );
    return rrName;
  };

  beforeAll(async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      authorizeConditional: async requests =>
        requests.map(() => ({
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'kubernaut',
          resourceType: KUBERNAUT_REMEDIATION_RESOURCE_TYPE,
          conditions: {
            rule: 'IS_IN_CLUSTER',
            resourceType: KUBERNAUT_REMEDIATION_RESOURCE_TYPE,
            params: { clusters: ['pb'] },
          },
        })),
    });
    ({
      sandbox,
      server,
      stop: stopBackend,
    } = await startKubernautTestBackend({
      sandbox: [
        '--clusters',
        'pa:production:v1.6,pb:staging:v1.6',
        '--scale',
        '0',
        '--speed',
        '5',
        '--seed',
        '11',
      ],
      features: [permissions.factory],
    }));
  });

  afterAll(() => stopBackend?.());

  it('refuses the audit trail of a remediation it cannot check, and serves a visible one', async () => {
    const visible = await startRemediation('pb');
    await eventually('the pb remediation cached', async () => {
      const { status } = await request(server)
        .get(`/api/kubernaut/clusters/pb/remediations/${visible}`)
        .set(auth);
      return status === 200 ? true : undefined;
    });
    await request(server)
      .get(`/api/kubernaut/clusters/pb/remediations/${visible}/audit`)
      .set(auth)
      .expect(200);
    for (const cluster of ['pa', 'pb']) {
      const { status, body } = await request(server)
        .get(
          `/api/kubernaut/clusters/${cluster}/remediations/rr-aged-out/audit`,
        )
        .set(auth);
      expect([status, body.error?.name]).toEqual([403, 'NotAllowedError']);
    }
  });

  it('streams no change of a remediation it may not see, whatever the child is called', async () => {
    const hidden = await startRemediation('pa');
    const shown = await startRemediation('pb');
    const suffix = Date.now().toString(36);
    const path = '/api/kubernaut/events';
    const reading = readEvents(server, path, auth, events =>
      events.some(e =>
        (e.data as Array<{ name: string; type: string }>)?.some?.(
          change => change.name === shown && change.type === 'DELETED',
        ),
      ),
    );
    await new Promise(r => setTimeout(r, 500));
    const pa = api('pa');
    const create = (cluster: CustomObjectsApi, plural: string, body: object) =>
      cluster.createNamespacedCustomObject({ ...objects, plural, body });
    await create(
      pa,
      'aianalyses',
      child('AIAnalysis', `odd-analysis-${suffix}`, hidden),
    );
    await create(
      pa,
      'notificationrequests',
      child('NotificationRequest', `nr-manual-review-${hidden}`, hidden),
    );
    await create(
      pa,
      'workflowexecutions',
      child('WorkflowExecution', `we-early-${suffix}`, `rr-later-${suffix}`),
    );
    await pa.deleteNamespacedCustomObject({
      ...objects,
      plural: 'notificationrequests',
      name: `nr-manual-review-${hidden}`,
    });
    await pa.deleteNamespacedCustomObject({
      ...objects,
      plural: 'remediationrequests',
      name: hidden,
    });
    const pb = api('pb');
    await create(
      pb,
      'aianalyses',
      child('AIAnalysis', `odd-analysis-${suffix}`, shown),
    );
    await pb.deleteNamespacedCustomObject({
      ...objects,
      plural: 'remediationrequests',
      name: shown,
    });

    const changes = (await reading)
      .filter(e => e.event === 'changes')
      .flatMap(e => e.data as FleetChangeEvent[]);
    expect(changes).toContainEqual(
      expect.objectContaining({
        cluster: 'pb',
        kind: 'AIAnalysis',
        name: `odd-analysis-${suffix}`,
      }),
    );
    expect(changes).toContainEqual(
      expect.objectContaining({ cluster: 'pb', name: shown, type: 'DELETED' }),
    );
    // Deleted from the cluster, its trail stays in Data Storage: still not theirs to read.
    await request(server)
      .get(`/api/kubernaut/clusters/pa/remediations/${hidden}/audit`)
      .set(auth)
      .expect(403);
    const catalog = ['RemediationWorkflow', 'ActionType'];
    expect(
      changes.filter(
        c =>
          c.cluster === 'pa' &&
          c.type !== 'HEALTH' &&
          !catalog.includes(c.kind),
      ),
    ).toEqual([]);
  });
});
