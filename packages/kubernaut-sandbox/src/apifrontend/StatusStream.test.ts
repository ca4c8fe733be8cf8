import { createParser } from 'eventsource-parser';
import http from 'node:http';
import { request, startFixture, type Fixture } from './testFixture';

jest.setTimeout(20_000);

interface Frame {
  event?: string;
  data: any;
}

/** Opens `status/subscribe`; collects frames until `done` or the server ends the stream. */
function subscribe(
  fixture: Fixture,
  rrId: string,
  done: (frames: Frame[]) => boolean = () => false,
  token = fixture.token('alice'),
): {
  frames: Frame[];
  raw: () => string;
  finished: Promise<{ ended: boolean }>;
  stop: () => void;
} {
  const frames: Frame[] = [];
  let raw = '';
  let req: http.ClientRequest;
  const finished = new Promise<{ ended: boolean }>((resolve, reject) => {
    req = http.request(
      `${fixture.url}/a2a/status`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
      },
      res => {
        const parser = createParser({
          onEvent: ({ event, data }) =>
            frames.push({ event, data: JSON.parse(data) }),
        });
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          raw += chunk;
          parser.feed(chunk);
          if (done(frames)) {
            req.destroy();
            resolve({ ended: false });
          }
        });
        res.on('end', () => resolve({ ended: true }));
        res.on('error', () => resolve({ ended: false }));
      },
    );
    req.on('error', reject);
    req.end(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 'sub-1',
        method: 'status/subscribe',
        params: { rr_id: rrId },
      }),
    );
  });
  return { frames, raw: () => raw, finished, stop: () => req.destroy() };
}

async function until(check: () => boolean, ms = 2_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise(r => setTimeout(r, 10));
  }
}

const updates = (frames: Frame[]) =>
  frames.filter(f => f.event === 'status/update').map(f => f.data.params);

