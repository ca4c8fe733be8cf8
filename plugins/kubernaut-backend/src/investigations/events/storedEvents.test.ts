import { toInvestigationEvent } from './storedEvents';

const stored = (type: string, payload: unknown, seq = 1) => ({
  seq,
  type,
  payload,
  createdAt: '2026-12-01T10:00:00.123Z',
});

describe('toInvestigationEvent', () => {
  it('passes typed events through with their number and time', () => {
    expect(
      toInvestigationEvent(stored('agent-text', { text: 'hello' }, 7)),
    ).toEqual({
      seq: 7,
      type: 'agent-text',
      payload: { text: 'hello' },
      createdAt: '2026-12-01T10:00:00.123Z',
    });
  });

  it('reads a raw A2A frame stored before events were typed as the event that shows it', () => {
    expect(
      toInvestigationEvent(
        stored('a2a', {
          kind: 'status-update',
          status: {
            state: 'working',
            message: { parts: [{ kind: 'text', text: 'Checking' }] },
          },
          metadata: { type: 'reasoning' },
        }),
      ),
    ).toEqual(
      expect.objectContaining({
        type: 'agent-text',
        payload: { text: 'Checking' },
      }),
    );
    expect(
      toInvestigationEvent(
        stored('a2a', {
          kind: 'status-update',
          status: { state: 'completed' },
          final: true,
        }),
      ),
    ).toEqual(
      expect.objectContaining({
        type: 'agent-state',
        payload: expect.objectContaining({ state: 'completed' }),
      }),
    );
    expect(
      toInvestigationEvent(stored('a2a', { kind: 'status-update' })),
    ).toBeUndefined();
  });

  it('reads an old raw status update and an old history', () => {
    expect(
      toInvestigationEvent(
        stored('phase', {
          phase: 'Completed',
          final: true,
          metadata: { outcome: 'Remediated' },
        }),
      ),
    ).toEqual(
      expect.objectContaining({
        type: 'phase',
        payload: {
          phase: 'Completed',
          final: true,
          details: { outcome: 'Remediated' },
          verificationSteps: [],
        },
      }),
    );
    expect(
      toInvestigationEvent(
        stored('history', {
          remediation: 'rr-1',
          phase: 'AwaitingApproval',
          audit: [
            {
              type: 'gateway.signal.received',
              at: '2026-12-01T09:00:00Z',
              outcome: 'success',
            },
          ],
          auditStatus: 'ok',
          analysis: { summary: 'OOM', rootCause: 'limit too low' },
          approval: { name: 'rar-rr-1', requiredBy: '2026-12-01T11:00:00Z' },
        }),
      ),
    ).toEqual(
      expect.objectContaining({
        type: 'history',
        payload: {
          remediation: 'rr-1',
          phase: 'AwaitingApproval',
          events: [
            {
              type: 'gateway.signal.received',
              at: '2026-12-01T09:00:00Z',
              outcome: 'success',
            },
          ],
          unavailable: false,
          analysis: expect.objectContaining({
            summary: 'OOM',
            rootCause: 'limit too low',
          }),
          pendingApproval: {
            name: 'rar-rr-1',
            remediation: 'rr-1',
            requiredBy: '2026-12-01T11:00:00Z',
          },
        },
      }),
    );
  });
});
