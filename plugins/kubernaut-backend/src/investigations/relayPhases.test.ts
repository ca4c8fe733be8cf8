import { mockServices } from '@backstage/backend-test-utils';
import type { TranscriptEventPayloads } from '@kubernaut/plugin-kubernaut-common';
import {
  ApiFrontendError,
  RemediationNotFoundError,
  StatusStreamClosingError,
  StreamDroppedError,
  type ApiFrontendClient,
} from '../clients/ApiFrontendClient';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import type { InvestigationStore } from '../database/InvestigationStore';
import { InvestigationService } from './InvestigationService';

type Step =
  | { updates: Array<Record<string, unknown>>; then?: Error }
  | { error: Error };

/**
 * `relayPhases` against a scripted status stream: one step per connection, each yielding its
 * updates and then ending, throwing, or announcing `status/closing`.
 */
function setup(steps: Step[], tokens: string[] = ['service-token']) {
  let tokenIndex = 0;
  const registry = {
    get: () => ({
      config: {
        apiFrontend: {
          url: 'http://127.0.0.1:9',
          get token() {
            return tokens[Math.min(tokenIndex++, tokens.length - 1)];
          },
        },
      },
      serviceToken: () => undefined,
    }),
  } as unknown as ClusterRegistry;
  const service = new InvestigationService({
    store: {} as InvestigationStore,
    registry,
    logger: mockServices.logger.mock(),
  });
  const stored: Array<TranscriptEventPayloads['phase']> = [];
  (service as any).writer = () => ({
    append: async (type: string, payload: TranscriptEventPayloads['phase']) => {
      expect(type).toBe('phase');
      stored.push(payload);
      return stored.length;
    },
  });
  const connections: Array<{ token: string; at: number }> = [];
  const client = {
    async *statusStream(token: string) {
      connections.push({ token, at: Date.now() });
      const step = steps[connections.length - 1];
      if (!step) {
        // Nothing scripted: hang like an idle stream until the test ends.
        await new Promise(() => undefined);
        return;
      }
      if ('error' in step) throw step.error;
      for (const update of step.updates) yield update;
      if (step.then) throw step.then;
    },
  } as unknown as ApiFrontendClient;
  // 'service-token' stands for the backend's own credential, read afresh per connection.
  const credential = (token: string | (() => string)) => {
    if (typeof token === 'function') return token;
    if (token === 'service-token')
      return () => service.serviceCredential('prod');
    return () => token;
  };
  const relay = (signal: AbortSignal, token: string | (() => string)) =>
    (service as any).relayPhases(
      'inv-1',
      'prod',
      client,
      credential(token),
      'rr-1',
      signal,
    ) as Promise<void>;
  return { service, stored, connections, relay };
}

const update = (
  phase: string,
  metadata: Record<string, unknown> = {},
  final = false,
) => ({
  rr_id: 'rr-1',
  phase,
  timestamp: '2026-01-01T10:00:00Z',
  final,
  metadata,
});

const until = async (check: () => boolean, ms = 3_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise(r => setTimeout(r, 10));
  }
};

