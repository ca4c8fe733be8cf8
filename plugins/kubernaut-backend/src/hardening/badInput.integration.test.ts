import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createRouter } from '../router/createRouter';
import {
  asUser,
  startKubernautTestBackend,
  type KubernautTestBackend,
} from '../testUtils/kubernautTestBackend';
import {
  casesFor,
  type FuzzCase,
  type Method,
  type RouteShape,
} from './badInputCases';
import { recordHardening, type HardeningCase } from './hardeningReport';

jest.setTimeout(90_000);

const alice = asUser('user:default/alice');
const CLUSTER = 'bi';
const target = { cluster: CLUSTER, name: 'rr-none' };
const investigation = { id: randomUUID() };

/** Every route of `createRouter`, with a request of the shape it takes. */
const ROUTES: RouteShape[] = [
  { method: 'GET', pattern: '/health' },
  { method: 'GET', pattern: '/clusters' },
  {
    method: 'GET',
    pattern: '/fleet/summary',
    query: { q: 'text', tz: 'name', cluster: 'name', window: 'name' },
  },
  {
    method: 'GET',
    pattern: '/remediations',
    query: {
      q: 'text',
      cluster: 'name',
      phase: 'name',
      severity: 'name',
      namespace: 'name',
      target: 'name',
      limit: 'name',
      cursor: 'name',
      sort: 'name',
    },
  },
  {
    method: 'GET',
    pattern: '/clusters/:cluster/remediations/:name',
    params: target,
  },
  {
    method: 'GET',
    pattern: '/clusters/:cluster/remediations/:name/audit',
    params: target,
    query: { limit: 'name', offset: 'name' },
  },
  {
    method: 'GET',
    pattern: '/approvals',
    query: { state: 'name', cluster: 'name' },
  },
  { method: 'GET', pattern: '/workloads', query: { cluster: 'name' } },
  {
    method: 'GET',
    pattern: '/workflows',
    query: { q: 'text', cluster: 'name' },
  },
  {
    method: 'GET',
    pattern: '/workflows/:cluster/:name',
    params: { cluster: CLUSTER, name: 'no-such-workflow' },
  },
  {
    method: 'GET',
    pattern: '/query/parse',
    query: { q: 'text', scope: 'name', tz: 'name' },
  },
  { method: 'GET', pattern: '/events', stream: true },
  {
    method: 'POST',
    pattern: '/clusters/:cluster/approvals/:name/decision',
    params: { cluster: CLUSTER, name: 'rar-none' },
    body: { decision: 'Approved', reason: 'ok', resourceVersion: '1' },
    textFields: ['reason'],
  },
  {
    method: 'POST',
    pattern: '/clusters/:cluster/remediations/:name/cancel',
    params: target,
    body: {},
  },
  {
    method: 'GET',
    pattern: '/investigations',
    query: {
      q: 'text',
      status: 'name',
      cluster: 'name',
      createdBy: 'name',
      mine: 'name',
      remediation: 'name',
      limit: 'name',
      cursor: 'name',
    },
  },
  {
    method: 'POST',
    pattern: '/investigations',
    body: { cluster: CLUSTER, message: 'why is checkout slow?' },
    textFields: ['message'],
  },
  {
    method: 'POST',
    pattern: '/investigations/:id/messages',
    params: investigation,
    body: { message: 'and now?' },
    textFields: ['message'],
  },
  {
    method: 'GET',
    pattern: '/investigations/:id/events',
    params: investigation,
    query: { after: 'name' },
    stream: true,
  },
  {
    method: 'POST',
    pattern: '/investigations/:id/take-over',
    params: investigation,
    body: { message: 'mine now' },
    textFields: ['message'],
  },
  {
    method: 'POST',
    pattern: '/investigations/:id/steer',
    params: investigation,
    body: { action: 'escalate', reason: 'needs a human' },
    textFields: ['reason'],
  },
  {
    method: 'POST',
    pattern: '/investigations/:id/feedback',
    params: investigation,
    body: { target: 'rca', itemKey: '3', rating: 'up', reason: 'spot on' },
    textFields: ['reason'],
  },
  {
    method: 'GET',
    pattern: '/investigations/:id/feedback',
    params: investigation,
  },
  { method: 'GET', pattern: '/workflows/feedback' },
];

/** The routes `createRouter` declares, read from the express router it builds. */
async function declaredRoutes(): Promise<string[]> {
  const unused = {} as never;
  const router = await createRouter({
    logger: unused,
    httpAuth: unused,
    permissions: unused,
    registry: unused,
    reads: unused,
    understanding: unused,
    fleet: unused,
    workflows: unused,
    audit: unused,
    write: {
      userInfo: unused,
      auditor: unused,
      investigations: unused,
      store: unused,
      acts: unused,
      feedback: unused,
    },
  });
  const stack = (
    router as unknown as {
      stack: Array<{
        route?: { path: string; methods: Record<string, boolean> };
      }>;
    }
  ).stack;
  return stack.flatMap(layer =>
    layer.route
      ? Object.keys(layer.route.methods).map(
          m => `${m.toUpperCase()} ${layer.route!.path}`,
        )
      : [],
  );
}

