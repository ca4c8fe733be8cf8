import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { kubernautRemediationSteerPermission } from '@kubernaut/plugin-kubernaut-common';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import request from 'supertest';
import { A2A_INVOKE_PATH } from '../clients/ApiFrontendClient';
import { InvestigationStore } from '../database/InvestigationStore';
import { ON_BEHALF_OF_METADATA } from '../investigations/InvestigationService';
import { eventually } from '../testUtils/eventually';
import { startKubernautTestBackend } from '../testUtils/kubernautTestBackend';
import { USER_TOKEN_HEADER } from './person';

jest.setTimeout(120_000);

const alice = {
  Authorization: mockCredentials.user.header('user:default/alice'),
};
const bob = { Authorization: mockCredentials.user.header('user:default/bob') };

interface Received {
  authorization?: string;
  text: string;
  metadata?: Record<string, string>;
}

/** An API Frontend that records each A2A message and ends its turn at once. */
function recordingApiFrontend() {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== A2A_INVOKE_PATH) {
        res.writeHead(404).end();
        return;
      }
      const rpc = JSON.parse(body);
      const message = rpc.params.message;
      received.push({
        authorization: req.headers.authorization,
        text: message.parts[0].text,
        metadata: message.metadata,
      });
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      const result = {
        kind: 'status-update',
        taskId: randomUUID(),
        contextId: message.contextId,
        final: true,
        status: { state: 'completed' },
      };
      res.end(
        `data: ${JSON.stringify({ jsonrpc: '2.0', id: rpc.id, result })}\n\n`,
      );
    });
  });
  return { server, received };
}

/**
 * Cluster `imp` decides by impersonation, so its API Frontend is not configured to take user
 * tokens; cluster `fe` decides through API Frontend with the user's own token.
 */
describe('investigations upstream: whose credential, and who may ask', () => {
  let server: Server;
  let stopBackend: (() => Promise<void>) | undefined;
  let store: InvestigationStore;
  let bobMaySteer = false;
  const upstream = recordingApiFrontend();
  // Registered before TestDatabases' own hook: the backend stops before its database closes.
  afterAll(async () => {
    await stopBackend?.();
    await new Promise(resolve => upstream.server.close(resolve));
  });
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  beforeAll(async () => {
    await new Promise<void>(resolve =>
      upstream.server.listen(0, '127.0.0.1', resolve),
    );
    const { port } = upstream.server.address() as { port: number };
    const apiFrontend = (token: string) => ({
      url: `http://127.0.0.1:${port}`,
      token,
    });
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      authorizeConditional: async (requests, options) =>
        requests.map(({ permission }) => {
          const who = (
            options.credentials.principal as { userEntityRef?: string }
          ).userEntityRef;
          const denied =
            permission.name === kubernautRemediationSteerPermission.name &&
            who === 'user:default/bob' &&
            !bobMaySteer;
          return {
            result: denied ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
          };
        }),
    });
    const knex = await databases.init('SQLITE_3');
    store = new InvestigationStore(knex);
    ({ server, stop: stopBackend } = await startKubernautTestBackend({
      sandbox: [
        '--clusters',
        'imp:production:v1.6',
        '--scale',
        '3',
        '--speed',
        '5',
        '--seed',
        '3',
      ],
      // Both clusters are the sandbox's one; only their API Frontend settings differ.
      config: sandbox => {
        const [imp] = sandbox.pluginConfig().kubernaut.clusters as Array<
          Record<string, unknown>
        >;
        return {
          kubernaut: {
            clusters: [
              { ...imp, apiFrontend: apiFrontend('service-token-imp') },
              {
                ...imp,
                name: 'fe',
                approvalMode: 'apiFrontend',
                apiFrontend: apiFrontend('service-token-fe'),
              },
            ],
          },
        };
      },
      knex,
      features: [permissions.factory],
      waitForClusters: false,
    }));
  });

  const ask = (cluster: string, token?: string) => {
    const call = request(server)
      .post('/api/kubernaut/investigations')
      .set(alice)
      .send({ cluster, message: `why is ${cluster} slow?` });
    return token ? call.set(USER_TOKEN_HEADER, token) : call;
  };
  const receivedFor = (cluster: string) =>
    eventually(`the question to ${cluster}`, async () =>
      upstream.received.find(m => m.text === `why is ${cluster} slow?`),
    );

  it('ignores a user token where the cluster does not take user tokens, and credits the person', async () => {
    await ask('imp', 'token-of-my-choosing').expect(201);
    const message = await receivedFor('imp');
    expect(message.authorization).toBe('Bearer service-token-imp');
    expect(message.metadata).toEqual({
      [ON_BEHALF_OF_METADATA]: 'user:default/alice',
    });
  });

  it('passes the user token on where the cluster takes user tokens', async () => {
    await ask('fe', 'alice-oidc-token').expect(201);
    const message = await receivedFor('fe');
    expect(message.authorization).toBe('Bearer alice-oidc-token');
    expect(message.metadata).toBeUndefined();
  });

  it('lets only its starter, or someone who may steer, ask in an investigation', async () => {
    const remediation = await eventually('a cached remediation', async () => {
      const { body } = await request(server)
        .get('/api/kubernaut/remediations')
        .query({ cluster: 'imp', limit: 1 })
        .set(alice);
      return body.items?.[0]?.name as string | undefined;
    });
    // A conversation without a driver (recorded before drivers were), started by alice.
    const { id } = await store.create({
      id: randomUUID(),
      cluster: 'imp',
      remediation,
      createdBy: 'user:default/alice',
      contextId: randomUUID(),
    });
    const post = (who: Record<string, string>, message: string) =>
      request(server)
        .post(`/api/kubernaut/investigations/${id}/messages`)
        .set(who)
        .send({ message });

    const refused = await post(bob, 'bob butts in');
    expect([refused.status, refused.body.error?.name]).toEqual([
      403,
      'NotAllowedError',
    ]);
    await post(alice, 'alice follows up').expect(202);
    bobMaySteer = true;
    await post(bob, 'bob steps in as a steerer').expect(202);
    expect(upstream.received.map(m => m.text)).not.toContain('bob butts in');
  });
});
