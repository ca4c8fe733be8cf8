import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Server } from 'node:http';
import request from 'supertest';
import { eventually } from '../testUtils/eventually';
import { readEvents, type SseEvent } from '../testUtils/readEvents';
import { kubernautTestDatabaseIds } from '../testUtils/testDatabaseIds';
import { startKubernautTestBackend } from '../testUtils/kubernautTestBackend';
import type { SandboxProcess } from '../testUtils/sandboxProcess';

jest.setTimeout(120_000);

const alice = {
  Authorization: mockCredentials.user.header('user:default/alice'),
};
const bob = {
  Authorization: mockCredentials.user.header('user:default/bob'),
};
const mallory = {
  Authorization: mockCredentials.user.header('user:default/mallory'),
};

/**
 * Taking over and steering against the sandbox, whose API Frontend and agent follow upstream's
 * interactive tools (`pkg/apifrontend/tools/ka_tools.go`, KA's `select_workflow.go` and
 * `complete_no_action.go`, `ka_investigate_mcp.go` joinMode takeover).
 */
describe('kubernaut backend steering against the sandbox', () => {
  let sandbox: SandboxProcess;
  let server: Server;
  let stopBackend: (() => Promise<void>) | undefined;
  // Registered before TestDatabases' own hook: the backend stops before its database closes.
  afterAll(() => stopBackend?.());
  const databaseId = kubernautTestDatabaseIds().at(-1)!;
  const databases = TestDatabases.create({ ids: [databaseId] });

  beforeAll(async () => {
    const knex = await databases.init(databaseId);
    ({
      sandbox,
      server,
      stop: stopBackend,
    } = await startKubernautTestBackend({
      sandbox: [
        '--clusters',
        'sa:production:v1.6',
        '--speed',
        '40',
        '--seed',
        '7',
      ],
      knex,
      features: [
        // Mallory may do everything but steer.
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW })),
          authorizeConditional: async (requests, options) =>
            requests.map(r => ({
              result:
                r.permission.name === 'kubernaut.remediation.steer' &&
                JSON.stringify(options).includes('mallory')
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            })) as any,
        }).factory,
      ],
    }));
  });

  /** A remediation whose investigation waits for a person, watched by alice. */
  async function watchedInteractive(): Promise<{ id: string; rr: string }> {
    const { rrName } = await sandbox.admin('/clusters/sa/scenarios', {
      scenario: 'checkout-oom',
      scriptedDecisions: false,
      interactive: true,
    });
    await eventually(`${rrName} cached`, async () =>
      (
        await request(server)
          .get(`/api/kubernaut/clusters/sa/remediations/${rrName}`)
          .set(alice)
      ).status === 200
        ? true
        : undefined,
    );
    const { body } = await request(server)
      .post('/api/kubernaut/investigations')
      .set(alice)
      .send({ cluster: 'sa', remediation: rrName })
      .expect(201);
    return { id: body.id, rr: rrName };
  }

  const events = (id: string, stop: (events: SseEvent[]) => boolean) =>
    readEvents(
      server,
      `/api/kubernaut/investigations/${id}/events`,
      alice,
      stop,
      90_000,
    );

  it('takes a watch over, then runs an offered workflow as its driver, credited to them', async () => {
    const { id, rr } = await watchedInteractive();
    // Nobody drives a watch yet.
    const early = await request(server)
      .post(`/api/kubernaut/investigations/${id}/steer`)
      .set(alice)
      .send({ action: 'dismiss' })
      .expect(409);
    expect(early.body.error.message).toMatch(/take remediation .* over first/);

    const taken = await request(server)
      .post(`/api/kubernaut/investigations/${id}/take-over`)
      .set(alice)
      .send({})
      .expect(200);
    expect(taken.body).toMatchObject({
      driver: 'user:default/alice',
      contextId: expect.any(String),
    });
    // BR-INTERACTIVE-004: one driver.
    const second = await request(server)
      .post(`/api/kubernaut/investigations/${id}/take-over`)
      .set(bob)
      .send({})
      .expect(409);
    expect(second.body.error.message).toMatch(/alice drives remediation/);

    const offered = await events(id, list =>
      list.some(
        e => e.event === 'analysis' && e.data.payload.rca.options.length,
      ),
    );
    expect(offered.map(e => e.event)).toEqual(
      expect.arrayContaining(['watching', 'history', 'taken-over', 'analysis']),
    );
    const option = offered.find(e => e.event === 'analysis')!.data.payload.rca
      .options[0];

    await request(server)
      .post(`/api/kubernaut/investigations/${id}/steer`)
      .set(bob)
      .send({ action: 'select-workflow', workflowId: option.workflowId })
      .expect(409);
    const chosen = await request(server)
      .post(`/api/kubernaut/investigations/${id}/steer`)
      .set(alice)
      .send({ action: 'select-workflow', workflowId: option.workflowId })
      .expect(200);
    expect(chosen.body).toMatchObject({
      user: 'user:default/alice',
      action: 'select-workflow',
      workflowId: option.workflowId,
      status: 'workflow_selected',
    });
    // Production: the remediation now waits for approval.
    const after = await events(id, list =>
      list.some(
        e => e.event === 'phase' && e.data.payload.phase === 'AwaitingApproval',
      ),
    );
    expect(after.find(e => e.event === 'steered')!.data.payload).toMatchObject({
      user: 'user:default/alice',
      workflowId: option.workflowId,
    });
    await eventually(`${rr} awaiting approval`, async () => {
      const { body } = await request(server)
        .get(`/api/kubernaut/clusters/sa/remediations/${rr}`)
        .set(alice);
      return body.phase === 'AwaitingApproval' ? true : undefined;
    });
  });

  it('escalates to people with a reason, and the remediation ends for manual review', async () => {
    const { id, rr } = await watchedInteractive();
    await request(server)
      .post(`/api/kubernaut/investigations/${id}/take-over`)
      .set(alice)
      .send({ message: 'I will handle this one' })
      .expect(200);
    await events(id, list => list.some(e => e.event === 'analysis'));
    const escalated = await request(server)
      .post(`/api/kubernaut/investigations/${id}/steer`)
      .set(alice)
      .send({ action: 'escalate', reason: 'DB team: replication lag' })
      .expect(200);
    expect(escalated.body).toMatchObject({
      action: 'escalate',
      reason: 'DB team: replication lag',
      status: 'escalated',
    });
    await eventually(`${rr} ended for manual review`, async () => {
      const { body } = await request(server)
        .get(`/api/kubernaut/clusters/sa/remediations/${rr}`)
        .set(alice);
      return body.phase === 'Completed' ? body : undefined;
    });
    // Ended: nothing more to steer.
    await eventually('the remediation ended in the cache', async () => {
      const { status } = await request(server)
        .post(`/api/kubernaut/investigations/${id}/steer`)
        .set(alice)
        .send({ action: 'dismiss' });
      return status === 409 ? true : undefined;
    });
  });

  it('refuses whom the policy does not let steer, and bad input, with clear 4xx', async () => {
    const { id } = await watchedInteractive();
    const denied = await request(server)
      .post(`/api/kubernaut/investigations/${id}/take-over`)
      .set(mallory)
      .send({})
      .expect(403);
    expect(denied.body.error.message).toMatch(/you may not steer remediations/);
    for (const body of [
      {},
      { action: 'reboot' },
      { action: 'escalate' },
      { action: 'escalate', reason: '   ' },
      { action: 'select-workflow' },
      { action: 'select-workflow', workflowId: '../../etc' },
      { action: 'dismiss', extra: true },
      {
        action: 'select-workflow',
        workflowId: 'w',
        parameters: { 'a b': 'x' },
      },
    ]) {
      const response = await request(server)
        .post(`/api/kubernaut/investigations/${id}/steer`)
        .set(alice)
        .send(body);
      expect([body, response.status]).toEqual([body, 400]);
      expect(response.body.error.name).toBe('InputError');
    }
    await request(server)
      .post('/api/kubernaut/investigations/not-a-uuid/take-over')
      .set(alice)
      .send({})
      .expect(400);
    await request(server)
      .post(
        '/api/kubernaut/investigations/00000000-0000-4000-8000-000000000000/take-over',
      )
      .set(alice)
      .send({})
      .expect(404);
  });
});