describe('InvestigationService.relayPhases', () => {
  // pkg/apifrontend/handler/status_handler.go: unknown RR -> HTTP 400, -32001 rr_not_found
  it('stops for a remediation API Frontend does not know', async () => {
    const { relay, connections } = setup([
      {
        error: new RemediationNotFoundError('unknown', 400, -32001),
      },
    ]);
    await relay(new AbortController().signal, 'service-token');
    expect(connections).toHaveLength(1);
  });

  it('stops on any other 400 (a request API Frontend will never take)', async () => {
    const { relay, connections } = setup([
      { error: new ApiFrontendError('invalid_params', 400, -32602) },
    ]);
    await relay(new AbortController().signal, 'service-token');
    expect(connections).toHaveLength(1);
  });

  // pkg/apifrontend/handler/status_handler.go writeStatusClosing, auth/middleware.go
  it('reconnects at once with a fresh credential after status/closing', async () => {
    const { relay, connections, stored } = setup(
      [
        {
          updates: [update('Executing', { workflow_id: 'wf-1' })],
          then: new StatusStreamClosingError('token_expiry', true),
        },
        { updates: [update('Executing'), update('Completed', {}, true)] },
      ],
      ['service-token', 'rotated-token'],
    );
    const started = Date.now();
    await relay(new AbortController().signal, 'service-token');
    expect(connections.map(c => c.token)).toEqual([
      'service-token',
      'rotated-token',
    ]);
    // No backoff (the first retry after a drop waits 1 s).
    expect(connections[1].at - connections[0].at).toBeLessThan(500);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(stored.map(u => u.phase)).toEqual(['Executing', 'Completed']);
  });

  it('calls a credential getter again on every connection', async () => {
    const { relay, connections } = setup([
      {
        updates: [update('Analyzing')],
        then: new StatusStreamClosingError('token_expiry', true),
      },
      { updates: [update('Completed', {}, true)] },
    ]);
    let n = 0;
    await relay(new AbortController().signal, () => `user-token-${++n}`);
    expect(connections.map(c => c.token)).toEqual([
      'user-token-1',
      'user-token-2',
    ]);
  });

  it('keeps a user token it cannot refresh', async () => {
    const { relay, connections } = setup([
      {
        updates: [update('Analyzing')],
        then: new StatusStreamClosingError('token_expiry', true),
      },
      { updates: [update('Completed', {}, true)] },
    ]);
    await relay(new AbortController().signal, 'user-token');
    expect(connections.map(c => c.token)).toEqual(['user-token', 'user-token']);
  });

  // pkg/apifrontend/handler/status_handler.go handleEAWatchEvent: same-phase updates in Verifying
  it('relays same-phase Verifying updates with new verification steps, and drops exact repeats after a reconnect', async () => {
    const steps = [
      {
        step: 'stabilization_elapsed',
        message: 'Stabilization window elapsed',
        data: {
          step_status: 'completed',
          detail: 'Stabilization window elapsed',
        },
      },
    ];
    const verifying = {
      verification_deadline: '2026-01-01T10:30:00Z',
      ea_phase: 'Stabilizing',
      stabilization_deadline: '2026-01-01T10:07:00Z',
    };
    const { relay, stored } = setup([
      {
        updates: [
          update('Verifying', verifying),
          update('Verifying', {
            ...verifying,
            ea_phase: 'Assessing',
            verification_steps: steps,
          }),
        ],
        then: new StreamDroppedError('cut'),
      },
      {
        updates: [
          update('Verifying', { ...verifying, ea_phase: 'Assessing' }),
          update('Completed', { outcome: 'Remediated' }, true),
        ],
      },
    ]);
    const controller = new AbortController();
    const done = relay(controller.signal, 'service-token');
    await until(() => stored.length === 3);
    await done;
    expect(stored.map(u => u.phase)).toEqual([
      'Verifying',
      'Verifying',
      'Completed',
    ]);
    // The per-phase metadata is stored named, with the verification steps.
    expect(stored[0]).toEqual({
      phase: 'Verifying',
      final: false,
      details: {
        verificationDeadline: '2026-01-01T10:30:00Z',
        effectivenessPhase: 'Stabilizing',
        stabilizationDeadline: '2026-01-01T10:07:00Z',
      },
      verificationSteps: [],
    });
    expect(stored[1].details.effectivenessPhase).toBe('Assessing');
    expect(stored[1].verificationSteps).toEqual([
      {
        step: 'stabilization_elapsed',
        status: 'completed',
        detail: 'Stabilization window elapsed',
      },
    ]);
    expect(stored[2]).toEqual({
      phase: 'Completed',
      final: true,
      details: { outcome: 'Remediated' },
      verificationSteps: [],
    });
  });

  it('retries a dropped stream with backoff', async () => {
    const { relay, connections } = setup([
      { updates: [update('Analyzing')], then: new StreamDroppedError('cut') },
      { updates: [update('Completed', {}, true)] },
    ]);
    await relay(new AbortController().signal, 'service-token');
    expect(connections).toHaveLength(2);
    expect(connections[1].at - connections[0].at).toBeGreaterThanOrEqual(900);
  });
});