const key = (method: Method, pattern: string) => `${method} ${pattern}`;

async function send(server: KubernautTestBackend['server'], c: FuzzCase) {
  const url = `/api/kubernaut${c.path}${c.query ? `?${c.query}` : ''}`;
  const call =
    c.route.method === 'GET'
      ? request(server).get(url)
      : request(server)
          .post(url)
          .set('Content-Type', c.contentType ?? 'application/json')
          .send(c.body ?? '');
  // A stream that opened by mistake must not hang the suite: it fails on the timeout instead.
  return call.set(alice).timeout({ response: 5_000 });
}

/** What was wrong with a response, or undefined when it held. */
function fault(
  c: FuzzCase,
  response: { status: number; body: any; text: string },
) {
  const { status, body, text } = response;
  const stack = text.match(/\bat \S+ \(?\S+:\d+:\d+\)?/);
  if (stack || body?.error?.stack)
    return `a stack trace in the body: ${stack?.[0] ?? body.error.stack}`;
  if (status >= 500) return `${status} ${body?.error?.name ?? ''}`;
  if (status >= 400) {
    if (
      typeof body?.error?.name !== 'string' ||
      typeof body?.error?.message !== 'string'
    )
      return `${status} without a Backstage error body`;
    return undefined;
  }
  return c.expect === 'refused' ? `${status}, not refused` : undefined;
}

describe('bad input on every route', () => {
  let backend: KubernautTestBackend;
  afterAll(() => backend?.stop());

  beforeAll(async () => {
    backend = await startKubernautTestBackend({
      sandbox: [
        '--clusters',
        `${CLUSTER}:production:v1.6`,
        '--scale',
        '2',
        '--speed',
        '5',
        '--seed',
        '21',
      ],
    });
  });

  it('covers every route createRouter declares', async () => {
    const declared = await declaredRoutes();
    const tabled = ROUTES.map(r => key(r.method, r.pattern));
    expect(declared.length).toBeGreaterThan(20);
    expect([...tabled].sort()).toEqual([...declared].sort());
  });

  it('answers every hostile request with a 4xx Backstage error, never a 5xx or a stack', async () => {
    const cases = ROUTES.flatMap(casesFor);
    const results: HardeningCase[] = [];
    const failures: string[] = [];
    const started = Date.now();
    const { server } = backend;
    // A few at a time: enough to be quick on two cores, few enough to stay deterministic.
    for (let i = 0; i < cases.length; i += 8) {
      const batch = cases.slice(i, i + 8);
      const responses = await Promise.all(
        batch.map(c =>
          send(server, c).then(
            r => r,
            (error: Error) => ({
              status: 0,
              body: undefined,
              text: String(error),
            }),
          ),
        ),
      );
      batch.forEach((c, j) => {
        const response = responses[j];
        const wrong =
          response.status === 0 ? response.text : fault(c, response);
        const tried = `${key(c.route.method, c.route.pattern)}: ${c.what}`;
        results.push({
          tried,
          held: !wrong,
          observed:
            wrong ?? `${response.status} ${response.body?.error?.name ?? 'ok'}`,
        });
        if (wrong) failures.push(`${tried} -> ${wrong}`);
      });
    }
    recordHardening('bad-input', [
      ...results,
      {
        tried: `${cases.length} requests over ${ROUTES.length} routes`,
        held: failures.length === 0,
        observed: `${Date.now() - started} ms`,
      },
    ]);
    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('stays healthy afterwards: a normal read still answers', async () => {
    const health = await request(backend.server)
      .get('/api/kubernaut/health')
      .expect(200);
    const clusters = await request(backend.server)
      .get('/api/kubernaut/clusters')
      .set(alice)
      .expect(200);
    const list = await request(backend.server)
      .get('/api/kubernaut/remediations')
      .set(alice)
      .expect(200);
    const investigations = await request(backend.server)
      .get('/api/kubernaut/investigations')
      .set(alice)
      .expect(200);
    const held =
      health.body.status === 'ok' &&
      clusters.body.items[0]?.status === 'connected' &&
      Array.isArray(list.body.items) &&
      Array.isArray(investigations.body.items);
    recordHardening('bad-input', [
      {
        tried:
          'health, clusters, remediations and investigations after the fuzz',
        held,
        observed: `${list.body.items.length} remediations, ${investigations.body.items.length} investigations`,
      },
    ]);
    expect(held).toBe(true);
  });
});
