import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { kubernautTestDatabaseIds } from '../testUtils/testDatabaseIds';
import {
  InvestigationStore,
  type InvestigationListItem,
  type ListOptions,
  type ListPosition,
} from './InvestigationStore';
import { applyDatabaseMigrations } from './migrations';

jest.setTimeout(240_000);

const alice = 'user:default/alice';
const bob = 'user:default/bob';

interface Seed {
  id: string;
  cluster?: string;
  remediation?: string | null;
  status?: string;
  createdBy?: string;
  /** Last activity, seconds before now. */
  ago: number;
  /** Questions asked, in order; the first is what the list shows. */
  questions?: string[];
  /** Other events before the first question (a watch has none). */
  otherEvents?: number;
}

/** A timestamp as the store itself writes it: SQLite's CURRENT_TIMESTAMP text, or timestamptz. */
function timestamp(knex: Knex, secondsAgo: number): string {
  const date = new Date(Date.now() - secondsAgo * 1000);
  return /pg/.test(String(knex.client.config.client))
    ? date.toISOString()
    : date.toISOString().slice(0, 19).replace('T', ' ');
}

async function seed(knex: Knex, rows: Seed[]) {
  const investigations = rows.map(r => ({
    id: r.id,
    cluster: r.cluster ?? 'prod-us-east',
    remediation: r.remediation === undefined ? null : r.remediation,
    status: r.status ?? 'completed',
    created_by: r.createdBy ?? alice,
    created_at: timestamp(knex, r.ago + 60),
    updated_at: timestamp(knex, r.ago),
    // What `append` keeps of the first question (tested on its own below).
    first_question: r.questions?.[0] ?? null,
  }));
  const events = rows.flatMap(r => {
    let seq = 0;
    return [
      ...Array.from({ length: r.otherEvents ?? 0 }, () => ({
        investigation_id: r.id,
        seq: ++seq,
        type: 'phase',
        payload: JSON.stringify({ phase: 'Analyzing', final: false }),
      })),
      ...(r.questions ?? []).map(text => ({
        investigation_id: r.id,
        seq: ++seq,
        type: 'user-message',
        payload: JSON.stringify({ user: r.createdBy ?? alice, text }),
      })),
    ];
  });
  // SQLite's knex dialect inserts many rows as one compound SELECT, capped at 500 terms.
  await knex.transaction(async tx => {
    for (let i = 0; i < investigations.length; i += 200)
      await tx('kubernaut_investigations').insert(
        investigations.slice(i, i + 200),
      );
    for (let i = 0; i < events.length; i += 200)
      await tx('kubernaut_investigation_events').insert(
        events.slice(i, i + 200),
      );
  });
}

/** Every page of a listing, following the positions. */
async function allPages(
  store: InvestigationStore,
  options: Omit<ListOptions, 'after'>,
) {
  const pages: InvestigationListItem[][] = [];
  const positions: ListPosition[] = [];
  let after: ListPosition | undefined;
  do {
    const page = await store.list({ ...options, after });
    pages.push(page.items);
    after = page.next;
    if (after) positions.push(after);
    expect(pages.length).toBeLessThan(1000);
  } while (after);
  return { pages, positions, ids: pages.flat().map(i => i.id) };
}

