import type { DataStorageEvent } from '../clients/DataStorageClient';
import { endedFromEvent, isRemediationEnding } from './FleetService';

/**
 * Fleet history reads the orchestrator's terminal events as upstream writes them
 * (`pkg/remediationorchestrator/audit/manager.go`; shapes as in a live v1.5 capture).
 */
function lifecycleCompleted(
  overrides: Partial<DataStorageEvent> & {
    event_data: Record<string, unknown>;
  },
): DataStorageEvent {
  return {
    event_id: 'e-1',
    event_type: 'orchestrator.lifecycle.completed',
    event_category: 'orchestration',
    event_action: 'completed',
    event_outcome: 'success',
    event_timestamp: '2026-11-20T10:00:00Z',
    actor_type: 'service',
    actor_id: 'remediationorchestrator-controller',
    correlation_id: 'rr-a46194c375c3-e7161c3e',
    ...overrides,
  };
}

describe('fleet history from Data Storage', () => {
  it('reads a success: outcome Success, the CRD outcome from crd_outcome, duration_ms', () => {
    const ended = endedFromEvent(
      lifecycleCompleted({
        duration_ms: 1221457,
        event_data: {
          outcome: 'Success',
          crd_outcome: 'Remediated',
          duration_ms: 1221457,
        },
      }),
    );
    expect(ended).toMatchObject({
      failed: false,
      outcome: 'Remediated',
      seconds: 1221.457,
    });
  });

  it('counts lifecycle.completed with event_outcome failure as a failure, not a success', () => {
    const ended = endedFromEvent(
      lifecycleCompleted({
        event_outcome: 'failure',
        event_data: {
          outcome: 'Failed',
          duration_ms: 4200,
          failure_phase: 'WorkflowExecution',
        },
      }),
    );
    expect(ended).toMatchObject({ failed: true, seconds: 4.2 });
    expect(ended.outcome).toBeUndefined();
  });

  it('counts a timeout (failure, no outcome in event_data) as a failure', () => {
    const ended = endedFromEvent(
      lifecycleCompleted({
        event_outcome: 'failure',
        event_data: { duration_ms: 3_600_000, failure_phase: 'AIAnalysis' },
      }),
    );
    expect(ended.failed).toBe(true);
  });

  it('skips the retention_cleanup event written when an RR is deleted', () => {
    const cleanup = lifecycleCompleted({
      event_action: 'retention_cleanup',
      event_data: { duration_ms: 10 },
    });
    expect(isRemediationEnding(cleanup)).toBe(false);
    expect(
      isRemediationEnding(
        lifecycleCompleted({ event_data: { outcome: 'Success' } }),
      ),
    ).toBe(true);
  });
});
