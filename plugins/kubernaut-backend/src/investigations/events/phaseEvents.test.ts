import { phaseEvent } from './phaseEvents';

/** Status updates as upstream's status stream sends them (`pkg/apifrontend/handler/status_types.go`). */
describe('phaseEvent', () => {
  it('names the per-phase metadata and reads the verification steps', () => {
    expect(
      phaseEvent({
        phase: 'Verifying',
        final: false,
        metadata: {
          namespace: 'demo',
          target: 'Deployment/api',
          started_at: '2026-12-02T10:00:00Z',
          ea_phase: 'Assessing',
          stabilization_deadline: '2026-12-02T10:05:00Z',
          verification_deadline: '2026-12-02T10:30:00Z',
          verification_steps: [
            {
              step: 'stabilization_elapsed',
              message: 'Stabilization window elapsed',
              data: {
                step_status: 'completed',
                detail: 'Stabilization window elapsed',
              },
            },
            {
              step: 'health_assessed',
              message: 'Health assessed',
              data: { step_status: 'completed', score: 1 },
            },
          ],
        },
      }),
    ).toEqual({
      phase: 'Verifying',
      final: false,
      details: {
        startedAt: '2026-12-02T10:00:00Z',
        effectivenessPhase: 'Assessing',
        stabilizationDeadline: '2026-12-02T10:05:00Z',
        verificationDeadline: '2026-12-02T10:30:00Z',
      },
      verificationSteps: [
        {
          step: 'stabilization_elapsed',
          status: 'completed',
          detail: 'Stabilization window elapsed',
        },
        {
          step: 'health_assessed',
          status: 'completed',
          detail: 'Health assessed',
          score: 1,
        },
      ],
    });
  });

  it('keeps what ends, blocks and skips a remediation', () => {
    expect(
      phaseEvent({
        phase: 'Failed',
        final: true,
        metadata: { failure_reason: 'job failed', failure_phase: 'Executing' },
      }).details,
    ).toEqual({ failureReason: 'job failed', failurePhase: 'Executing' });
    expect(
      phaseEvent({
        phase: 'Blocked',
        metadata: {
          block_reason: 'ConsecutiveFailures',
          block_message: 'three failures in a row',
          blocked_until: '2026-12-02T11:00:00Z',
        },
      }).details,
    ).toEqual({
      blockReason: 'ConsecutiveFailures',
      blockMessage: 'three failures in a row',
      blockedUntil: '2026-12-02T11:00:00Z',
    });
    expect(
      phaseEvent({ phase: 'Skipped', metadata: { skip_reason: 'duplicate' } })
        .details,
    ).toEqual({ skipReason: 'duplicate' });
  });

  it('survives a malformed update', () => {
    expect(phaseEvent({ phase: 42, metadata: [] })).toEqual({
      phase: 'Unknown',
      final: false,
      details: {},
      verificationSteps: [],
    });
  });
});
