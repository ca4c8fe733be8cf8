import { TestDatabases } from '@backstage/backend-test-utils';
import { kubernautTestDatabaseIds } from '../testUtils/testDatabaseIds';
import { applyDatabaseMigrations } from './migrations';

jest.setTimeout(60_000);

describe('applyDatabaseMigrations', () => {
  const databases = TestDatabases.create({ ids: kubernautTestDatabaseIds() });

  it.each(databases.eachSupportedId())(
    'creates the investigation tables on %p, and is idempotent',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      await applyDatabaseMigrations(knex);

      await knex('kubernaut_investigations').insert({
        id: 'inv-1',
        cluster: 'prod-us-east',
        remediation: 'rr-b83e19d4a7f1-5c2d09ae',
        status: 'running',
        created_by: 'user:default/guest',
      });
      await knex('kubernaut_investigation_events').insert([
        {
          investigation_id: 'inv-1',
          seq: 1,
          type: 'status',
          payload: '{"state":"working"}',
        },
        {
          investigation_id: 'inv-1',
          seq: 2,
          type: 'text',
          payload: '{"text":"<b>not markup</b>"}',
        },
      ]);

      const events = await knex('kubernaut_investigation_events')
        .where({ investigation_id: 'inv-1' })
        .orderBy('seq')
        .select('seq', 'payload');
      expect(events).toEqual([
        { seq: 1, payload: '{"state":"working"}' },
        { seq: 2, payload: '{"text":"<b>not markup</b>"}' },
      ]);

      const insertDuplicateSeq = async () => {
        await knex('kubernaut_investigation_events').insert({
          investigation_id: 'inv-1',
          seq: 2,
          type: 'text',
          payload: '{}',
        });
      };
      // better-sqlite3 errors can come from another realm than Jest's; compare the message.
      const error = await insertDuplicateSeq().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(String((error as Error | undefined)?.message ?? error)).toMatch(
        /unique|duplicate/i,
      );
    },
  );
});
