import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import request from 'supertest';
import { kubernautPlugin } from '../plugin';
import { eventually } from '../testUtils/eventually';
import { readEvents } from '../testUtils/readEvents';
import {
  startSandboxProcess,
  type SandboxProcess,
} from '../testUtils/sandboxProcess';
import { recordHardening, type HardeningCase } from './hardeningReport';
import { planSecrets, secretsIn, type PlantedSecret } from './secretsCanaries';

jest.setTimeout(180_000);

const alice = {
  Authorization: mockCredentials.user.header('user:default/alice'),
};
const FUNCTIONAL = 'func';
const API = '/api/kubernaut';

/** Every `router.get('<path>'` of the plugin's router modules: the routes the walk must cover. */
function declaredGetRoutes(): string[] {
  const dir = join(__dirname, '../router');
  return readdirSync(dir)
    .filter(file => file.endsWith('.ts') && !file.includes('.test.'))
    .flatMap(file =>
      [
        ...readFileSync(join(dir, file), 'utf8').matchAll(
          /router\.get\(\s*'([^']+)'/g,
        ),
      ].map(match => match[1]),
    );
}

describe('no secret from config reaches a response', () => {
  let sandbox: SandboxProcess;
  let server: Server;
  let secrets: PlantedSecret[];
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const cases: HardeningCase[] = [];

  /** Records one response body (and headers) and whether any secret appears in it. */
  function check(tried: string, status: number | string, text: string) {
    const found = secretsIn(text, secrets);
    cases.push({
      tried,
      held: found.length === 0,
      observed: found.length
        ? `${status}: contains ${found.join(', ')}`
        : `${status}, ${text.length} bytes, no secret`,
    });
  }

  beforeAll(async () => {
    sandbox = await startSandboxProcess([
      '--clusters',
      `${FUNCTIONAL}:production:v1.6`,
      '--speed',
      '20',
      '--seed',
      '17',
    ]);
    const plan = planSecrets(sandbox, FUNCTIONAL);
    secrets = plan.secrets;
    const knex = await databases.init('SQLITE_3');
    ({ server } = await startTestBackend({
      features: [
        kubernautPlugin,
        mockServices.rootConfig.factory({ data: plan.config }),
        mockServices.database.factory({ knex }),
      ],
    }));
    await eventually(`${FUNCTIONAL} connected`, async () => {
      const { body } = await request(server).get(`${API}/clusters`).set(alice);
      return body.items?.some(
        (c: { name: string; status: string }) =>
          c.name === FUNCTIONAL && c.status === 'connected',
      )
        ? true
        : undefined;
    });
  });

  afterAll(async () => {
    if (cases.length) recordHardening('secrets', cases);
    await sandbox?.stop();
  });

  it('plants a canary for every secret field of config.d.ts', () => {
    const schema = readFileSync(join(__dirname, '../../config.d.ts'), 'utf8');
    const secretFields = [
      ...schema.matchAll(/@visibility secret\s*\*\/\s*(\w+)\??:/g),
    ].map(m => m[1]);
    expect(secretFields.sort()).toEqual([
      'serviceAccountToken',
      'token',
      'token',
    ]);
    const planted = secrets.map(s => s.name);
    expect(planted).toEqual(
      expect.arrayContaining([
        'canary-auth serviceAccountToken',
        'canary-auth dataStorage.token',
        'canary-auth apiFrontend.token',
        'canary-ca caData',
        'backend.auth.keys secret',
        `kubeconfig token of ${FUNCTIONAL}-kubernaut-backstage`,
      ]),
    );
  });

  it('walks every GET route, error bodies and both event streams included, without a secret', async () => {
    const { rrName } = await sandbox.admin(
      `/clusters/${FUNCTIONAL}/scenarios`,
      { scenario: 'checkout-oom', scriptedDecisions: false },
    );
    await eventually(`${rrName} cached`, async () =>
      (
        await request(server)
          .get(`${API}/clusters/${FUNCTIONAL}/remediations/${rrName}`)
          .set(alice)
      ).status === 200
        ? true
        : undefined,
    );
    const watched = await request(server)
      .post(`${API}/investigations`)
      .set(alice)
      .send({ cluster: FUNCTIONAL, remediation: rrName });
    check('POST /investigations (watch)', watched.status, watched.text);
    const refused = await request(server)
      .post(`${API}/investigations`)
      .set(alice)
      .send({ cluster: 'canary-auth', message: 'checkout is crashing' });
    check(
      'POST /investigations on canary-auth (upstream 401)',
      refused.status,
      refused.text,
    );
    const watchedId: string = watched.body.id;
    const refusedId: string | undefined = refused.body.id;

    const walks: Record<string, string[]> = {
      '/health': ['/health'],
      '/clusters': ['/clusters', '/clusters?sneaky=1'],
      '/fleet/summary': [
        '/fleet/summary',
        '/fleet/summary?cluster=canary-auth,canary-ca',
        '/fleet/summary?window=1y',
      ],
      '/remediations': [
        '/remediations?limit=5',
        '/remediations?cluster=canary-auth',
        '/remediations?cursor=not-a-cursor',
      ],
      '/clusters/:cluster/remediations/:name': [
        `/clusters/${FUNCTIONAL}/remediations/${rrName}`,
        `/clusters/canary-auth/remediations/${rrName}`,
        `/clusters/canary-ca/remediations/${rrName}`,
        `/clusters/${FUNCTIONAL}/remediations/Bad..Name`,
      ],
      '/clusters/:cluster/remediations/:name/audit': [
        `/clusters/${FUNCTIONAL}/remediations/${rrName}/audit`,
        `/clusters/canary-auth/remediations/${rrName}/audit`,
        `/clusters/canary-ca/remediations/${rrName}/audit`,
      ],
      '/approvals': [
        '/approvals?state=all',
        '/approvals?cluster=canary-auth',
        '/approvals?state=maybe',
      ],
      '/workloads': ['/workloads', '/workloads?cluster=canary-ca'],
      '/workflows': ['/workflows', '/workflows?cluster=canary-auth'],
      '/workflows/:cluster/:name': [
        `/workflows/${FUNCTIONAL}/restart-and-patch-memory-v1`,
        '/workflows/canary-auth/restart-and-patch-memory-v1',
        '/workflows/canary-ca/no-such-workflow',
      ],
      '/query/parse': ['/query/parse?q=critical+in+canary-auth'],
      '/investigations': ['/investigations', '/investigations?cursor=bad'],
      '/investigations/:id/feedback': [
        `/investigations/${watchedId}/feedback`,
        '/investigations/00000000-0000-4000-8000-000000000000/feedback',
      ],
      '/workflows/feedback': ['/workflows/feedback'],
    };
    const streams: Record<string, string[]> = {
      '/events': ['/events'],
      '/investigations/:id/events': [
        `/investigations/${watchedId}/events`,
        ...(refusedId ? [`/investigations/${refusedId}/events`] : []),
      ],
    };
    expect(declaredGetRoutes().sort()).toEqual(
      [...Object.keys(walks), ...Object.keys(streams)].sort(),
    );

    for (const paths of Object.values(walks))
      for (const path of paths) {
        const response = await request(server).get(`${API}${path}`).set(alice);
        check(
          `GET ${path}`,
          response.status,
          `${JSON.stringify(response.headers)}\n${response.text}`,
        );
      }
    const anonymous = await request(server)
      .get(`${API}/remediations`)
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
    check(
      'GET /remediations unauthenticated',
      anonymous.status,
      anonymous.text,
    );

    for (const paths of Object.values(streams))
      for (const path of paths) {
        // The first events: the clusters' health (with each one's error) and the history.
        const events = await readEvents(
          server,
          `${API}${path}`,
          alice,
          list => list.length >= 12 || list.some(e => e.event === 'end'),
          8_000,
        );
        check(
          `SSE ${path} (first ${events.length} events)`,
          events.map(e => e.event).join(',') || 'none',
          JSON.stringify(events),
        );
        expect(events.length).toBeGreaterThan(0);
      }

    // The canary clusters really ran their error paths: their health carries an error.
    const { body: health } = await request(server)
      .get(`${API}/clusters`)
      .set(alice);
    const unhealthy = health.items.filter(
      (c: { name: string; status: string }) =>
        c.name.startsWith('canary-') && c.status !== 'connected',
    );
    expect(unhealthy.map((c: { name: string }) => c.name).sort()).toEqual([
      'canary-auth',
      'canary-ca',
    ]);

    expect(cases.filter(c => !c.held)).toEqual([]);
    expect(cases.length).toBeGreaterThan(35);
  });
});
