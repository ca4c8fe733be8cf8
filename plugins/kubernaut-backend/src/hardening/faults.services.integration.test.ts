import { TestDatabases } from '@backstage/backend-test-utils';
import type { RemediationSummary } from '@kubernaut/plugin-kubernaut-common';
import type { Knex } from 'knex';
import type { Server } from 'node:http';
import request from 'supertest';
import { eventually } from '../testUtils/eventually';
import { kubernautTestDatabaseIds } from '../testUtils/testDatabaseIds';
import {
  startSandboxProcess,
  type SandboxProcess,
} from '../testUtils/sandboxProcess';
import {
  allConnected,
  clusterHealth,
  faultCases,
  openStream,
  timed,
  type StreamedEvent,
} from './faultsHarness';
import { asUser, startPluginBackend } from '../testUtils/kubernautTestBackend';

const alice = asUser('user:default/alice');

jest.setTimeout(120_000);

const CLUSTER = 'fs';
/** A page's reads while a service is down: answered from the caches at once. */
const READ_BOUND_MS = 1_500;
/** An investigation whose API Frontend fails must say so within this, not hang. */
const CLEAR_ERROR_BOUND_MS = 15_000;
/** After a restart the transcript's end is shown within this (a silent relay takes 45 s). */
const RESTART_END_BOUND_MS = 10_000;

const AGENT_EVENTS = ['agent-text', 'thinking', 'tool-call', 'tool-result'];

