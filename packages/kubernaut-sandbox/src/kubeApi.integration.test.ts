import {
  CustomObjectsApi,
  KubeConfig,
  makeInformer,
  PatchStrategy,
  setHeaderOptions,
  type KubernetesObject,
} from '@kubernetes/client-node';
import https from 'node:https';
import { API_FRONTEND_USER, BACKSTAGE_USER } from './kube/auth';
import { Sandbox } from './Sandbox';
import type { SimulatedCluster } from './SimulatedCluster';

jest.setTimeout(30_000);

const group = 'kubernaut.ai';
const version = 'v1alpha1';
const namespace = 'kubernaut-system';

interface Rar extends KubernetesObject {
  status?: Record<string, unknown>;
}

function kubeConfigFor(
  sandbox: Sandbox,
  cluster: SimulatedCluster,
  username: string,
  impersonate?: string,
): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.kubeServer.url,
        caData: Buffer.from(sandbox.tls.caPem).toString('base64'),
      },
    ],
    users: [
      {
        name: username,
        token: cluster.userToken(username),
        impersonateUser: impersonate,
      },
    ],
    contexts: [{ name: cluster.name, cluster: cluster.name, user: username }],
    currentContext: cluster.name,
  });
  return kc;
}

function rar(name: string) {
  return {
    apiVersion: `${group}/${version}`,
    kind: 'RemediationApprovalRequest',
    metadata: { name, namespace },
    spec: {
      confidence: 0.72,
      requiredBy: new Date(Date.now() + 15 * 60_000).toISOString(),
    },
  };
}

function httpsGet(
  url: string,
  ca: string,
): Promise<{ status: number; body: string }> {
  return httpsRequest(url, ca, {});
}

function httpsRequest(
  url: string,
  ca: string,
  options: {
    method?: string;
    token?: string;
    body?: string;
    headers?: Record<string, string>;
    untilMs?: number;
  },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        ca,
        method: options.method ?? 'GET',
        headers: {
          ...(options.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
          ...options.headers,
        },
      },
      res => {
        let body = '';
        res.on('data', chunk => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        if (options.untilMs) {
          setTimeout(() => {
            resolve({ status: res.statusCode ?? 0, body });
            req.destroy();
          }, options.untilMs);
        }
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

async function until(
  condition: () => boolean,
  what: string,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 25));
  }
}