describe('InvestigationStore.list', () => {
  const databases = TestDatabases.create({ ids: kubernautTestDatabaseIds() });

  async function storeOn(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    return { knex, store: new InvestigationStore(knex) };
  }

  it.each(databases.eachSupportedId())(
    'pages by last activity, ties by id, with no duplicate or gap, on %p',
    async databaseId => {
      const { knex, store } = await storeOn(databaseId);
      // Three rows share each second: the id decides among them.
      await seed(
        knex,
        Array.from({ length: 30 }, (_, i) => ({
          id: `inv-${String(i).padStart(2, '0')}`,
          ago: 100 + Math.floor(i / 3),
        })),
      );
      const { pages, ids } = await allPages(store, { filter: {}, limit: 4 });
      const expected = Array.from(
        { length: 30 },
        (_, i) => `inv-${String(i).padStart(2, '0')}`,
      ).sort((a, b) => {
        const second = (id: string) => Math.floor(Number(id.slice(4)) / 3);
        return second(a) - second(b) || b.localeCompare(a);
      });
      expect(ids).toEqual(expected);
      expect(pages.map(p => p.length)).toEqual([4, 4, 4, 4, 4, 4, 4, 2]);
      const first = pages[0][0];
      expect(first).toEqual({
        id: 'inv-02',
        cluster: 'prod-us-east',
        remediation: undefined,
        createdBy: alice,
        status: 'completed',
        createdAt: expect.stringMatching(/Z$/),
        updatedAt: expect.stringMatching(/Z$/),
        firstQuestion: undefined,
        eventCount: 0,
      });
      expect(Date.parse(first.updatedAt)).toBeGreaterThan(
        Date.parse(first.createdAt),
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'shows a silent running investigation as interrupted, and filters by the shown status, on %p',
    async databaseId => {
      const { knex, store } = await storeOn(databaseId);
      await seed(knex, [
        { id: 'live', status: 'running', ago: 5 },
        { id: 'stale', status: 'running', ago: 120 },
        { id: 'cut', status: 'interrupted', ago: 200 },
        { id: 'done', status: 'completed', ago: 300 },
        { id: 'broke', status: 'failed', ago: 400 },
        { id: 'stopped', status: 'canceled', ago: 500 },
      ]);
      const statusOf = async (statuses?: ListOptions['filter']['statuses']) =>
        (await store.list({ filter: { statuses }, limit: 50 })).items.map(
          i => `${i.id}:${i.status}`,
        );
      expect(await statusOf()).toEqual([
        'live:running',
        'stale:interrupted',
        'cut:interrupted',
        'done:completed',
        'broke:failed',
        'stopped:canceled',
      ]);
      expect(await statusOf(['running'])).toEqual(['live:running']);
      expect(await statusOf(['interrupted'])).toEqual([
        'stale:interrupted',
        'cut:interrupted',
      ]);
      expect(await statusOf(['failed', 'canceled', 'running'])).toEqual([
        'live:running',
        'broke:failed',
        'stopped:canceled',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'filters by cluster, creator, remediation and words, and shows the first question, on %p',
    async databaseId => {
      const { knex, store } = await storeOn(databaseId);
      const long = `Checkout is slow ${'and getting slower '.repeat(20)}`;
      await seed(knex, [
        {
          id: 'a',
          cluster: 'prod-us-east',
          remediation: 'rr-payment-7f3a',
          questions: ['Why is the payment service sluggish?', 'And now?'],
          otherEvents: 3,
          ago: 10,
        },
        {
          id: 'b',
          cluster: 'prod-eu-west',
          createdBy: bob,
          questions: [long],
          ago: 20,
        },
        {
          id: 'c',
          cluster: 'staging',
          remediation: 'rr-checkout-oom',
          createdBy: bob,
          otherEvents: 4,
          ago: 30,
        },
        {
          id: 'd',
          cluster: 'staging',
          questions: ['Is 100% of "prod" traffic failing_over?'],
          ago: 40,
        },
      ]);
      const ids = async (filter: ListOptions['filter']) =>
        (await store.list({ filter, limit: 50 })).items.map(i => i.id);

      expect(await ids({ clusters: ['staging', 'prod-eu-west'] })).toEqual([
        'b',
        'c',
        'd',
      ]);
      expect(await ids({ createdBy: [bob] })).toEqual(['b', 'c']);
      expect(await ids({ remediations: ['rr-checkout-oom'] })).toEqual(['c']);
      // Remediation, creator, cluster and first question; case-insensitive; every word.
      expect(await ids({ words: ['PAYMENT'] })).toEqual(['a']);
      expect(await ids({ words: ['bob'] })).toEqual(['b', 'c']);
      expect(await ids({ words: ['eu-west'] })).toEqual(['b']);
      expect(await ids({ words: ['slower'] })).toEqual(['b']);
      expect(await ids({ words: ['bob', 'oom'] })).toEqual(['c']);
      // Only the first question counts, and only its text (not the JSON around it).
      expect(await ids({ words: ['now?'] })).toEqual([]);
      expect(await ids({ words: ['user'] })).toEqual(['a', 'b', 'c', 'd']);
      expect(await ids({ words: ['text'] })).toEqual([]);
      // LIKE's wildcards and JSON's escapes are plain text.
      expect(await ids({ words: ['100%'] })).toEqual(['d']);
      expect(await ids({ words: ['%'] })).toEqual(['d']);
      expect(await ids({ words: ['failing_over'] })).toEqual(['d']);
      expect(await ids({ words: ['faili_g'] })).toEqual([]);
      expect(await ids({ words: ['"prod"'] })).toEqual(['d']);
      expect(
        await ids({ clusters: ['staging'], createdBy: [alice], words: ['%'] }),
      ).toEqual(['d']);

      const { items } = await store.list({ filter: {}, limit: 50 });
      const byId = Object.fromEntries(items.map(i => [i.id, i]));
      expect(byId.a).toMatchObject({
        remediation: 'rr-payment-7f3a',
        firstQuestion: 'Why is the payment service sluggish?',
        eventCount: 5,
      });
      expect(byId.b.firstQuestion).toHaveLength(200);
      expect(byId.b.firstQuestion).toMatch(/^Checkout is slow and .*…$/);
      expect(byId.b.eventCount).toBe(1);
      expect(byId.c).toMatchObject({ firstQuestion: undefined, eventCount: 4 });
    },
  );

  it.each(databases.eachSupportedId())(
    'fills pages past hidden rows, and never names a hidden row in a position, on %p',
    async databaseId => {
      const { knex, store } = await storeOn(databaseId);
      // 60 rows, ten at each second; every third of the first 30 visible, then only the last.
      await seed(
        knex,
        Array.from({ length: 60 }, (_, i) => ({
          id: `inv-${String(i).padStart(2, '0')}`,
          createdBy: (i < 30 && i % 3 === 0) || i === 59 ? alice : bob,
          ago: 100 + Math.floor(i / 10),
        })),
      );
      const hidden = new Set<string>();
      const visible = (row: { id: string; createdBy: string }) => {
        if (row.createdBy === alice) return true;
        hidden.add(row.id);
        return false;
      };
      const full = await allPages(store, { filter: {}, limit: 5, visible });
      expect(full.ids).toHaveLength(11);
      expect(full.pages.map(p => p.length)).toEqual([5, 5, 1]);
      expect(full.ids.some(id => hidden.has(id))).toBe(false);

      // A bound of 12 rows examined: short pages, positions at visible rows or at the end
      // of a second, and still every visible row exactly once.
      const bounded = await allPages(store, {
        filter: {},
        limit: 5,
        visible,
        maxScan: 12,
      });
      expect(bounded.ids).toEqual(full.ids);
      expect(bounded.pages.some(p => p.length < 5)).toBe(true);
      for (const position of bounded.positions)
        expect(position.id === null || !hidden.has(position.id)).toBe(true);
      expect(bounded.positions.some(p => p.id === null)).toBe(true);

      // Nothing visible at all: an empty page, and no position to follow.
      const none = await store.list({
        filter: {},
        limit: 5,
        visible: () => false,
      });
      expect(none).toEqual({ items: [], next: undefined });
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the first question when it is appended, and fills it in for older investigations, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const migrations = {
        directory: resolvePackagePath(
          '@kubernaut/plugin-kubernaut-backend',
          'migrations',
        ),
        tableName: 'kubernaut_knex_migrations',
      };
      // Up to the migration before the list's: an investigation written by an older release.
      await knex.migrate.up({
        ...migrations,
        name: '20261121120000_investigations.js',
      });
      await knex.migrate.up({
        ...migrations,
        name: '20261202120000_decision_claims.js',
      });
      await knex('kubernaut_investigations').insert({
        id: 'old',
        cluster: 'staging',
        status: 'completed',
        created_by: alice,
      });
      await knex('kubernaut_investigation_events').insert([
        {
          investigation_id: 'old',
          seq: 1,
          type: 'user-message',
          payload: JSON.stringify({
            user: alice,
            text: 'Where did "cart" go?',
          }),
        },
        {
          investigation_id: 'old',
          seq: 2,
          type: 'user-message',
          payload: JSON.stringify({ user: alice, text: 'Still there?' }),
        },
      ]);
      await applyDatabaseMigrations(knex);
      const store = new InvestigationStore(knex);

      await store.create({ id: 'new', cluster: 'staging', createdBy: bob });
      await store.append('new', [
        { seq: 1, type: 'watching', payload: { user: bob } },
        {
          seq: 2,
          type: 'user-message',
          payload: { user: bob, text: 'Why is the queue backing up?' },
        },
      ]);
      await store.append('new', [
        {
          seq: 3,
          type: 'user-message',
          payload: { user: bob, text: 'And the cart?' },
        },
      ]);
      const search = async (word: string) =>
        (await store.list({ filter: { words: [word] }, limit: 10 })).items.map(
          i => `${i.id}: ${i.firstQuestion}`,
        );
      expect(await search('queue')).toEqual([
        'new: Why is the queue backing up?',
      ]);
      expect(await search('"CART"')).toEqual(['old: Where did "cart" go?']);
      expect(await search('still')).toEqual([]);
      expect(
        (await store.list({ filter: {}, limit: 10 })).items
          .map(i => `${i.id}: ${i.eventCount}`)
          .sort(),
      ).toEqual(['new: 3', 'old: 2']);

      // Down and up again: the migration is reversible.
      await knex.migrate.down(migrations);
      await knex.migrate.latest(migrations);
      expect(await search('cart')).toEqual(['old: Where did "cart" go?']);
    },
  );

  it.each(databases.eachSupportedId())(
    'lists 10,000 investigations quickly, on %p',
    async databaseId => {
      const { knex, store } = await storeOn(databaseId);
      const clusters = ['prod-us-east', 'prod-eu-west', 'staging'];
      const statuses = ['completed', 'failed', 'canceled', 'interrupted'];
      await seed(
        knex,
        Array.from({ length: 10_000 }, (_, i) => ({
          id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          cluster: clusters[i % 3],
          remediation: i % 2 ? `rr-${i.toString(16)}-checkout` : null,
          status: i < 20 ? 'running' : statuses[i % 4],
          createdBy: `user:default/user${i % 40}`,
          questions: i % 2 ? undefined : [`Why is service ${i} slow?`],
          otherEvents: 5 + (i % 10),
          ago: i * 30,
        })),
      );
      // PostgreSQL's autovacuum would have analysed a table this size; SQLite never does.
      if (/pg/.test(String(knex.client.config.client)))
        await knex.raw('ANALYZE');
      const visibleClusters = (row: {
        cluster: string;
        remediation?: string;
      }) => row.cluster !== 'staging' && !!row.remediation;

      const cases: Array<[string, ListOptions]> = [
        ['first page', { filter: {}, limit: 50 }],
        ['first page, 200 rows', { filter: {}, limit: 200 }],
        [
          'deep page',
          {
            filter: {},
            limit: 50,
            after: (await store.list({ filter: {}, limit: 5000 })).next,
          },
        ],
        ['status running', { filter: { statuses: ['running'] }, limit: 50 }],
        ['mine', { filter: { createdBy: ['user:default/user7'] }, limit: 50 }],
        ['cluster', { filter: { clusters: ['staging'] }, limit: 50 }],
        ['words, frequent', { filter: { words: ['checkout'] }, limit: 50 }],
        ['words, rare (all rows)', { filter: { words: ['9998'] }, limit: 50 }],
        [
          'hidden two thirds',
          { filter: {}, limit: 50, visible: visibleClusters },
        ],
      ];
      const report: string[] = [];
      for (const [name, options] of cases) {
        await store.list(options);
        const times: number[] = [];
        let result;
        for (let i = 0; i < 5; i++) {
          const start = process.hrtime.bigint();
          result = await store.list(options);
          times.push(Number(process.hrtime.bigint() - start) / 1e6);
        }
        times.sort((a, b) => a - b);
        report.push(
          `${databaseId} ${name}: median ${times[2].toFixed(1)} ms (${
            result!.items.length
          } rows)`,
        );
        expect(times[2]).toBeLessThan(1000);
      }
      // eslint-disable-next-line no-console
      console.log(report.join('\n'));
      const first = await store.list({ filter: {}, limit: 50 });
      expect(first.items[0]).toMatchObject({
        status: 'running',
        eventCount: 6,
        firstQuestion: 'Why is service 0 slow?',
      });
      expect(
        (
          await store.list({ filter: { words: ['9998'] }, limit: 50 })
        ).items.map(i => i.firstQuestion),
      ).toEqual(['Why is service 9998 slow?']);
    },
  );
});
