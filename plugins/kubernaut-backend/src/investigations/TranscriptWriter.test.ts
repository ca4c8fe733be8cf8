import { TestDatabases } from '@backstage/backend-test-utils';
import {
  InvestigationStore,
  type StoredEvent,
} from '../database/InvestigationStore';
import { applyDatabaseMigrations } from '../database/migrations';
import { kubernautTestDatabaseIds } from '../testUtils/testDatabaseIds';
import { TranscriptWriter, type TranscriptNotice } from './TranscriptWriter';

jest.setTimeout(60_000);

/** One notice per line, e.g. `events 2:agent-text`, `stored 2`, `rewind 1`, to compare orderings. */
function describeNotice(notice: TranscriptNotice): string {
  if (notice.kind === 'events')
    return `events ${notice.events.map(e => `${e.seq}:${e.type}`).join(' ')}`;
  if (notice.kind === 'stored') return `stored ${notice.through}`;
  return `rewind ${notice.after}`;
}

describe('TranscriptWriter', () => {
  const databases = TestDatabases.create({ ids: kubernautTestDatabaseIds() });

  async function freshStore(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    const store = new InvestigationStore(knex);
    await store.create({
      id: 'inv-1',
      cluster: 'prod-us-east',
      createdBy: 'user:default/alice',
    });
    return { knex, store };
  }

  /** A writer as one replica has it, with the notices its viewers would get. */
  function replica(store: InvestigationStore) {
    const notices: string[] = [];
    const writer = new TranscriptWriter('inv-1', store, notice =>
      notices.push(describeNotice(notice)),
    );
    return { writer, notices };
  }

  it.each(databases.eachSupportedId())(
    'gives an event the same createdAt live and in every replay, to the millisecond, on %p',
    async databaseId => {
      const { store } = await freshStore(databaseId);
      const announced: StoredEvent[] = [];
      const writer = new TranscriptWriter('inv-1', store, notice => {
        if (notice.kind === 'events') announced.push(...notice.events);
      });
      // Until one lands off a whole second, a lost millisecond part cannot show.
      for (let i = 0; i < 5; i++)
        await writer.append('agent-text', { text: String(i) });
      expect(announced.some(e => !e.createdAt.endsWith('.000Z'))).toBe(true);

      const replayed = await store.eventsAfter('inv-1', 0);
      expect(replayed.map(e => [e.seq, e.createdAt])).toEqual(
        announced.map(e => [e.seq, e.createdAt]),
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'announces a burst numbered before storing it in one go, on %p',
    async databaseId => {
      const { store } = await freshStore(databaseId);
      const { writer, notices } = replica(store);

      const first = await writer.append('user-message', {
        user: 'u',
        text: 'why?',
      });
      const burst = [
        writer.append('agent-text', { text: 'The' }),
        writer.append('agent-text', { text: ' pod' }),
        writer.append('agent-text', { text: ' restarts' }),
      ];
      // Known numbers are handed out at once: viewers here need not wait for the database.
      expect(notices.slice(-3)).toEqual([
        'events 2:agent-text',
        'events 3:agent-text',
        'events 4:agent-text',
      ]);
      expect(writer.backlog).toBe(3);

      expect([first, ...(await Promise.all(burst))]).toEqual([1, 2, 3, 4]);
      expect(notices).toEqual([
        'events 1:user-message',
        'stored 1',
        'events 2:agent-text',
        'events 3:agent-text',
        'events 4:agent-text',
        'stored 4',
      ]);
      expect(writer.backlog).toBe(0);
      expect(
        (await store.eventsAfter('inv-1', 0)).map(e => [e.seq, e.payload]),
      ).toEqual([
        [1, { user: 'u', text: 'why?' }],
        [2, { text: 'The' }],
        [3, { text: ' pod' }],
        [4, { text: ' restarts' }],
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'rewinds and renumbers after events another replica stored first, on %p',
    async databaseId => {
      const { store } = await freshStore(databaseId);
      const a = replica(store);
      const b = replica(store);

      await a.writer.append('agent-text', { text: 'first' });
      // Replica B's writer reads the last number from the database: it takes 2.
      expect(await b.writer.append('joined', { user: 'bob' })).toBe(2);
      // Replica A still believes 2 is free, announces it, then loses it.
      const [late, later] = await Promise.all([
        a.writer.append('agent-text', { text: 'second' }),
        a.writer.append('agent-text', { text: 'third' }),
      ]);

      expect([late, later]).toEqual([3, 4]);
      expect(a.notices).toEqual([
        'events 1:agent-text',
        'stored 1',
        'events 2:agent-text',
        'events 3:agent-text',
        'rewind 1',
        'events 3:agent-text 4:agent-text',
        'stored 4',
      ]);
      expect(
        (await store.eventsAfter('inv-1', 0)).map(e => [
          e.seq,
          e.type,
          e.payload,
        ]),
      ).toEqual([
        [1, 'agent-text', { text: 'first' }],
        [2, 'joined', { user: 'bob' }],
        [3, 'agent-text', { text: 'second' }],
        [4, 'agent-text', { text: 'third' }],
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'voids announced events the database refused, and numbers the next from what is stored, on %p',
    async databaseId => {
      const { knex, store } = await freshStore(databaseId);
      const { writer, notices } = replica(store);
      await writer.append('agent-text', { text: 'kept' });

      // The database refuses the next insert: its table is gone for a moment.
      await knex.schema.renameTable(
        'kubernaut_investigation_events',
        'kubernaut_investigation_events_away',
      );
      const refusal = await writer.append('agent-text', { text: 'lost' }).then(
        () => undefined,
        (error: unknown) => error,
      );
      // better-sqlite3 errors can come from another realm than Jest's; compare the message.
      expect(String((refusal as Error | undefined)?.message)).toMatch(
        /kubernaut_investigation_events|relation|table/,
      );
      await knex.schema.renameTable(
        'kubernaut_investigation_events_away',
        'kubernaut_investigation_events',
      );

      expect(await writer.append('error', { message: 'relay failed' })).toBe(2);
      expect(notices).toEqual([
        'events 1:agent-text',
        'stored 1',
        'events 2:agent-text',
        'rewind 1',
        'events 2:error',
        'stored 2',
      ]);
    },
  );
});
