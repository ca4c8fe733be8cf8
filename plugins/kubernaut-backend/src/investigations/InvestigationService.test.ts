import type { InvestigationEvent } from '@kubernaut/plugin-kubernaut-common';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { createServer, type Server } from 'node:http';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import { InvestigationStore } from '../database/InvestigationStore';
import { applyDatabaseMigrations } from '../database/migrations';
import { eventually } from '../testUtils/eventually';
import { kubernautTestDatabaseIds } from '../testUtils/testDatabaseIds';
import { InvestigationService } from './InvestigationService';

jest.setTimeout(60_000);

/**
 * Only what joining needs: the remediation exists and its cluster names an API Frontend. Joining
 * a running investigation appends to its transcript and never calls API Frontend.
 */
const registryWith = (remediation: string) =>
  ({
    get: () => ({
      config: { apiFrontend: { url: 'http://127.0.0.1:9' } },
      remediationRow: (name: string) =>
        name === remediation ? { name, phase: 'Analyzing' } : undefined,
    }),
  } as unknown as ClusterRegistry);

describe('InvestigationService.subscribe', () => {
  const databases = TestDatabases.create({ ids: kubernautTestDatabaseIds() });

  it.each(databases.eachSupportedId())(
    'shows a viewer what is stored when two replicas number the same event, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      const store = new InvestigationStore(knex);
      const { id } = await store.create({
        id: 'inv-1',
        cluster: 'prod-us-east',
        remediation: 'rr-1',
        createdBy: 'user:default/alice',
      });
      const replica = () =>
        new InvestigationService({
          store,
          registry: registryWith('rr-1'),
          logger: mockServices.logger.mock(),
        });
      const [a, b] = [replica(), replica()];
      const join = (service: InvestigationService, user: string) =>
        service.start({
          cluster: 'prod-us-east',
          remediation: 'rr-1',
          message: 'what is going on?',
          user,
        });

      // What a browser on replica A keeps: events in order, cut back on a rewind.
      const shown: InvestigationEvent[] = [];
      const rewinds: number[] = [];
      const controller = new AbortController();
      const viewing = a.subscribe(
        id,
        0,
        controller.signal,
        event => shown.push(event),
        after => {
          rewinds.push(after);
          const voided = shown.findIndex(e => e.seq > after);
          if (voided >= 0) shown.splice(voided);
        },
      );

      await join(a, 'user:default/alice');
      await join(b, 'user:default/bob');
      // Replica A still takes 2 for the next number: the database makes it 3.
      await join(a, 'user:default/carol');

      const stored = await store.eventsAfter(id, 0);
      expect(stored.map(e => (e.payload as { user: string }).user)).toEqual([
        'user:default/alice',
        'user:default/bob',
        'user:default/carol',
      ]);
      await eventually('the viewer to show what is stored', async () => {
        expect(shown.map(e => [e.seq, e.payload])).toEqual(
          stored.map(e => [e.seq, e.payload]),
        );
        return true;
      });
      // Carol's join was shown as 2 before the database refused that number.
      expect(rewinds).toEqual([1]);
      controller.abort();
      await expect(viewing).resolves.toBe('closed');
    },
  );
});

/**
 * An API Frontend whose agent says one thing and then keeps working: the stream stays open, as
 * it does while an investigation runs.
 */
async function busyApiFrontend(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    const result = {
      kind: 'status-update',
      metadata: { type: 'reasoning' },
      status: {
        state: 'working',
        message: { parts: [{ kind: 'text', text: 'Looking at the pods' }] },
      },
    };
    res.write(`data: ${JSON.stringify({ jsonrpc: '2.0', id: 1, result })}\n\n`);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('InvestigationService.stop', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('stores what was relayed, then ends the investigation as interrupted by the shutdown', async () => {
    const knex = await databases.init('SQLITE_3');
    await applyDatabaseMigrations(knex);
    const store = new InvestigationStore(knex);
    const apiFrontend = await busyApiFrontend();
    try {
      const { port } = apiFrontend.address() as { port: number };
      const service = new InvestigationService({
        store,
        registry: {
          get: () => ({
            config: { apiFrontend: { url: `http://127.0.0.1:${port}` } },
            serviceToken: () => 'service-token',
          }),
        } as unknown as ClusterRegistry,
        logger: mockServices.logger.mock(),
      });
      const { id } = await service.start({
        cluster: 'prod-us-east',
        message: 'why is checkout slow?',
        user: 'user:default/alice',
      });
      await eventually('the agent relayed', async () =>
        (await store.eventsAfter(id, 0)).some(e => e.type === 'agent-text')
          ? true
          : undefined,
      );

      const started = Date.now();
      await service.stop();
      expect(Date.now() - started).toBeLessThan(5_000);

      const events = await store.eventsAfter(id, 0);
      expect(events.map(e => e.type)).toEqual(
        expect.arrayContaining(['user-message', 'agent-text']),
      );
      expect(events[events.length - 1]).toEqual(
        expect.objectContaining({
          type: 'interrupted',
          payload: expect.objectContaining({
            message: expect.stringMatching(
              /backend stopped .*ask a follow-up/s,
            ),
            cause: 'backend stopped',
          }),
        }),
      );
      expect((await store.get(id))?.status).toBe('interrupted');
      expect(service.activeRelays).toBe(0);
      // A second shutdown (hooks may run twice) changes nothing.
      await service.stop();
      expect(await store.eventsAfter(id, 0)).toHaveLength(events.length);
    } finally {
      apiFrontend.closeAllConnections();
      await new Promise(resolve => apiFrontend.close(resolve));
    }
  });
});
