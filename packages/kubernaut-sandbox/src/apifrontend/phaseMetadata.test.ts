import type { KubeObject } from '../kube/ObjectStore';
import { buildPhaseMetadata, goDurationSeconds } from './phaseMetadata';
import { diffVerificationSteps } from './verificationSteps';

const rr = (status: Record<string, unknown>): KubeObject => ({
  apiVersion: 'kubernaut.ai/v1alpha1',
  kind: 'RemediationRequest',
  metadata: {
    name: 'rr-1',
    namespace: 'kubernaut-system',
    uid: 'u',
    resourceVersion: '1',
    creationTimestamp: '2026-01-01T10:00:00Z',
  },
  spec: {
    signalName: 'KubePodCrashLooping',
    targetResource: { kind: 'Deployment', name: 'web', namespace: 'demo' },
  },
  status,
});

const ea = (status: Record<string, unknown>): KubeObject => ({
  apiVersion: 'kubernaut.ai/v1alpha1',
  kind: 'EffectivenessAssessment',
  metadata: {
    name: 'ea-rr-1',
    namespace: 'kubernaut-system',
    uid: 'e',
    resourceVersion: '1',
    creationTimestamp: '2026-01-01T10:00:00Z',
  },
  spec: { signalName: 'KubePodCrashLooping' },
  status,
});

// pkg/apifrontend/handler/status_types.go BuildPhaseMetadata
describe('status stream phase metadata', () => {
  const identity = {
    namespace: 'demo',
    target: 'Deployment/web',
    kind: 'Deployment',
    alert_name: 'KubePodCrashLooping',
  };

  it('reads either status layout: main/v1.6 nested and v1.5 flat', () => {
    expect(
      buildPhaseMetadata(
        rr({
          overallPhase: 'Executing',
          selectedWorkflowRef: { workflowId: 'wf-1' },
          executingStartTime: '2026-01-01T10:01:00Z',
        }),
        undefined,
      ),
    ).toEqual({
      ...identity,
      workflow_id: 'wf-1',
      started_at: '2026-01-01T10:01:00Z',
    });
    expect(
      buildPhaseMetadata(
        rr({ overallPhase: 'TimedOut', timeoutPhase: 'Analyzing' }),
        undefined,
      ),
    ).toEqual({ ...identity, failure_phase: 'Analyzing' });
    expect(
      buildPhaseMetadata(
        rr({
          overallPhase: 'TimedOut',
          completionStatus: { timeoutPhase: 'Executing' },
        }),
        undefined,
      ),
    ).toEqual({ ...identity, failure_phase: 'Executing' });
    expect(
      buildPhaseMetadata(
        rr({
          overallPhase: 'Skipped',
          routingStatus: { skipReason: 'RecentlyRemediated' },
        }),
        undefined,
      ),
    ).toEqual({ ...identity, skip_reason: 'RecentlyRemediated' });
    expect(
      buildPhaseMetadata(
        rr({ overallPhase: 'Completed', outcome: 'Remediated' }),
        undefined,
      ),
    ).toEqual({ ...identity, outcome: 'Remediated' });
  });

  it('adds only the identity for phases without their own metadata, and omits empty fields', () => {
    expect(
      buildPhaseMetadata(rr({ overallPhase: 'Analyzing' }), undefined),
    ).toEqual(identity);
    expect(
      buildPhaseMetadata(rr({ overallPhase: 'Blocked' }), undefined),
    ).toEqual(identity);
  });

  it('takes the EA phase and the written prometheusCheckAfter in Verifying', () => {
    expect(
      buildPhaseMetadata(
        rr({ overallPhase: 'Verifying' }),
        ea({
          phase: 'Stabilizing',
          prometheusCheckAfter: '2026-01-01T10:07:00Z',
        }),
      ),
    ).toEqual({
      ...identity,
      ea_phase: 'Stabilizing',
      stabilization_deadline: '2026-01-01T10:07:00Z',
    });
  });

  it('reads Go durations', () => {
    expect(goDurationSeconds('120s')).toBe(120);
    expect(goDurationSeconds('5m0s')).toBe(300);
    expect(goDurationSeconds('1h30m')).toBe(5400);
    expect(goDurationSeconds('soon')).toBeUndefined();
  });
});

// pkg/apifrontend/tools/verification_step.go DiffEASteps
describe('verification steps', () => {
  it('reports everything already set on a first observation', () => {
    expect(
      diffVerificationSteps(
        undefined,
        ea({ phase: 'Assessing', components: { healthAssessed: true } }),
      ).map(s => s.step),
    ).toEqual(['stabilization_elapsed', 'health_check']);
  });

  it('reports an alert still firing as an in-progress alert check, and a failed EA as failed', () => {
    expect(
      diffVerificationSteps(
        ea({ phase: 'Assessing', components: {} }),
        ea({ phase: 'Assessing', components: { alertDecayRetries: 2 } }),
      ),
    ).toEqual([
      {
        step: 'alert_check',
        message: 'Waiting for KubePodCrashLooping to clear (retry 2)',
        data: {
          step_status: 'in_progress',
          detail: 'Waiting for KubePodCrashLooping to clear (retry 2)',
          retry_count: 2,
        },
      },
    ]);
    expect(
      diffVerificationSteps(
        ea({ phase: 'Assessing' }),
        ea({ phase: 'Failed' }),
      )[0].data,
    ).toEqual({
      phase: 'Failed',
      step_status: 'failed',
      detail: 'EA phase: Failed',
      previous_phase: 'Assessing',
    });
  });

  it('reports nothing when nothing changed', () => {
    const same = ea({
      phase: 'Completed',
      components: { healthAssessed: true },
    });
    expect(diffVerificationSteps(same, same)).toEqual([]);
  });
});