describe('sandbox API Frontend status stream', () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await startFixture({ statusHeartbeatMs: 100 });
  });
  afterAll(() => fixture.stop());

  const post = (body: unknown) =>
    request(`${fixture.url}/a2a/status`, {
      headers: {
        Authorization: `Bearer ${fixture.token('alice')}`,
        'Content-Type': 'application/json',
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  // pkg/apifrontend/handler/status_handler.go writeJSONRPCError, handler/status_types.go codes
  it('answers an unknown remediation with HTTP 400 rr_not_found carrying the request id', async () => {
    const reply = await post({
      jsonrpc: '2.0',
      id: 'req-7',
      method: 'status/subscribe',
      params: { rr_id: 'rr-000000000000-00000000' },
    });
    expect(reply.status).toBe(400);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(JSON.parse(reply.body)).toEqual({
      jsonrpc: '2.0',
      id: 'req-7',
      error: { code: -32001, message: 'rr_not_found' },
    });
  });

  // pkg/apifrontend/handler/status_handler.go parseStatusSubscribeRequest
  it('answers a bad method, missing rr_id or bad JSON with HTTP 400 and id null', async () => {
    const cases: Array<[unknown, number, string]> = [
      [
        { jsonrpc: '2.0', id: 1, method: 'status/watch', params: {} },
        -32601,
        'method_not_found',
      ],
      [
        { jsonrpc: '2.0', id: 1, method: 'status/subscribe', params: {} },
        -32602,
        'invalid_params',
      ],
      ['{nope', -32600, 'invalid_request'],
    ];
    for (const [body, code, message] of cases) {
      const reply = await post(body);
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.body)).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code, message },
      });
    }
  });

  // pkg/apifrontend/handler/status_handler.go handleSubscribe, handler/status_types.go BuildPhaseMetadata
  it('sends the current phase at once, then each new phase with its metadata, and ends on a final one', async () => {
    const rr = 'rr-111111111111-00000001';
    fixture.remediation(rr, {
      overallPhase: 'Executing',
      workflowSelection: {
        selectedWorkflowRef: { workflowId: 'wf-uuid-9', version: '1.0.0' },
      },
      phaseProgress: { executingStartTime: '2026-01-01T10:00:00Z' },
    });
    const stream = subscribe(fixture, rr);
    await until(() => stream.frames.length === 1);
    expect(stream.frames[0]).toEqual({
      event: 'status/update',
      data: {
        jsonrpc: '2.0',
        method: 'status/update',
        params: {
          rr_id: rr,
          phase: 'Executing',
          timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
          final: false,
          metadata: {
            namespace: 'demo-checkout',
            target: 'Deployment/checkout-service',
            kind: 'Deployment',
            alert_name: 'KubePodCrashLooping',
            workflow_id: 'wf-uuid-9',
            started_at: '2026-01-01T10:00:00Z',
          },
        },
      },
    });
    expect(stream.frames[0].data).not.toHaveProperty('id');

    // A status change within the phase is not an update.
    fixture.setRemediationStatus(rr, { message: 'still running' });
    fixture.setRemediationStatus(rr, {
      overallPhase: 'Blocked',
      routingStatus: {
        blockReason: 'ResourceBusy',
        blockMessage: 'another workflow holds the lock',
        blockedUntil: '2026-01-01T10:05:00Z',
      },
    });
    fixture.setRemediationStatus(rr, { overallPhase: 'AwaitingApproval' });
    fixture.setRemediationStatus(rr, {
      overallPhase: 'Failed',
      completionStatus: {
        failurePhase: 'WorkflowExecution',
        failureReason: 'job failed',
      },
    });
    expect(await stream.finished).toEqual({ ended: true });
    const params = updates(stream.frames);
    expect(params.map(p => [p.phase, p.final])).toEqual([
      ['Executing', false],
      ['Blocked', false],
      ['AwaitingApproval', false],
      ['Failed', true],
    ]);
    expect(params[1].metadata).toEqual(
      expect.objectContaining({
        blocked_until: '2026-01-01T10:05:00Z',
        block_reason: 'ResourceBusy',
        block_message: 'another workflow holds the lock',
      }),
    );
    expect(params[2].metadata.approval_request_name).toBe(`rar-${rr}`);
    expect(params[3].metadata).toEqual(
      expect.objectContaining({
        failure_reason: 'job failed',
        failure_phase: 'WorkflowExecution',
      }),
    );
  });

  it('answers a remediation that already ended with one final frame (handler/status_handler.go)', async () => {
    const rr = 'rr-111111111111-00000002';
    fixture.remediation(rr, {
      overallPhase: 'Completed',
      completionStatus: { outcome: 'Remediated' },
    });
    const stream = subscribe(fixture, rr);
    expect(await stream.finished).toEqual({ ended: true });
    expect(updates(stream.frames)).toEqual([
      expect.objectContaining({
        phase: 'Completed',
        final: true,
        metadata: expect.objectContaining({ outcome: 'Remediated' }),
      }),
    ]);
  });

  // pkg/apifrontend/handler/status_handler.go handleEAWatchEvent, tools/verification_step.go DiffEASteps
  it('repeats Verifying with the verification steps the EffectivenessAssessment gains', async () => {
    const rr = 'rr-222222222222-00000001';
    fixture.remediation(rr, {
      overallPhase: 'Executing',
      phaseProgress: { executingStartTime: '2026-01-01T10:00:00Z' },
    });
    const stream = subscribe(fixture, rr);
    await until(() => stream.frames.length === 1);
    const ea = fixture.effectivenessAssessment(rr, {
      phase: 'WaitingForPropagation',
      validityDeadline: '2026-01-01T10:20:00Z',
    });
    fixture.setRemediationStatus(rr, {
      overallPhase: 'Verifying',
      phaseProgress: {
        executingStartTime: '2026-01-01T10:00:00Z',
        verificationDeadline: '2026-01-01T10:30:00Z',
        effectivenessAssessmentRef: { name: `ea-${rr}` },
      },
    });
    await until(() => stream.frames.length === 2);
    const stabilizationDeadline = new Date(
      Date.parse(ea.metadata.creationTimestamp) + 120_000,
    )
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    expect(updates(stream.frames)[1]).toEqual(
      expect.objectContaining({
        phase: 'Verifying',
        final: false,
        metadata: expect.objectContaining({
          verification_deadline: '2026-01-01T10:30:00Z',
          started_at: '2026-01-01T10:00:00Z',
          ea_phase: 'WaitingForPropagation',
          stabilization_deadline: stabilizationDeadline,
        }),
      }),
    );
    expect(updates(stream.frames)[1].metadata).not.toHaveProperty(
      'verification_steps',
    );

    fixture.setEffectivenessStatus(rr, { phase: 'Stabilizing' });
    fixture.setEffectivenessStatus(rr, { message: 'nothing new' });
    fixture.setEffectivenessStatus(rr, { phase: 'Assessing' });
    fixture.setEffectivenessStatus(rr, {
      phase: 'Completed',
      components: {
        healthAssessed: true,
        healthScore: 0.95,
        alertAssessed: true,
        alertScore: 1,
        metricsAssessed: true,
        metricsScore: 0.8,
        hashComputed: true,
        postRemediationSpecHash: 'sha256:abcdef0123456789',
      },
    });
    await until(() => stream.frames.length === 5);
    const [stabilizing, assessing, assessed] = updates(stream.frames).slice(2);
    for (const update of [stabilizing, assessing, assessed]) {
      expect(update.phase).toBe('Verifying');
      expect(update.final).toBe(false);
    }
    expect(stabilizing.metadata.ea_phase).toBe('Stabilizing');
    expect(stabilizing.metadata.verification_steps).toEqual([
      {
        step: 'phase_transition',
        message: 'EA phase: Stabilizing',
        data: {
          phase: 'Stabilizing',
          step_status: 'completed',
          detail: 'EA phase: Stabilizing',
          previous_phase: 'WaitingForPropagation',
        },
      },
    ]);
    expect(assessing.metadata.verification_steps).toEqual([
      {
        step: 'stabilization_elapsed',
        message: 'Stabilization window elapsed',
        data: {
          step_status: 'completed',
          detail: 'Stabilization window elapsed',
        },
      },
    ]);
    expect(
      assessed.metadata.verification_steps.map(
        (s: { step: string; data: { score?: number } }) => [
          s.step,
          s.data.score,
        ],
      ),
    ).toEqual([
      ['phase_transition', undefined],
      ['spec_hash_computed', undefined],
      ['alert_check', 1],
      ['health_check', 0.95],
      ['metrics_check', 0.8],
    ]);
    fixture.setRemediationStatus(rr, {
      overallPhase: 'Completed',
      completionStatus: { outcome: 'Remediated' },
    });
    expect(await stream.finished).toEqual({ ended: true });
  });

  it('sends a heartbeat comment between updates (handler/status_handler.go heartbeatInterval)', async () => {
    const rr = 'rr-333333333333-00000001';
    fixture.remediation(rr, { overallPhase: 'Analyzing' });
    const stream = subscribe(fixture, rr);
    await until(() => stream.raw().includes(': heartbeat\n\n'));
    expect(updates(stream.frames).map(u => u.phase)).toEqual(['Analyzing']);
    stream.stop();
    await stream.finished;
  });
});

