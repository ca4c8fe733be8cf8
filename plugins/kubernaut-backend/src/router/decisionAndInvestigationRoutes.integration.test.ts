import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import type { Server } from 'node:http';
import request from 'supertest';
import { eventually } from '../testUtils/eventually';
import { readEvents, type SseEvent } from '../testUtils/readEvents';
import { kubernautTestDatabaseIds } from '../testUtils/testDatabaseIds';
import { startKubernautTestBackend } from '../testUtils/kubernautTestBackend';
import type { SandboxProcess } from '../testUtils/sandboxProcess';

jest.setTimeout(120_000);

/** Events only the agent's side of a conversation produces. */
const AGENT_EVENTS = [
  'agent-state',
  'agent-text',
  'thinking',
  'tool-call',
  'tool-result',
  'analysis',
  'answer',
];

const alice = {
  Authorization: mockCredentials.user.header('user:default/alice'),
};
const mallory = {
  Authorization: mockCredentials.user.header('user:default/mallory'),
};

describe('kubernaut backend decisions and investigations against the sandbox', () => {
  let sandbox: SandboxProcess;
  let server: Server;
  let replica: Server;
  let stopBackend: (() => Promise<void>) | undefined;
  // Registered before TestDatabases' own hook, so it runs first: relays stop before their
  // database closes, instead of writing to a closed pool.
  afterAll(() => stopBackend?.());
  // PostgreSQL when ./test.sh provides one (replicas then share a real server), else SQLite.
  const databaseId = kubernautTestDatabaseIds().at(-1)!;
  const databases = TestDatabases.create({ ids: [databaseId] });

  async function pendingApproval(
    cluster: string,
    scenario = 'payment-latency',
  ) {
    const { rrName } = await sandbox.admin(`/clusters/${cluster}/scenarios`, {
      scenario,
      scriptedDecisions: false,
    });
    return eventually(`an approval request for ${rrName}`, async () => {
      const { body } = await request(server)
        .get('/api/kubernaut/approvals')
        .query({ cluster })
        .set(alice);
      return body.items.find(
        (a: { remediation: string }) => a.remediation === rrName,
      );
    });
  }

  function cachedRemediation(cluster: string, name: string) {
    return eventually(`${cluster}/${name} cached`, async () =>
      (
        await request(server)
          .get(`/api/kubernaut/clusters/${cluster}/remediations/${name}`)
          .set(alice)
      ).status === 200
        ? true
        : undefined,
    );
  }

  beforeAll(async () => {
    const knex = await databases.init(databaseId);
    let servers: Server[];
    ({
      sandbox,
      servers,
      stop: stopBackend,
    } = await startKubernautTestBackend({
      sandbox: [
        '--clusters',
        'wa:production:v1.6,wb:production:v1.5',
        '--speed',
        '40',
        '--seed',
        '11',
      ],
      config: started => {
        const config = started.pluginConfig();
        (
          config.kubernaut.clusters[1] as { approvalMode?: string }
        ).approvalMode = 'apiFrontend';
        return config;
      },
      knex,
      // Two backends on one database: two replicas behind a load balancer.
      replicas: 2,
    }));
    [server, replica] = servers;
  });

  it('approves as the signed-in user, exactly once under racing clicks', async () => {
    const approval = await pendingApproval('wa');
    const body = {
      decision: 'Approved',
      reason: 'scale it back',
      resourceVersion: approval.resourceVersion,
    };
    const [a, b] = await Promise.all([
      request(server)
        .post(`/api/kubernaut/clusters/wa/approvals/${approval.name}/decision`)
        .set(alice)
        .send(body),
      request(server)
        .post(`/api/kubernaut/clusters/wa/approvals/${approval.name}/decision`)
        .set(alice)
        .send(body),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const ok = a.status === 200 ? a : b;
    const refused = a.status === 200 ? b : a;
    expect(ok.body).toEqual(
      expect.objectContaining({
        decision: 'Approved',
        decidedBy: 'backstage:default:alice',
        decidedAt: expect.any(String),
      }),
    );
    expect(refused.body.error.message).toMatch(
      /already approved by backstage:default:alice/,
    );
  });

  it('refuses stale, malformed and unknown decisions with clear 4xx', async () => {
    const approval = await pendingApproval('wa', 'shipping-rollout-rejected');
    const url = `/api/kubernaut/clusters/wa/approvals/${approval.name}/decision`;
    const stale = await request(server)
      .post(url)
      .set(alice)
      .send({ decision: 'Approved', resourceVersion: '1' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/changed since you loaded it/);
    expect(
      (
        await request(server).post(url).set(alice).send({
          decision: 'Rejected',
          resourceVersion: approval.resourceVersion,
        })
      ).body.error.message,
    ).toMatch(/a rejection needs a reason/);
    expect(
      (
        await request(server).post(url).set(alice).send({
          decision: 'Maybe',
          resourceVersion: approval.resourceVersion,
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await request(server).post(url).set(alice).send({
          decision: 'Approved',
          resourceVersion: approval.resourceVersion,
          sneaky: true,
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await request(server)
          .post(url)
          .set(alice)
          .send({
            decision: 'Approved',
            resourceVersion: approval.resourceVersion,
            override: { workflowName: 'no-such-workflow', rationale: 'x' },
          })
      ).status,
    ).toBe(400);
    expect(
      (
        await request(server)
          .post('/api/kubernaut/clusters/wa/approvals/rar-none/decision')
          .set(alice)
          .send({ decision: 'Approved', resourceVersion: '1' })
      ).status,
    ).toBe(404);
    expect(
      (
        await request(server)
          .post(url)
          .set('Authorization', mockCredentials.service.header())
          .send({
            decision: 'Approved',
            resourceVersion: approval.resourceVersion,
          })
      ).status,
    ).toBe(403);

    const refusedByCluster = await request(server).post(url).set(mallory).send({
      decision: 'Rejected',
      reason: 'no',
      resourceVersion: approval.resourceVersion,
    });
    expect(refusedByCluster.status).toBe(403);
    expect(refusedByCluster.body.error.message).toMatch(
      /cluster wa refused the decision for backstage:default:mallory/,
    );

    const rejected = await request(server)
      .post(url)
      .set(alice)
      .send({
        decision: 'Rejected',
        reason: 'release team is on it',
        resourceVersion: approval.resourceVersion,
      })
      .expect(200);
    expect(rejected.body.decidedBy).toBe('backstage:default:alice');
  });

  it('approves with an override of the workflow', async () => {
    const approval = await pendingApproval('wa', 'checkout-oom');
    const { body } = await request(server)
      .post(`/api/kubernaut/clusters/wa/approvals/${approval.name}/decision`)
      .set(alice)
      .send({
        decision: 'Approved',
        resourceVersion: approval.resourceVersion,
        override: {
          workflowName: 'rollback-config-v1',
          rationale: 'the config change is the cause',
        },
      })
      .expect(200);
    expect(body.workflowOverride).toEqual(
      expect.objectContaining({ workflowName: 'rollback-config-v1' }),
    );
  });

  it('answers 503 and writes nothing when the cluster is down during a decision', async () => {
    const approval = await pendingApproval('wa', 'gateway-hpa-expired');
    await sandbox.admin('/clusters/wa/down', {});
    const response = await request(server)
      .post(`/api/kubernaut/clusters/wa/approvals/${approval.name}/decision`)
      .set(alice)
      .send({
        decision: 'Approved',
        resourceVersion: approval.resourceVersion,
      });
    expect(response.status).toBe(503);
    expect(response.body.error.message).toMatch(
      /unreachable; nothing was written/,
    );
    await sandbox.admin('/clusters/wa/up', {});
    const after = await eventually('the cluster back', async () => {
      const r = await request(server)
        .get(`/api/kubernaut/clusters/wa/remediations/${approval.remediation}`)
        .set(alice);
      return r.status === 200 ? r.body : undefined;
    });
    expect(after.approvalRequest.decision).toBeUndefined();
  });

  it('decides through API Frontend only with the user’s own token', async () => {
    const approval = await pendingApproval('wb', 'checkout-oom');
    const url = `/api/kubernaut/clusters/wb/approvals/${approval.name}/decision`;
    const withoutToken = await request(server).post(url).set(alice).send({
      decision: 'Approved',
      resourceVersion: approval.resourceVersion,
    });
    expect(withoutToken.status).toBe(403);
    expect(withoutToken.body.error.message).toMatch(/needs your own token/);
    const tokens = await sandbox.admin('/health');
    expect(tokens.clusters[1].name).toBe('wb');
    // Two replicas at once: kubernaut_approve sends no resourceVersion, so the database claim
    // decides which one writes (pkg/authwebhook/remediationapprovalrequest_handler.go lets a
    // second decision through).
    const [first, second] = await Promise.all(
      [server, replica].map(target =>
        request(target)
          .post(url)
          .set(alice)
          .set('x-kubernaut-user-token', 'sandbox-wb-alice')
          .send({
            decision: 'Approved',
            reason: 'ok',
            resourceVersion: approval.resourceVersion,
          }),
      ),
    );
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const body = first.status === 200 ? first.body : second.body;
    expect(body).toEqual(
      expect.objectContaining({
        decidedBy: 'alice',
        decidedVia: 'system:serviceaccount:kubernaut-system:apifrontend',
      }),
    );
  });

  it('cancels a running remediation and refuses an ended one', async () => {
    const { rrName } = await sandbox.admin('/clusters/wa/scenarios', {
      scenario: 'orders-resource-busy',
      scriptedDecisions: false,
    });
    await eventually('the remediation cached', async () =>
      (
        await request(server)
          .get(`/api/kubernaut/clusters/wa/remediations/${rrName}`)
          .set(alice)
      ).status === 200
        ? true
        : undefined,
    );
    await request(server)
      .post(`/api/kubernaut/clusters/wa/remediations/${rrName}/cancel`)
      .set(alice)
      .send({})
      .expect(200);
    const ended = await eventually('the cancellation cached', async () => {
      const { body } = await request(server)
        .get(`/api/kubernaut/clusters/wa/remediations/${rrName}`)
        .set(alice);
      return body.phase === 'Cancelled' ? body : undefined;
    });
    expect(ended.phase).toBe('Cancelled');
    const again = await request(server)
      .post(`/api/kubernaut/clusters/wa/remediations/${rrName}/cancel`)
      .set(alice)
      .send({});
    expect(again.status).toBe(409);
  });

  it('relays an investigation started in plain words turn by turn; viewers resume and join without gaps or repeats', async () => {
    const started = await request(server)
      .post('/api/kubernaut/investigations')
      .set(alice)
      .send({
        cluster: 'wa',
        message: 'The payment processing feels sluggish since this morning',
      })
      .expect(201);
    const id = started.body.id;
    const path = `/api/kubernaut/investigations/${id}/events`;
    const turnEnded = (e: SseEvent) =>
      e.event === 'agent-state' &&
      ['input-required', 'completed', 'failed'].includes(e.data.payload.state);

    // A first viewer leaves after a few events and comes back with Last-Event-ID.
    const first = await readEvents(
      server,
      path,
      alice,
      events => events.filter(e => e.id).length >= 12,
    );
    const lastId = first.filter(e => e.id).pop()!.id!;
    const resumed = await readEvents(
      replica,
      path,
      { ...alice, 'Last-Event-ID': lastId },
      events => events.some(turnEnded),
    );
    const ids = [...first, ...resumed].filter(e => e.id).map(e => Number(e.id));
    expect(ids).toEqual(ids.map((_, i) => i + 1));
    expect(first[0].event).toBe('investigation');
    expect(first.find(e => e.event === 'user-message')!.data.payload).toEqual({
      user: 'user:default/alice',
      text: 'The payment processing feels sluggish since this morning',
    });
    // pkg/apifrontend/launcher/launcher.go: one message/stream is one turn, a task first and one
    // final update; the turn ends waiting on the user once the decision card is out. The browser
    // gets it as typed events: the agent's state changes, its words, tools and analysis.
    const turn = [...first, ...resumed].filter(e => e.id);
    const states = turn
      .filter(e => e.event === 'agent-state')
      .map(e => e.data.payload.state);
    expect(states[0]).toBe('submitted');
    expect(states.at(-1)).toBe('input-required');
    expect(states.filter(s => s === 'input-required')).toHaveLength(1);
    expect(turn.map(e => e.event)).toEqual(
      expect.arrayContaining(['agent-text', 'tool-call', 'analysis']),
    );
    expect(turn.map(e => e.event)).not.toContain('a2a');
    const card = turn.find(e => e.event === 'analysis')!.data.payload;
    expect(card.rca.summary).toEqual(expect.any(String));
    expect(card.rca.options.length).toBeGreaterThan(0);

    // The investigation waits for alice, who started it and drives it (upstream's agent starts
    // it interactive); she runs an offered workflow, and the status stream carries on.
    await request(server)
      .post(`/api/kubernaut/investigations/${id}/steer`)
      .set(alice)
      .send({
        action: 'select-workflow',
        workflowId: card.rca.options[0].workflowId,
      })
      .expect(200);
    const after = await readEvents(
      server,
      `${path}?after=${ids.length}`,
      alice,
      events =>
        events.some(
          e =>
            e.event === 'phase' && e.data.payload.phase === 'AwaitingApproval',
        ),
    );
    expect(after.find(e => e.event === 'phase')!.data.payload).toEqual({
      phase: expect.any(String),
      final: false,
      details: expect.any(Object),
      verificationSteps: expect.any(Array),
    });
    const reopened = await readEvents(
      server,
      `${path}?after=${ids.length}`,
      alice,
      events => events.some(e => e.event === 'investigation'),
    );
    expect(reopened.find(e => e.event === 'investigation')!.data).toMatchObject(
      { status: 'running', contextId: expect.any(String) },
    );

    // A second operator joins from the start on the other replica and sees the same sequence.
    const seen = ids.length + after.filter(e => e.id).length;
    const joined = await readEvents(
      replica,
      `${path}?after=0`,
      alice,
      events => events.filter(e => e.id).length >= seen,
    );
    expect(joined.filter(e => e.id).map(e => Number(e.id))).toEqual(
      Array.from({ length: seen }, (_, i) => i + 1),
    );

    // A follow-up is a new turn of the same conversation.
    await request(server)
      .post(`/api/kubernaut/investigations/${id}/messages`)
      .set(alice)
      .send({ message: 'What can we do to fix it?' })
      .expect(202);
    const answer = await readEvents(
      server,
      `${path}?after=${seen}`,
      alice,
      events => events.some(turnEnded),
    );
    const next = answer.filter(e => e.id);
    const nextStates = next
      .filter(e => e.event === 'agent-state')
      .map(e => e.data.payload.state);
    expect(nextStates[0]).toBe('submitted');
    expect(nextStates.at(-1)).toBe('completed');
    const text = next
      .filter(e => e.event === 'answer')
      .map(e => e.data.payload.text)
      .join('');
    expect(text).toMatch(/scale-statefulset/);
  });

  it('loses and repeats no event across 100 forced viewer disconnects on two replicas', async () => {
    const started = await request(server)
      .post('/api/kubernaut/investigations')
      .set(alice)
      .send({
        cluster: 'wa',
        message: 'The payment processing feels sluggish since this morning',
      })
      .expect(201);
    const path = `/api/kubernaut/investigations/${started.body.id}/events`;
    const seen: number[] = [];
    let ended = false;
    for (let i = 0; i < 100; i++) {
      const last = seen.at(-1);
      const cutAfterMs = 10 + ((i * 37) % 60);
      const deadline = Date.now() + cutAfterMs;
      const events = await readEvents(
        i % 2 ? replica : server,
        path,
        last === undefined
          ? alice
          : { ...alice, 'Last-Event-ID': String(last) },
        () => Date.now() >= deadline,
        cutAfterMs,
      );
      seen.push(...events.filter(e => e.id).map(e => Number(e.id)));
      ended ||= events.some(e => e.event === 'end');
    }
    // Read the rest, then compare with the whole transcript from the start.
    const rest = await readEvents(
      server,
      `${path}?after=${seen.at(-1) ?? 0}`,
      alice,
      events =>
        events.some(e => e.event === 'approval-request') ||
        seen.length + events.filter(e => e.id).length > 40,
    );
    seen.push(...rest.filter(e => e.id).map(e => Number(e.id)));
    expect(seen.length).toBeGreaterThan(10);
    expect(seen).toEqual(seen.map((_, i) => i + 1));
    const whole = await readEvents(
      replica,
      `${path}?after=0`,
      alice,
      events => events.filter(e => e.id).length >= seen.length,
    );
    expect(whole.filter(e => e.id).map(e => Number(e.id))).toEqual(seen);
    expect(ended || seen.length > 0).toBe(true);
  });

  it('marks a turn interrupted when API Frontend drops it, and never re-sends the question', async () => {
    const started = await request(server)
      .post('/api/kubernaut/investigations')
      .set(alice)
      .send({
        cluster: 'wa',
        message: 'The checkout-service keeps crashing with OOM',
      })
      .expect(201);
    const path = `/api/kubernaut/investigations/${started.body.id}/events`;
    // Cut as soon as the turn has begun, while the agent still investigates.
    await readEvents(server, path, alice, events =>
      events.some(e => e.event === 'agent-text'),
    );
    await sandbox.admin('/clusters/wa/streams/cut', {});
    const events = await readEvents(
      replica,
      `${path}?after=0`,
      alice,
      all => all.some(e => e.event === 'interrupted' || e.event === 'end'),
      60_000,
    );
    const interrupted = events.findIndex(e => e.event === 'interrupted');
    expect(interrupted).toBeGreaterThan(0);
    expect(events[interrupted].data.payload.message).toMatch(/not sent again/);
    const rest = await readEvents(
      replica,
      `${path}?after=${events[interrupted].id}`,
      alice,
      () => false,
      1_500,
    );
    expect(rest.some(e => AGENT_EVENTS.includes(e.event))).toBe(false);
    expect(events.filter(e => e.event === 'user-message')).toHaveLength(1);
    const phases = [...events, ...rest]
      .filter(e => e.event === 'phase')
      .map(e => e.data.payload.phase);
    expect(phases.filter((p, i) => p === phases[i - 1])).toEqual([]);
  });

  it('watches a running remediation without talking to the agent, and joins a watch already running', async () => {
    const { rrName } = await sandbox.admin('/clusters/wa/scenarios', {
      scenario: 'checkout-oom',
      scriptedDecisions: false,
    });
    await cachedRemediation('wa', rrName);
    const a = await request(server)
      .post('/api/kubernaut/investigations')
      .set(alice)
      .send({ cluster: 'wa', remediation: rrName })
      .expect(201);
    const b = await request(replica)
      .post('/api/kubernaut/investigations')
      .set(alice)
      .send({ cluster: 'wa', remediation: rrName })
      .expect(200);
    expect(b.body).toEqual({ id: a.body.id, joined: true });
    const path = `/api/kubernaut/investigations/${a.body.id}/events`;
    const events = await readEvents(
      server,
      path,
      alice,
      list =>
        list.some(e => e.event === 'phase') &&
        list.some(e => e.event === 'joined'),
    );
    expect(events.map(e => e.event)).toEqual(
      expect.arrayContaining(['watching', 'history', 'joined', 'phase']),
    );
    const history = events.find(e => e.event === 'history')!.data.payload;
    expect(history).toMatchObject({ remediation: rrName, unavailable: false });
    expect(history.events.length).toBeGreaterThan(0);
    // pkg/apifrontend/tools/ka_investigate_mcp.go: a message would take the remediation over.
    expect(events.some(e => AGENT_EVENTS.includes(e.event))).toBe(false);
    const refused = await request(server)
      .post(`${path.replace(/\/events$/, '')}/messages`)
      .set(alice)
      .send({ message: 'why?' })
      .expect(409);
    expect(refused.body.error.message).toMatch(/take it over/);
  });

  it('reports a clear error event, not a hang, when API Frontend is down', async () => {
    await sandbox.admin('/clusters/wb/down', {});
    try {
      const { body } = await request(server)
        .post('/api/kubernaut/investigations')
        .set(alice)
        .send({ cluster: 'wb', message: 'checkout is crashing' })
        .expect(201);
      const events = await readEvents(
        server,
        `/api/kubernaut/investigations/${body.id}/events`,
        alice,
        list => list.some(e => e.event === 'end'),
        20_000,
      );
      expect(
        events.find(e => e.event === 'error')!.data.payload.message,
      ).toMatch(/API Frontend unreachable/);
      expect(events.find(e => e.event === 'end')!.data.status).toBe('failed');
    } finally {
      await sandbox.admin('/clusters/wb/up', {});
    }
  });

  it('validates investigation requests', async () => {
    expect(
      (
        await request(server)
          .post('/api/kubernaut/investigations')
          .set(alice)
          .send({ cluster: 'wa' })
      ).status,
    ).toBe(400);
    expect(
      (
        await request(server)
          .post('/api/kubernaut/investigations')
          .set(alice)
          .send({ cluster: 'wa', message: 'x'.repeat(8001) })
      ).status,
    ).toBe(400);
    expect(
      (
        await request(server)
          .post('/api/kubernaut/investigations')
          .set(alice)
          .send({ cluster: 'nope', message: 'hi' })
      ).status,
    ).toBe(404);
    expect(
      (
        await request(server)
          .post('/api/kubernaut/investigations')
          .set(alice)
          .send({ cluster: 'wa', remediation: 'rr-missing', message: 'hi' })
      ).status,
    ).toBe(404);
    expect(
      (
        await request(server)
          .get('/api/kubernaut/investigations/not-a-uuid/events')
          .set(alice)
      ).status,
    ).toBe(400);
    expect(
      (
        await request(server)
          .get(
            '/api/kubernaut/investigations/00000000-0000-4000-8000-000000000000/events',
          )
          .set(alice)
      ).status,
    ).toBe(404);
    expect(
      (
        await request(server)
          .post(
            '/api/kubernaut/investigations/00000000-0000-4000-8000-000000000000/messages',
          )
          .set(alice)
          .send({ message: '' })
      ).status,
    ).toBe(400);
  });
});