/** Kubernaut's services failing one at a time, and the backend itself restarting. */
describe('faults: Data Storage, API Frontend and the backend failing', () => {
  const check = faultCases();
  let sandbox: SandboxProcess;
  let backend: { server: Server; stop(): Promise<void> };
  let knex: Knex;
  // Stopped before TestDatabases closes the database (hooks run in registration order).
  afterAll(async () => {
    await backend?.stop();
    await sandbox?.stop();
  });
  const databaseId = kubernautTestDatabaseIds().at(-1)!;
  const databases = TestDatabases.create({ ids: [databaseId] });

  beforeAll(async () => {
    sandbox = await startSandboxProcess([
      '--clusters',
      `${CLUSTER}:production:v1.6`,
      '--speed',
      '40',
      '--seed',
      '29',
      '--no-live',
    ]);
    knex = await databases.init(databaseId);
    backend = await startPluginBackend(sandbox.pluginConfig(), knex);
    await allConnected(backend.server, alice);
  });

  const get = (path: string) =>
    request(backend.server).get(`/api/kubernaut${path}`).set(alice);

  async function startConversation(message: string): Promise<string> {
    const { body } = await request(backend.server)
      .post('/api/kubernaut/investigations')
      .set(alice)
      .send({ cluster: CLUSTER, message })
      .expect(201);
    return body.id;
  }

  it('answers audit and effectiveness reads clearly while Data Storage is down, and pages still work', () =>
    check(
      'Data Storage down: audit trail and workflow effectiveness answer a clear unavailable or partial answer; remediation pages still work',
      async () => {
        const { body: page } = await get('/remediations?limit=1').expect(200);
        const remediation: RemediationSummary = page.items[0];
        const { body: catalog } = await get(
          `/workflows?cluster=${CLUSTER}`,
        ).expect(200);
        await sandbox.admin(
          `/clusters/${CLUSTER}/services/data-storage/down`,
          {},
        );
        try {
          const audit = await timed(() =>
            get(
              `/clusters/${CLUSTER}/remediations/${remediation.name}/audit`,
            ).expect(200),
          );
          expect(audit.value.body).toEqual(
            expect.objectContaining({
              status: 'unavailable',
              message: expect.stringMatching(/Data Storage unreachable/),
            }),
          );
          const workflows = await timed(() =>
            get(`/workflows?cluster=${CLUSTER}`).expect(200),
          );
          expect(workflows.value.body.items.length).toBe(catalog.items.length);
          const detail = await get(
            `/workflows/${CLUSTER}/${catalog.items[0].name}`,
          );
          // Its history comes from the cluster's cache; Data Storage only adds effectiveness.
          expect(detail.status).toBe(200);
          const reads = [];
          for (const path of [
            '/clusters',
            '/remediations?limit=100',
            `/clusters/${CLUSTER}/remediations/${remediation.name}`,
            '/fleet/summary',
            '/approvals',
          ])
            reads.push({ path, ...(await timed(() => get(path).expect(200))) });
          const slowest = Math.max(...reads.map(r => r.ms));
          expect(slowest).toBeLessThan(READ_BOUND_MS);
          expect(
            (await clusterHealth(backend.server, alice)).get(CLUSTER)!.status,
          ).toBe('connected');
          return `audit: unavailable in ${audit.ms} ms; workflows ${
            workflows.ms
          } ms (${
            workflows.value.body.items.filter(
              (w: { effectiveness?: unknown }) => w.effectiveness,
            ).length
          } with cached effectiveness); workflow detail ${
            detail.status
          }; slowest page read ${slowest} ms`;
        } finally {
          await sandbox.admin(
            `/clusters/${CLUSTER}/services/data-storage/up`,
            {},
          );
        }
      },
    ));

  it('ends an investigation with a clear error when API Frontend is down', () =>
    check(
      'API Frontend down: a new investigation ends with a clear error event, no hang',
      async () => {
        await sandbox.admin(
          `/clusters/${CLUSTER}/services/api-frontend/down`,
          {},
        );
        try {
          const startedAt = performance.now();
          const id = await startConversation('checkout is crashing');
          const stream = await openStream(
            backend.server,
            `/api/kubernaut/investigations/${id}/events`,
            alice,
          );
          try {
            const end = await stream.next(
              'the end of the investigation',
              e => e.event === 'end',
              0,
              CLEAR_ERROR_BOUND_MS,
            );
            const error = stream.events.find(e => e.event === 'error');
            expect(error?.data.payload.message).toMatch(
              /API Frontend unreachable/,
            );
            expect(end.data.status).toBe('failed');
            return `error "${error!.data.payload.message.slice(
              0,
              60,
            )}…", ended ${Math.round(end.at - startedAt)} ms after the start`;
          } finally {
            stream.close();
          }
        } finally {
          await sandbox.admin(
            `/clusters/${CLUSTER}/services/api-frontend/up`,
            {},
          );
        }
      },
    ));

  it('reconnects a watch and reports a cut conversation when API Frontend cuts its streams', () =>
    check(
      'API Frontend cuts every stream: a conversation reports interrupted, a watch reconnects and follows on, nothing hangs',
      async () => {
        const { rrName } = await sandbox.admin(
          `/clusters/${CLUSTER}/scenarios`,
          {
            scenario: 'checkout-oom',
            scriptedDecisions: false,
          },
        );
        await eventually(`${rrName} cached`, async () =>
          (await get(`/clusters/${CLUSTER}/remediations/${rrName}`)).status ===
          200
            ? true
            : undefined,
        );
        const { body: watch } = await request(backend.server)
          .post('/api/kubernaut/investigations')
          .set(alice)
          .send({ cluster: CLUSTER, remediation: rrName })
          .expect(201);
        const conversation = await startConversation(
          'The checkout-service keeps crashing with OOM',
        );
        const watching = await openStream(
          backend.server,
          `/api/kubernaut/investigations/${watch.id}/events`,
          alice,
        );
        const talking = await openStream(
          backend.server,
          `/api/kubernaut/investigations/${conversation}/events`,
          alice,
        );
        try {
          await watching.next('a phase', e => e.event === 'phase', 0, 20_000);
          await talking.next(
            'the agent at work',
            e => AGENT_EVENTS.includes(e.event),
            0,
            20_000,
          );
          const cutAt = performance.now();
          const { cut } = await sandbox.admin(
            `/clusters/${CLUSTER}/streams/cut`,
            {},
          );
          expect(cut).toBeGreaterThanOrEqual(2);
          const interrupted = await talking.next(
            'the conversation reported interrupted',
            e => e.event === 'interrupted',
            cutAt,
            CLEAR_ERROR_BOUND_MS,
          );
          expect(interrupted.data.payload.message).toMatch(/not sent again/);
          // The remediation moves on once approved: a watch that reconnected shows it.
          const approval = await eventually(
            `the approval request of ${rrName}`,
            async () =>
              (
                await get(`/approvals?cluster=${CLUSTER}`)
              ).body.items.find(
                (a: { remediation: string }) => a.remediation === rrName,
              ),
          );
          await request(backend.server)
            .post(
              `/api/kubernaut/clusters/${CLUSTER}/approvals/${approval.name}/decision`,
            )
            .set(alice)
            .send({
              decision: 'Approved',
              resourceVersion: approval.resourceVersion,
            })
            .expect(200);
          const followed = await watching.next(
            'the watch following the approved remediation after the cut',
            e =>
              (e.event === 'phase' &&
                e.data.payload.phase !== 'AwaitingApproval') ||
              e.event === 'end',
            cutAt,
            20_000,
          );
          return `conversation interrupted after ${Math.round(
            interrupted.at - cutAt,
          )} ms; watch ${
            followed.event === 'phase'
              ? `reconnected, phase ${followed.data.payload.phase}`
              : `ended ${followed.data.status}`
          } ${Math.round(followed.at - cutAt)} ms after the cut`;
        } finally {
          watching.close();
          talking.close();
        }
      },
    ));

  it('keeps the whole transcript across a backend restart and lets the conversation go on', () =>
    check(
      'backend restart during an investigation: the stored transcript holds every event a viewer saw, the end shows at once after restart, a follow-up continues it',
      async () => {
        const id = await startConversation(
          'The checkout-service keeps crashing with OOM',
        );
        const path = `/api/kubernaut/investigations/${id}/events`;
        const before = await openStream(backend.server, path, alice);
        let seen: StreamedEvent[];
        try {
          await eventually('the agent at work', async () =>
            before.events.filter(e => AGENT_EVENTS.includes(e.event)).length >=
            3
              ? true
              : undefined,
          );
        } finally {
          await backend.stop();
          seen = before.events.filter(e => e.data?.seq !== undefined);
          before.close();
        }
        const restartedAt = performance.now();
        backend = await startPluginBackend(sandbox.pluginConfig(), knex);
        const after = await openStream(
          backend.server,
          `${path}?after=0`,
          alice,
        );
        let transcript: StreamedEvent[];
        let endMs: number;
        try {
          const end = await after.next(
            'the end shown after the restart',
            e => e.event === 'end',
            0,
            RESTART_END_BOUND_MS,
          );
          endMs = Math.round(end.at - restartedAt);
          expect(end.data.status).toBe('interrupted');
          transcript = after.events.filter(e => e.data?.seq !== undefined);
        } finally {
          after.close();
        }
        const key = (e: StreamedEvent) => `${e.data.seq} ${e.event}`;
        expect(transcript.map(key)).toEqual(
          expect.arrayContaining(seen.map(key)),
        );
        expect(transcript.map(e => e.data.seq)).toEqual(
          transcript.map((_, i) => i + 1),
        );
        const last = transcript[transcript.length - 1];
        expect(last.event).toBe('interrupted');
        expect(last.data.payload.message).toMatch(/backend stopped/);

        const { body: sent } = await request(backend.server)
          .post(`/api/kubernaut/investigations/${id}/messages`)
          .set(alice)
          .send({ message: 'Go on: what should I do about it?' })
          .expect(202);
        const rejoined = await openStream(
          backend.server,
          `${path}?after=${last.data.seq}`,
          alice,
        );
        try {
          // The turn's own end: the investigation itself goes on while its remediation runs.
          const answered = await rejoined.next(
            'the agent answering the follow-up',
            e =>
              e.event === 'answer' ||
              (e.event === 'agent-state' &&
                ['completed', 'failed', 'input-required'].includes(
                  e.data.payload.state,
                )),
            0,
            60_000,
          );
          return `${seen.length} events seen before the stop, all stored (${
            transcript.length
          } after restart); end shown ${endMs} ms after the restart; follow-up (seq ${
            sent.seq
          }) answered: ${answered.event} ${answered.data.payload.state ?? ''}`;
        } finally {
          rejoined.close();
        }
      },
    ));
});