describe('sandbox Kubernetes API through @kubernetes/client-node', () => {
  let sandbox: Sandbox;
  let cluster: SimulatedCluster;
  let admin: CustomObjectsApi;

  beforeAll(async () => {
    sandbox = new Sandbox({
      clusters: [
        { name: 'it-cluster', environment: 'production', layout: 'v1.6' },
      ],
      host: '127.0.0.1',
      port: 0,
      seed: 1,
      speed: 1,
      scale: 0,
      live: false,
      bookmarkIntervalMs: 200,
    });
    await sandbox.start();
    cluster = sandbox.clusters[0];
    admin = kubeConfigFor(sandbox, cluster, 'kubernetes-admin').makeApiClient(
      CustomObjectsApi,
    );
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  it('creates and lists in pages with limit and continue', async () => {
    for (let i = 0; i < 5; i++) {
      await admin.createNamespacedCustomObject({
        group,
        version,
        namespace,
        plural: 'remediationapprovalrequests',
        body: rar(`rar-page-${i}`),
      });
    }
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await admin.listNamespacedCustomObject({
        group,
        version,
        namespace,
        plural: 'remediationapprovalrequests',
        limit: 2,
        _continue: token,
        labelSelector: '',
      });
      names.push(...page.items.map((i: Rar) => i.metadata!.name!));
      token = page.metadata.continue || undefined;
    } while (token);
    expect(names.filter(n => n.startsWith('rar-page-'))).toEqual([
      'rar-page-0',
      'rar-page-1',
      'rar-page-2',
      'rar-page-3',
      'rar-page-4',
    ]);
  });

  it('credits the impersonated human on a status decision, and refuses a second one', async () => {
    await admin.createNamespacedCustomObject({
      group,
      version,
      namespace,
      plural: 'remediationapprovalrequests',
      body: rar('rar-decide'),
    });
    const asAlice = kubeConfigFor(
      sandbox,
      cluster,
      BACKSTAGE_USER,
      'alice',
    ).makeApiClient(CustomObjectsApi);

    const decided = (await asAlice.patchNamespacedCustomObjectStatus(
      {
        group,
        version,
        namespace,
        plural: 'remediationapprovalrequests',
        name: 'rar-decide',
        body: {
          status: {
            decision: 'Approved',
            decidedBy: 'someone-else',
            decisionMessage: 'checked the RCA',
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    )) as Rar;
    expect(decided.status).toEqual(
      expect.objectContaining({
        decision: 'Approved',
        decidedBy: 'alice',
        decisionMessage: 'checked the RCA',
        decidedAt: expect.any(String),
      }),
    );
    expect(decided.status).not.toHaveProperty('decidedVia');

    // pkg/authwebhook/remediationapprovalrequest_handler.go: "decision already attributed": a
    // second write passes unchanged, neither refused nor attributed. Exactly one decision is the
    // writer's business (the resourceVersion precondition, or the console's claim).
    const second = (await asAlice.patchNamespacedCustomObjectStatus(
      {
        group,
        version,
        namespace,
        plural: 'remediationapprovalrequests',
        name: 'rar-decide',
        body: { status: { decision: 'Rejected', decidedBy: 'mallory' } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    )) as { status: Record<string, unknown> };
    expect(second.status).toEqual(
      expect.objectContaining({ decision: 'Rejected', decidedBy: 'mallory' }),
    );
  });

  it('keeps decidedBy from the trusted API Frontend and records decidedVia', async () => {
    await admin.createNamespacedCustomObject({
      group,
      version,
      namespace,
      plural: 'remediationapprovalrequests',
      body: rar('rar-delegated'),
    });
    const apiFrontend = kubeConfigFor(
      sandbox,
      cluster,
      API_FRONTEND_USER,
    ).makeApiClient(CustomObjectsApi);
    const decided = (await apiFrontend.patchNamespacedCustomObjectStatus(
      {
        group,
        version,
        namespace,
        plural: 'remediationapprovalrequests',
        name: 'rar-delegated',
        body: { status: { decision: 'Rejected', decidedBy: 'carol' } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    )) as Rar;
    expect(decided.status).toEqual(
      expect.objectContaining({
        decidedBy: 'carol',
        decidedVia: API_FRONTEND_USER,
      }),
    );
  });

  it('answers a stale resourceVersion with 409 Conflict', async () => {
    const created = (await admin.createNamespacedCustomObject({
      group,
      version,
      namespace,
      plural: 'remediationworkflows',
      body: {
        apiVersion: `${group}/${version}`,
        kind: 'RemediationWorkflow',
        metadata: { name: 'rw-conflict', namespace },
        spec: { version: '1.0.0' },
      },
    })) as Rar;
    await admin.replaceNamespacedCustomObject({
      group,
      version,
      namespace,
      plural: 'remediationworkflows',
      name: 'rw-conflict',
      body: { ...created, spec: { version: '1.0.1' } },
    });
    const stale = await admin
      .replaceNamespacedCustomObject({
        group,
        version,
        namespace,
        plural: 'remediationworkflows',
        name: 'rw-conflict',
        body: { ...created, spec: { version: '1.0.2' } },
      })
      .catch(e => e);
    expect(stale.code).toBe(409);
    expect(JSON.parse(stale.body)).toEqual(
      expect.objectContaining({
        kind: 'Status',
        reason: 'Conflict',
        code: 409,
      }),
    );
  });

  it('answers unknown objects, missing tokens and RBAC denials with Status bodies', async () => {
    const missing = await admin
      .getNamespacedCustomObject({
        group,
        version,
        namespace,
        plural: 'remediationrequests',
        name: 'rr-nope',
      })
      .catch(e => e);
    expect(missing.code).toBe(404);
    expect(JSON.parse(missing.body).message).toBe(
      'remediationrequests.kubernaut.ai "rr-nope" not found',
    );

    const anonymous = await httpsGet(
      `${cluster.kubeServer.url}/apis/${group}/${version}/remediationrequests`,
      sandbox.tls.caPem,
    );
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body)).toEqual(
      expect.objectContaining({
        kind: 'Status',
        reason: 'Unauthorized',
        code: 401,
      }),
    );

    const viewer = kubeConfigFor(sandbox, cluster, 'bob').makeApiClient(
      CustomObjectsApi,
    );
    const denied = await viewer
      .deleteNamespacedCustomObject({
        group,
        version,
        namespace,
        plural: 'remediationworkflows',
        name: 'rw-conflict',
      })
      .catch(e => e);
    expect(denied.code).toBe(403);
    expect(JSON.parse(denied.body).message).toContain(
      'User "bob" cannot delete resource "remediationworkflows"',
    );
  });

  it('answers malformed JSON, unknown kinds, bad names and bad selectors like an API server', async () => {
    const token = cluster.userToken('kubernetes-admin');
    const base = `${cluster.kubeServer.url}/apis/${group}/${version}/namespaces/${namespace}`;
    const ca = sandbox.tls.caPem;
    const json = { 'Content-Type': 'application/json' };
    const malformed = await httpsRequest(`${base}/remediationworkflows`, ca, {
      method: 'POST',
      token,
      body: '{"kind":',
      headers: json,
    });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body)).toEqual(
      expect.objectContaining({
        kind: 'Status',
        reason: 'BadRequest',
        code: 400,
      }),
    );

    const unknownKind = await httpsRequest(`${base}/widgets`, ca, { token });
    expect(unknownKind.status).toBe(404);
    expect(JSON.parse(unknownKind.body)).toEqual(
      expect.objectContaining({ kind: 'Status', reason: 'NotFound' }),
    );

    const badName = await httpsRequest(`${base}/remediationworkflows`, ca, {
      method: 'POST',
      token,
      body: JSON.stringify({
        apiVersion: `${group}/${version}`,
        kind: 'RemediationWorkflow',
        metadata: { name: 'Not_Valid' },
        spec: {},
      }),
      headers: json,
    });
    expect(badName.status).toBe(422);
    expect(JSON.parse(badName.body)).toEqual(
      expect.objectContaining({
        reason: 'Invalid',
        details: expect.objectContaining({
          causes: [expect.objectContaining({ field: 'metadata.name' })],
        }),
      }),
    );

    const wrongKind = await httpsRequest(`${base}/remediationworkflows`, ca, {
      method: 'POST',
      token,
      body: JSON.stringify({
        apiVersion: `${group}/${version}`,
        kind: 'ActionType',
        metadata: { name: 'x' },
      }),
      headers: json,
    });
    expect(wrongKind.status).toBe(400);

    const badSelector = await httpsRequest(
      `${base}/remediationrequests?labelSelector=${encodeURIComponent(
        'app in x',
      )}`,
      ca,
      { token },
    );
    expect(badSelector.status).toBe(400);
    const badField = await httpsRequest(
      `${base}/remediationrequests?fieldSelector=spec.nope%3Dx`,
      ca,
      { token },
    );
    expect(JSON.parse(badField.body).message).toBe(
      'field label not supported: spec.nope',
    );
    // Selectable fields of api/notification/v1alpha1/notificationrequest_types.go.
    const byRemediation = await httpsRequest(
      `${base}/notificationrequests?fieldSelector=${encodeURIComponent(
        'spec.remediationRequestRef.name=rr-nobody',
      )}`,
      ca,
      { token },
    );
    expect(byRemediation.status).toBe(200);
    expect(JSON.parse(byRemediation.body).items).toEqual([]);

    const strategic = await httpsRequest(
      `${base}/remediationworkflows/rw-conflict`,
      ca,
      {
        method: 'PATCH',
        token,
        body: '{}',
        headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
      },
    );
    expect(strategic.status).toBe(415);
  });

  it('serves kubectl tables with the CRD printer columns', async () => {
    const reply = await httpsRequest(
      `${cluster.kubeServer.url}/apis/${group}/${version}/namespaces/${namespace}/remediationapprovalrequests`,
      sandbox.tls.caPem,
      {
        token: cluster.userToken('kubernetes-admin'),
        headers: {
          Accept:
            'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
        },
      },
    );
    const table = JSON.parse(reply.body);
    expect(table.kind).toBe('Table');
    expect(
      table.columnDefinitions.map((c: { name: string }) => c.name),
    ).toEqual([
      'Name',
      'AIAnalysis',
      'Confidence',
      'Decision',
      'Expired',
      'RequiredBy',
      'Age',
    ]);
    const decided = table.rows.find(
      (r: { cells: unknown[] }) => r.cells[0] === 'rar-decide',
    );
    // The second write of the decision test went through, as upstream's webhook lets it.
    expect(decided.cells[3]).toBe('Rejected');
  });

  it('sends bookmarks to watches that ask for them', async () => {
    const reply = await httpsRequest(
      `${cluster.kubeServer.url}/apis/${group}/${version}/namespaces/${namespace}/remediationworkflows?watch=true&allowWatchBookmarks=true&resourceVersion=${cluster.store.resourceVersion}`,
      sandbox.tls.caPem,
      { token: cluster.userToken(BACKSTAGE_USER), untilMs: 700 },
    );
    const events = reply.body
      .split('\n')
      .filter(Boolean)
      .map(line => JSON.parse(line));
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(
      events.every(
        e =>
          e.type === 'BOOKMARK' &&
          Number(e.object.metadata.resourceVersion) > 0,
      ),
    ).toBe(true);
  });

  it('keeps an informer in sync across dropped watches and a 410 relist', async () => {
    const kc = kubeConfigFor(sandbox, cluster, BACKSTAGE_USER);
    const api = kc.makeApiClient(CustomObjectsApi);
    const path = `/apis/${group}/${version}/namespaces/${namespace}/remediationapprovalrequests`;
    let lists = 0;
    const informer = makeInformer<Rar>(kc, path, () => {
      lists++;
      return api.listNamespacedCustomObject({
        group,
        version,
        namespace,
        plural: 'remediationapprovalrequests',
      });
    });
    const seen = new Map<string, Rar>();
    informer.on('add', o => seen.set(o.metadata!.name!, o));
    informer.on('update', o => seen.set(o.metadata!.name!, o));
    informer.on('delete', o => seen.delete(o.metadata!.name!));
    let restarts = 0;
    // client-node stops an informer on a connection error; its owner restarts it.
    informer.on('error', () => {
      restarts++;
      setTimeout(() => void informer.start(), 50);
    });
    await informer.start();
    await until(() => seen.has('rar-decide'), 'the initial list');

    await admin.createNamespacedCustomObject({
      group,
      version,
      namespace,
      plural: 'remediationapprovalrequests',
      body: rar('rar-live-1'),
    });
    await until(() => seen.has('rar-live-1'), 'a watched ADDED event');

    cluster.store.compact();
    cluster.kubeApi.dropWatches();
    await admin.createNamespacedCustomObject({
      group,
      version,
      namespace,
      plural: 'remediationapprovalrequests',
      body: rar('rar-after-410'),
    });
    await admin.deleteNamespacedCustomObject({
      group,
      version,
      namespace,
      plural: 'remediationapprovalrequests',
      name: 'rar-page-0',
    });
    await until(
      () => seen.has('rar-after-410') && !seen.has('rar-page-0'),
      'the relist after 410',
      15_000,
    );
    expect(restarts).toBeGreaterThanOrEqual(1);
    expect(lists).toBe(2); // the initial list, and the relist the 410 forced
    await informer.stop();
  });
});
