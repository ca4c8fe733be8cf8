import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  notificationService,
  type NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import type { Knex } from 'knex';
import type { Server } from 'node:http';
import request from 'supertest';
import { kubernautPlugin } from '../plugin';
import { eventually } from '../testUtils/eventually';
import { kubernautTestDatabaseIds } from '../testUtils/testDatabaseIds';
import {
  startSandboxProcess,
  type SandboxProcess,
} from '../testUtils/sandboxProcess';
import { allConnected, faultCases, timed } from './faultsHarness';

const alice = {
  Authorization: mockCredentials.user.header('user:default/alice'),
};

jest.setTimeout(120_000);

const CLUSTER = 'fr';
const APPROVER = 'user:default/alice';

/** A PostgreSQL that `./test.sh` (scripts/postgres.sh) started; none on a plain local run. */
const postgres = kubernautTestDatabaseIds().find(id =>
  id.startsWith('POSTGRES'),
);

/** What each replica handed to the notifications service. */
interface Sent {
  replica: string;
  options: NotificationSendOptions;
}

/**
 * Two backend instances on one PostgreSQL database, started at the same moment: both migrate,
 * a decision raced through both is written once, and a notification is sent by one of them.
 */
(postgres ? describe : describe.skip)(
  'faults: two replicas on one PostgreSQL',
  () => {
    const check = faultCases();
    let sandbox: SandboxProcess;
    const replicas: Array<{ server: Server; stop(): Promise<void> }> = [];
    const sent: Sent[] = [];
    afterAll(async () => {
      await Promise.all(replicas.map(replica => replica.stop()));
      await sandbox?.stop();
    });
    const databases = TestDatabases.create({ ids: [postgres!] });
    let knex: Knex;

    function startReplica(name: string) {
      const base = sandbox.pluginConfig();
      const config = {
        app: { baseUrl: 'http://localhost:3000' },
        kubernaut: {
          ...base.kubernaut,
          notifications: {
            expiryWarning: '1s',
            approvers: [{ clusters: [CLUSTER], recipients: [APPROVER] }],
          },
        },
      };
      return startTestBackend({
        features: [
          kubernautPlugin,
          mockServices.rootConfig.factory({ data: config }),
          mockServices.database.factory({ knex }),
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({
              send: async (options: NotificationSendOptions) => {
                sent.push({ replica: name, options });
              },
            }),
          }),
        ],
      });
    }

    beforeAll(async () => {
      sandbox = await startSandboxProcess([
        '--clusters',
        `${CLUSTER}:production:v1.6`,
        '--speed',
        '40',
        '--seed',
        '31',
        '--no-live',
      ]);
    });

    // Both replicas create kubernaut_knex_migrations at once; the loser retries
    // (database/migrations.ts) instead of stopping with "relation already exists".
    it('migrates a fresh database from two replicas starting together', () =>
      check(
        'two replicas start at the same moment on a fresh PostgreSQL database: both migrate and serve',
        async () => {
          knex = await databases.init(postgres!);
          const { ms, value } = await timed(() =>
            Promise.allSettled([startReplica('a'), startReplica('b')]),
          );
          // The one that started is stopped with the others, whatever happened to its twin.
          for (const result of value)
            if (result.status === 'fulfilled') replicas.push(result.value);
          for (const result of value)
            if (result.status === 'rejected') throw result.reason;
          expect(value.map(result => result.status)).toEqual([
            'fulfilled',
            'fulfilled',
          ]);
          for (const replica of replicas)
            await allConnected(replica.server, alice);
          return `both started in ${ms} ms`;
        },
      ));

    it('migrates once when replicas start one after the other', () =>
      check(
        'two replicas started one after the other on a fresh PostgreSQL database: the second finds the schema in place',
        async () => {
          await Promise.all(replicas.splice(0).map(r => r.stop()));
          knex = await databases.init(postgres!);
          const { ms, value } = await timed(async () => [
            await startReplica('a'),
            await startReplica('b'),
          ]);
          replicas.push(...value);
          for (const replica of value)
            await allConnected(replica.server, alice);
          const [{ n }] = await knex('kubernaut_knex_migrations').count({
            n: '*',
          });
          const [{ batches }] = await knex(
            'kubernaut_knex_migrations',
          ).countDistinct({
            batches: 'batch',
          });
          expect(Number(n)).toBeGreaterThan(0);
          expect(Number(batches)).toBe(1);
          return `both serving ${ms} ms after the first started; ${n} migrations in one batch`;
        },
      ));

    it('writes a decision raced through both replicas once and notifies once', () =>
      check(
        'one approval decided through both replicas at once; its approval notification sent once',
        async () => {
          const [a, b] = replicas.map(r => r.server);
          const { rrName } = await sandbox.admin(
            `/clusters/${CLUSTER}/scenarios`,
            { scenario: 'payment-latency', scriptedDecisions: false },
          );
          const approval = await eventually(
            `an approval request for ${rrName}`,
            async () => {
              const { body } = await request(b)
                .get('/api/kubernaut/approvals')
                .query({ cluster: CLUSTER })
                .set(alice);
              return body.items.find(
                (x: { remediation: string }) => x.remediation === rrName,
              );
            },
            60_000,
          );
          const scope = `kubernaut:${CLUSTER}/${rrName}:approval`;
          const ofScope = () =>
            sent.filter(s => s.options.payload.scope === scope);
          await eventually('the approval notification', async () =>
            ofScope().length ? true : undefined,
          );
          const url = `/api/kubernaut/clusters/${CLUSTER}/approvals/${approval.name}/decision`;
          const body = {
            decision: 'Approved',
            reason: 'raced through two replicas',
            resourceVersion: approval.resourceVersion,
          };
          const answers = await Promise.all(
            [a, b].map(server =>
              request(server).post(url).set(alice).send(body),
            ),
          );
          expect(answers.map(r => r.status).sort()).toEqual([200, 409]);
          // Let both replicas see the decision and announce it; each event must go out once.
          await eventually('the decision announced', async () =>
            ofScope().length >= 2 ? true : undefined,
          );
          await new Promise(r => setTimeout(r, 2_000));
          const titles = ofScope().map(s => s.options.payload.title);
          expect(new Set(titles).size).toBe(titles.length);
          const bySender = ofScope().map(s => s.replica);
          return `decision answers ${answers.map(r => r.status).join('/')}; ${
            titles.length
          } notifications for ${rrName} (${titles
            .map(t => t.replace(/:.*$/, ''))
            .join(', ')}) sent by replicas ${bySender.join(', ')}`;
        },
      ));
  },
);
