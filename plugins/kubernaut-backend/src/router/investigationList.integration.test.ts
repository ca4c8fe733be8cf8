import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  KUBERNAUT_REMEDIATION_RESOURCE_TYPE,
  type InvestigationListItem,
  type InvestigationListResponse,
} from '@kubernaut/plugin-kubernaut-common';
import type { Knex } from 'knex';
import type { Server } from 'node:http';
import request from 'supertest';
import { eventually } from '../testUtils/eventually';
import { startKubernautTestBackend } from '../testUtils/kubernautTestBackend';
import { recordingAuditor } from '../testUtils/recordingAuditor';
import { kubernautTestDatabaseIds } from '../testUtils/testDatabaseIds';

jest.setTimeout(120_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const alice = { Authorization: mockCredentials.user.header(ALICE) };
const bob = { Authorization: mockCredentials.user.header(BOB) };

const uuid = (n: number) =>
  `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A timestamp as the store writes it: SQLite's CURRENT_TIMESTAMP text, or timestamptz. */
function timestamp(knex: Knex, secondsAgo: number): string {
  const date = new Date(Date.now() - secondsAgo * 1000);
  return /pg/.test(String(knex.client.config.client))
    ? date.toISOString()
    : date.toISOString().slice(0, 19).replace('T', ' ');
}

/** Follows `nextCursor` to the end; returns every page and the cursors given. */
async function allPages(
  server: Server,
  headers: Record<string, string>,
  query: Record<string, string | number>,
) {
  const pages: InvestigationListItem[][] = [];
  const cursors: string[] = [];
  let cursor: string | undefined;
  do {
    const { body } = await request(server)
      .get('/api/kubernaut/investigations')
      .query({ ...query, ...(cursor ? { cursor } : {}) })
      .set(headers)
      .expect(200);
    const page = body as InvestigationListResponse;
    expect(Object.keys(page).sort()).toEqual(
      page.nextCursor ? ['items', 'nextCursor'] : ['items'],
    );
    pages.push(page.items);
    cursor = page.nextCursor;
    if (cursor) cursors.push(cursor);
    expect(pages.length).toBeLessThan(100);
  } while (cursor);
  return { pages, cursors, ids: pages.flat().map(i => i.id) };
}

describe('GET /investigations against the sandbox', () => {
  let server: Server;
  let knex: Knex;
  let stopBackend: (() => Promise<void>) | undefined;
  const auditor = recordingAuditor();
  const audited = auditor.events;
  // Registered before TestDatabases' own hook: the backend stops before its database closes.
  afterAll(() => stopBackend?.());
  const databaseId = kubernautTestDatabaseIds().at(-1)!;
  const databases = TestDatabases.create({ ids: [databaseId] });

  /** Visible to alice (ALLOW) and bob (only remediations in cluster `lb`) as listed. */
  const expected = { alice: [] as string[], bob: [] as string[] };

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    // Alice may see every remediation; Bob only those in cluster lb.
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      authorizeConditional: async (requests, options) =>
        requests.map(() =>
          (options?.credentials.principal as { userEntityRef?: string })
            .userEntityRef === BOB
            ? {
                result: AuthorizeResult.CONDITIONAL,
                pluginId: 'kubernaut',
                resourceType: KUBERNAUT_REMEDIATION_RESOURCE_TYPE,
                conditions: {
                  rule: 'IS_IN_CLUSTER',
                  resourceType: KUBERNAUT_REMEDIATION_RESOURCE_TYPE,
                  params: { clusters: ['lb'] },
                },
              }
            : { result: AuthorizeResult.ALLOW },
        ),
    });
    ({ server, stop: stopBackend } = await startKubernautTestBackend({
      sandbox: [
        '--clusters',
        'la:production:v1.6,lb:staging:v1.6',
        '--speed',
        '20',
        '--seed',
        '4',
      ],
      knex,
      features: [permissions.factory, auditor.factory],
    }));

    const remediations = (cluster: string) =>
      eventually(`remediations of ${cluster}`, async () => {
        const { body } = await request(server)
          .get('/api/kubernaut/remediations')
          .query({ cluster, limit: 5 })
          .set(alice);
        return body.items?.length >= 2
          ? (body.items as Array<{ name: string }>).map(r => r.name)
          : undefined;
      });
    const [la, lb] = [await remediations('la'), await remediations('lb')];

    // 120 investigations of a remediation in la (Bob may not see them), with one of lb every
    // 15th; Bob's own conversation and his investigation of a remediation the cluster no
    // longer has; Alice's conversation without a remediation (only she sees it).
    const rows: Array<Record<string, unknown>> = [];
    const add = (
      n: number,
      row: { cluster: string; remediation?: string; created_by: string },
      ago: number,
      status = 'completed',
    ) => {
      rows.push({
        id: uuid(n),
        status,
        remediation: null,
        ...row,
        created_at: timestamp(knex, ago + 30),
        updated_at: timestamp(knex, ago),
      });
      const toAlice =
        row.created_by === ALICE ||
        (row.remediation !== undefined && row.remediation !== 'rr-gone');
      const toBob =
        row.created_by === BOB ||
        (row.cluster === 'lb' && row.remediation !== undefined);
      if (toAlice) expected.alice.push(uuid(n));
      if (toBob) expected.bob.push(uuid(n));
    };
    for (let n = 1; n <= 120; n++) {
      if (n % 15 === 0)
        add(
          n,
          { cluster: 'lb', remediation: lb[0], created_by: ALICE },
          n * 60,
        );
      else
        add(
          n,
          { cluster: 'la', remediation: la[0], created_by: ALICE },
          n * 60,
        );
    }
    add(201, { cluster: 'la', created_by: BOB }, 90);
    add(202, { cluster: 'la', remediation: 'rr-gone', created_by: BOB }, 150);
    add(203, { cluster: 'la', created_by: ALICE }, 210);
    add(
      204,
      { cluster: 'lb', remediation: lb[1], created_by: BOB },
      20,
      'running',
    );
    add(
      205,
      { cluster: 'lb', remediation: lb[1], created_by: BOB },
      3600,
      'running',
    );
    await knex.transaction(async tx => {
      for (let i = 0; i < rows.length; i += 100)
        await tx('kubernaut_investigations').insert(rows.slice(i, i + 100));
      await tx('kubernaut_investigation_events').insert([
        {
          investigation_id: uuid(201),
          seq: 1,
          type: 'user-message',
          payload: JSON.stringify({ user: BOB, text: 'Why are carts empty?' }),
        },
      ]);
      await tx('kubernaut_investigations')
        .where({ id: uuid(201) })
        .update({ first_question: 'Why are carts empty?' });
    });
    // Most recent activity first, ties by id.
    const order = new Map(rows.map(r => [r.id as string, r]));
    const byActivity = (a: string, b: string) =>
      String(order.get(b)!.updated_at).localeCompare(
        String(order.get(a)!.updated_at),
      ) || b.localeCompare(a);
    expected.alice.sort(byActivity);
    expected.bob.sort(byActivity);
  });

  it('answers bad input with a 400 and a Backstage error body', async () => {
    const bad = async (query: Record<string, string>, message: RegExp) => {
      const response = await request(server)
        .get('/api/kubernaut/investigations')
        .query(query)
        .set(alice)
        .expect(400);
      expect(response.body).toMatchObject({
        error: { name: 'InputError', message: expect.stringMatching(message) },
        response: { statusCode: 400 },
      });
    };
    await bad({ sort: 'name' }, /unknown parameter sort/);
    await bad({ status: 'running,paused' }, /^status\.1: /);
    await bad({ cluster: 'Not_A_Cluster' }, /cluster\.0: must be a cluster/);
    await bad({ createdBy: 'alice' }, /must be an entity ref/);
    await bad({ mine: 'yes' }, /^mine: /);
    await bad({ mine: 'true', createdBy: BOB }, /cannot be combined/);
    await bad({ limit: '0' }, /^limit: /);
    await bad({ limit: '201' }, /^limit: /);
    await bad({ q: 'x'.repeat(201) }, /q is longer than 200/);
    await bad({ q: 'a b c d e f g h i' }, /at most 8 words/);
    await bad({ cursor: 'not-a-cursor' }, /cursor is not valid/);
    const forged = Buffer.from(
      JSON.stringify({ v: 1, q: 'x', k: "'; drop table x; --", i: null }),
    ).toString('base64url');
    await bad({ cursor: forged }, /cursor is not valid/);
    const { body } = await request(server)
      .get('/api/kubernaut/investigations')
      .query({ limit: 2 })
      .set(alice)
      .expect(200);
    await bad(
      { cursor: body.nextCursor, cluster: 'la' },
      /cursor belongs to a different query/,
    );
  });

  it('pages through everything Alice may see, newest activity first, each once', async () => {
    const { pages, ids } = await allPages(server, alice, { limit: 7 });
    expect(ids).toEqual(expected.alice);
    expect(pages.slice(0, -1).every(p => p.length === 7)).toBe(true);
    // Bob's conversation, and his investigation of a remediation that is gone, are his.
    expect(ids).not.toContain(uuid(201));
    expect(ids).not.toContain(uuid(202));
    const item = pages.flat().find(i => i.id === uuid(15))!;
    expect(item).toEqual({
      id: uuid(15),
      cluster: 'lb',
      remediation: expect.any(String),
      createdBy: ALICE,
      status: 'completed',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      eventCount: 0,
    });
  });

  it('fills Bob’s pages past the investigations he may not see, and never names one', async () => {
    const { pages, cursors, ids } = await allPages(server, bob, { limit: 3 });
    expect(ids).toEqual(expected.bob);
    expect(pages.slice(0, -1).every(p => p.length === 3)).toBe(true);
    const hidden = new Set(expected.alice.filter(id => !ids.includes(id)));
    for (const cursor of cursors) {
      const position = JSON.parse(
        Buffer.from(cursor, 'base64url').toString('utf8'),
      );
      expect(position.i === null || !hidden.has(position.i)).toBe(true);
    }
    const carts = pages.flat().find(i => i.id === uuid(201))!;
    expect(carts).toMatchObject({
      createdBy: BOB,
      firstQuestion: 'Why are carts empty?',
      eventCount: 1,
    });
  });

  it('filters by status (a silent running one is interrupted), creator, cluster, remediation and words', async () => {
    const list = async (
      headers: Record<string, string>,
      query: Record<string, string>,
    ) =>
      (
        await request(server)
          .get('/api/kubernaut/investigations')
          .query(query)
          .set(headers)
          .expect(200)
      ).body.items.map((i: InvestigationListItem) => `${i.id}:${i.status}`);
    // Its relay's heartbeat, as a running investigation's would be.
    await knex('kubernaut_investigations')
      .where({ id: uuid(204) })
      .update({ updated_at: knex.fn.now() });
    expect(await list(bob, { status: 'running' })).toEqual([
      `${uuid(204)}:running`,
    ]);
    expect(await list(bob, { status: 'interrupted' })).toEqual([
      `${uuid(205)}:interrupted`,
    ]);
    expect(await list(bob, { mine: 'true', status: 'completed' })).toEqual([
      `${uuid(201)}:completed`,
      `${uuid(202)}:completed`,
    ]);
    expect(await list(alice, { createdBy: BOB, limit: '200' })).toEqual([
      `${uuid(204)}:running`,
      `${uuid(205)}:interrupted`,
    ]);
    expect(await list(bob, { q: 'CARTS' })).toEqual([`${uuid(201)}:completed`]);
    expect(await list(bob, { q: 'bob gone' })).toEqual([
      `${uuid(202)}:completed`,
    ]);
    // Bob may not see la's remediations: filtering on them finds nothing, and says nothing.
    expect(await list(bob, { cluster: 'la', q: 'alice' })).toEqual([]);
    const lbOnly = await list(alice, { cluster: 'lb', limit: '200' });
    expect(lbOnly).toHaveLength(10);
    const remediation = (
      await request(server)
        .get('/api/kubernaut/investigations')
        .query({ cluster: 'lb', limit: 1 })
        .set(alice)
    ).body.items[0].remediation;
    expect(
      (await list(alice, { remediation, limit: '200' })).length,
    ).toBeGreaterThan(0);
  });

  it('audits each list read with its filters and how many rows it returned', async () => {
    audited.length = 0;
    await request(server)
      .get('/api/kubernaut/investigations')
      .query({ mine: 'true', status: 'completed,failed', q: 'carts' })
      .set(bob)
      .expect(200);
    expect(audited).toEqual([
      {
        eventId: 'investigation-list',
        severityLevel: 'low',
        outcome: 'success',
        meta: expect.objectContaining({
          createdBy: [BOB],
          status: ['completed', 'failed'],
          searchWords: 1,
        }),
        outcomeMeta: { returned: 1 },
      },
    ]);
  });

  it('lists a conversation just started, found by its question, with its transcript counted', async () => {
    const { body } = await request(server)
      .post('/api/kubernaut/investigations')
      .set(alice)
      .send({ cluster: 'la', message: 'Is the ledger-writer queue stuck?' })
      .expect(201);
    const item = await eventually('the investigation listed', async () => {
      const list = await request(server)
        .get('/api/kubernaut/investigations')
        .query({ q: 'ledger-writer', mine: 'true' })
        .set(alice)
        .expect(200);
      const found = (list.body as InvestigationListResponse).items[0];
      return found && found.eventCount > 1 ? found : undefined;
    });
    expect(item).toMatchObject({
      id: body.id,
      cluster: 'la',
      createdBy: ALICE,
      firstQuestion: 'Is the ledger-writer queue stuck?',
    });
    expect(['running', 'completed']).toContain(item.status);
  });
});
