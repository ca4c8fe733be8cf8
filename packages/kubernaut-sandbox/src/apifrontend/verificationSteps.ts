import type { KubeObject } from '../kube/ObjectStore';

/** One verification step of a `status/update` in Verifying (the #1427 console contract). */
export interface VerificationStep {
  step: string;
  message: string;
  data: Record<string, unknown>;
}

interface Components {
  hashComputed?: boolean;
  postRemediationSpecHash?: string;
  alertAssessed?: boolean;
  alertScore?: number | null;
  alertDecayRetries?: number;
  healthAssessed?: boolean;
  healthScore?: number | null;
  metricsAssessed?: boolean;
  metricsScore?: number | null;
}

function snapshot(ea: KubeObject | undefined): {
  phase: string;
  components: Components;
  signalName: string;
} {
  const status = (ea?.status ?? {}) as {
    phase?: string;
    components?: Components;
  };
  return {
    phase: status.phase ?? '',
    components: status.components ?? {},
    signalName: (ea?.spec as { signalName?: string })?.signalName ?? '',
  };
}

function completed(
  step: string,
  detail: string,
  extra: Record<string, unknown> = {},
): VerificationStep {
  return {
    step,
    message: detail,
    data: { step_status: 'completed', detail, ...extra },
  };
}

function scored(score: number | null | undefined): Record<string, unknown> {
  return typeof score === 'number' ? { score } : {};
}

/**
 * The verification steps between two observations of an EffectivenessAssessment, modelled on
 * upstream `DiffEASteps` (`pkg/apifrontend/tools/verification_step.go`): an EA phase change (the end of
 * stabilization has its own step), then each component that became assessed. `previous` is
 * undefined for the first observation, which then reports everything already set.
 */
export function diffVerificationSteps(
  previous: KubeObject | undefined,
  current: KubeObject,
): VerificationStep[] {
  const prev = snapshot(previous);
  const curr = snapshot(current);
  const p = prev.components;
  const c = curr.components;
  const steps: VerificationStep[] = [];
  if (curr.phase && curr.phase !== prev.phase) {
    if (
      curr.phase === 'Assessing' &&
      ['Stabilizing', 'Pending', ''].includes(prev.phase)
    ) {
      steps.push(
        completed('stabilization_elapsed', 'Stabilization window elapsed'),
      );
    } else {
      const detail = `EA phase: ${curr.phase}`;
      steps.push({
        step: 'phase_transition',
        message: detail,
        data: {
          phase: curr.phase,
          step_status: curr.phase === 'Failed' ? 'failed' : 'completed',
          detail,
          ...(prev.phase ? { previous_phase: prev.phase } : {}),
        },
      });
    }
  }
  if (!p.hashComputed && c.hashComputed) {
    const hash = c.postRemediationSpecHash;
    steps.push(
      completed(
        'spec_hash_computed',
        hash
          ? `Spec hash computed (${hash.slice(0, 12)})`
          : 'Spec hash comparison completed',
        hash ? { post_remediation_spec_hash: hash } : {},
      ),
    );
  }
  const retries = c.alertDecayRetries ?? 0;
  if (
    retries > 0 &&
    retries !== (p.alertDecayRetries ?? 0) &&
    !c.alertAssessed
  ) {
    const detail = curr.signalName
      ? `Waiting for ${curr.signalName} to clear (retry ${retries})`
      : `Waiting for alert to clear (retry ${retries})`;
    steps.push({
      step: 'alert_check',
      message: detail,
      data: { step_status: 'in_progress', detail, retry_count: retries },
    });
  }
  if (!p.alertAssessed && c.alertAssessed)
    steps.push(
      completed(
        'alert_check',
        'Alert resolution check completed',
        scored(c.alertScore),
      ),
    );
  if (!p.healthAssessed && c.healthAssessed)
    steps.push(
      completed(
        'health_check',
        'Health check completed',
        scored(c.healthScore),
      ),
    );
  if (!p.metricsAssessed && c.metricsAssessed)
    steps.push(
      completed(
        'metrics_check',
        'Metrics comparison completed',
        scored(c.metricsScore),
      ),
    );
  return steps;
}
