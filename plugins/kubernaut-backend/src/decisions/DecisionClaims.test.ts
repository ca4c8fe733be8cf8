import { TestDatabases } from '@backstage/backend-test-utils';
import { applyDatabaseMigrations } from '../database/migrations';
import { kubernautTestDatabaseIds } from '../testUtils/testDatabaseIds';
import { DecisionClaims } from './DecisionClaims';

jest.setTimeout(60_000);

/**
 * Kubernaut does not make a second decision fail: the approval webhook lets it through
 * (`pkg/authwebhook/remediationapprovalrequest_handler.go`) and `kubernaut_approve` sends no
 * resourceVersion. Replicas sharing the database claim a request before writing.
 */
describe('DecisionClaims', () => {
  const databases = TestDatabases.create({ ids: kubernautTestDatabaseIds() });
  const key = { cluster: 'prod-a', request: 'rar-rr-1', requestUid: 'uid-1' };

  async function replicas(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    let now = Date.parse('2026-12-02T10:00:00.000Z');
    const clock = {
      advance: (ms: number) => (now += ms),
      now: () => now,
    };
    return {
      a: new DecisionClaims(knex, clock.now),
      b: new DecisionClaims(knex, clock.now),
      clock,
    };
  }

  it.each(databases.eachSupportedId())(
    'lets exactly one of two racing replicas decide, on %p',
    async databaseId => {
      const { a, b } = await replicas(databaseId);
      const results = await Promise.all([
        a.claim(key, { decidedBy: 'user:default/alice', decision: 'Approved' }),
        b.claim(key, { decidedBy: 'user:default/bob', decision: 'Rejected' }),
      ]);
      const winners = results.filter(r => r === undefined);
      expect(winners).toHaveLength(1);
      const loser = results.find(r => r !== undefined)!;
      expect(loser.state).toBe('claimed');
      expect(['user:default/alice', 'user:default/bob']).toContain(
        loser.decidedBy,
      );

      await (results[0] === undefined ? a : b).written(key);
      expect(
        await a.claim(key, {
          decidedBy: 'user:default/carol',
          decision: 'Approved',
        }),
      ).toEqual(expect.objectContaining({ state: 'written' }));
      // A request recreated under the same name is a new request.
      expect(
        await b.claim(
          { ...key, requestUid: 'uid-2' },
          { decidedBy: 'user:default/carol', decision: 'Approved' },
        ),
      ).toBeUndefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'frees a request whose write failed, and one whose replica died mid-write, on %p',
    async databaseId => {
      const { a, b, clock } = await replicas(databaseId);
      expect(
        await a.claim(key, {
          decidedBy: 'user:default/alice',
          decision: 'Approved',
        }),
      ).toBeUndefined();
      await a.release(key);
      expect(
        await b.claim(key, {
          decidedBy: 'user:default/bob',
          decision: 'Approved',
        }),
      ).toBeUndefined();

      // b never finishes: after a minute its claim no longer blocks.
      expect(
        await a.claim(key, {
          decidedBy: 'user:default/alice',
          decision: 'Approved',
        }),
      ).toEqual(expect.objectContaining({ decidedBy: 'user:default/bob' }));
      clock.advance(61_000);
      expect(
        await a.claim(key, {
          decidedBy: 'user:default/alice',
          decision: 'Approved',
        }),
      ).toBeUndefined();
      expect(await a.holder(key)).toEqual(
        expect.objectContaining({ decidedBy: 'user:default/alice' }),
      );
    },
  );
});
