import { TestDatabases } from '@backstage/backend-test-utils';
import { InvestigationStore } from '../database/InvestigationStore';
import { applyDatabaseMigrations } from '../database/migrations';
import { kubernautTestDatabaseIds } from '../testUtils/testDatabaseIds';
import { FeedbackStore } from './FeedbackStore';

jest.setTimeout(60_000);

const alice = 'user:default/alice';
const bob = 'user:default/bob';

describe('FeedbackStore', () => {
  const databases = TestDatabases.create({ ids: kubernautTestDatabaseIds() });

  async function stores(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    const investigations = new InvestigationStore(knex);
    for (const id of ['inv-1', 'inv-2'])
      await investigations.create({ id, cluster: 'prod-a', createdBy: alice });
    let now = Date.parse('2026-12-17T10:00:00.000Z');
    return {
      knex,
      feedback: new FeedbackStore(knex, () => (now += 1000)),
    };
  }

  it.each(databases.eachSupportedId())(
    'keeps one feedback per person and item, the latest, on %p',
    async databaseId => {
      const { feedback } = await stores(databaseId);
      await feedback.put({
        investigationId: 'inv-1',
        target: 'rca',
        itemKey: '7',
        user: alice,
        rating: 'up',
        workflowId: 'restart-pod',
      });
      const second = await feedback.put({
        investigationId: 'inv-1',
        target: 'rca',
        itemKey: '7',
        user: alice,
        rating: 'down',
        reason: 'wrong pod',
        workflowId: 'restart-pod',
      });
      await feedback.put({
        investigationId: 'inv-1',
        target: 'answer',
        itemKey: '9',
        user: alice,
        rating: 'up',
      });
      expect(second).toEqual(
        expect.objectContaining({ rating: 'down', reason: 'wrong pod' }),
      );
      const mine = await feedback.byUser('inv-1', alice);
      expect(mine).toHaveLength(2);
      expect(mine[0]).toEqual(
        expect.objectContaining({
          itemKey: '7',
          rating: 'down',
          reason: 'wrong pod',
          workflowId: 'restart-pod',
        }),
      );
      expect(mine[1]).toEqual(
        expect.objectContaining({
          itemKey: '9',
          target: 'answer',
          reason: undefined,
        }),
      );
      expect(await feedback.byUser('inv-1', bob)).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'counts RCA feedback per recommended workflow, on %p',
    async databaseId => {
      const { feedback } = await stores(databaseId);
      const put = (
        investigationId: string,
        user: string,
        rating: 'up' | 'down',
        workflowId?: string,
        target: 'rca' | 'answer' = 'rca',
      ) =>
        feedback.put({
          investigationId,
          target,
          itemKey: '3',
          user,
          rating,
          workflowId,
        });
      await put('inv-1', alice, 'up', 'restart-pod');
      await put('inv-1', bob, 'down', 'restart-pod');
      await put('inv-2', alice, 'up', 'restart-pod');
      await put('inv-2', bob, 'up', 'scale-up');
      await put('inv-2', 'user:default/carol', 'down');
      expect(await feedback.workflowCounts()).toEqual({
        items: [
          { workflowId: 'restart-pod', up: 2, down: 1 },
          { workflowId: 'scale-up', up: 1, down: 0 },
        ],
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'forgets feedback with its investigation, on %p',
    async databaseId => {
      const { knex, feedback } = await stores(databaseId);
      await feedback.put({
        investigationId: 'inv-2',
        target: 'answer',
        itemKey: '4',
        user: bob,
        rating: 'up',
      });
      await knex('kubernaut_investigations').where({ id: 'inv-2' }).delete();
      expect(await feedback.byUser('inv-2', bob)).toEqual([]);
    },
  );
});