// pkg/apifrontend/auth/middleware.go (deadline = exp - jitter), handler/status_handler.go deadlineTimerChan
describe('sandbox API Frontend status stream and token expiry', () => {
  it('announces status/closing once, 5 s before the request deadline, then closes the stream', async () => {
    const started = Date.now();
    const fixture = await startFixture({
      tokenExpiry: () => new Date(started + 25_000 + 5_400),
      deadlineJitterMs: () => 25_000,
    });
    try {
      const rr = 'rr-444444444444-00000001';
      fixture.remediation(rr, { overallPhase: 'Analyzing' });
      const stream = subscribe(fixture, rr);
      expect(await stream.finished).toEqual({ ended: true });
      const ended = Date.now() - started;
      expect(ended).toBeGreaterThanOrEqual(5_300);
      const closing = stream.frames.filter(f => f.event === 'status/closing');
      expect(closing).toEqual([
        {
          event: 'status/closing',
          data: {
            jsonrpc: '2.0',
            method: 'status/closing',
            params: { reason: 'token_expiry', reconnect: true },
          },
        },
      ]);
      expect(stream.frames.map(f => f.event)).toEqual([
        'status/update',
        'status/closing',
      ]);
    } finally {
      await fixture.stop();
    }
  });

  it('places the deadline 25-34 s before expiry by default, so closing comes 30-39 s before it', async () => {
    const expiry = Date.now() + 60_000;
    const fixture = await startFixture({ tokenExpiry: () => new Date(expiry) });
    const seen: number[] = [];
    const random = jest.spyOn(Math, 'random');
    try {
      for (const r of [0, 0.999]) {
        random.mockReturnValue(r);
        const rr = `rr-555555555555-0000000${seen.length}`;
        fixture.remediation(rr, { overallPhase: 'Analyzing' });
        const timers = jest.spyOn(global, 'setTimeout');
        const stream = subscribe(fixture, rr);
        await until(() => stream.frames.length === 1);
        const closingDelay = timers.mock.calls
          .map(call => call[1] as number)
          .filter(ms => ms > 10_000 && ms < 40_000)[0];
        timers.mockRestore();
        seen.push(expiry - (Date.now() + closingDelay));
        stream.stop();
      }
    } finally {
      random.mockRestore();
      await fixture.stop();
    }
    expect(seen[0]).toBeGreaterThanOrEqual(29_500);
    expect(seen[0]).toBeLessThanOrEqual(30_500);
    expect(seen[1]).toBeGreaterThanOrEqual(38_500);
    expect(seen[1]).toBeLessThanOrEqual(39_500);
  });

  it('refuses an expired token with 401 (auth/middleware.go)', async () => {
    const fixture = await startFixture({
      tokenExpiry: () => new Date(Date.now() - 1),
    });
    try {
      fixture.remediation('rr-666666666666-00000001', {
        overallPhase: 'Analyzing',
      });
      const reply = await request(`${fixture.url}/a2a/status`, {
        headers: { Authorization: `Bearer ${fixture.token('alice')}` },
        body: '{}',
      });
      expect(reply.status).toBe(401);
      expect(JSON.parse(reply.body)).toEqual(
        expect.objectContaining({
          title: 'Authentication Failed',
          detail: 'The provided token could not be validated.',
        }),
      );
    } finally {
      await fixture.stop();
    }
  });
});
