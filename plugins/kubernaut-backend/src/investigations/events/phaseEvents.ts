import type {
  PhaseDetails,
  TranscriptEventPayloads,
  VerificationStepView,
} from '@kubernaut/plugin-kubernaut-common';
import { num, record, text } from './json';

function verificationSteps(value: unknown): VerificationStepView[] {
  return (Array.isArray(value) ? value : []).map(raw => {
    const step = record(raw);
    const data = record(step.data);
    return {
      step: text(step.step) ?? 'step',
      status: text(data.step_status),
      detail: text(step.message) ?? text(data.detail) ?? '',
      score: num(data.score),
    };
  });
}

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== ''),
  ) as T;

/**
 * A `status/update` of API Frontend's status stream as a phase event: its per-phase metadata
 * (upstream `handler/status_types.go` BuildPhaseMetadata) named, and its verification steps.
 */
export function phaseEvent(
  update: Record<string, unknown>,
): TranscriptEventPayloads['phase'] {
  const meta = record(update.metadata);
  const details: PhaseDetails = defined({
    workflowId: text(meta.workflow_id),
    startedAt: text(meta.started_at),
    outcome: text(meta.outcome),
    failureReason: text(meta.failure_reason),
    failurePhase: text(meta.failure_phase),
    blockReason: text(meta.block_reason),
    blockMessage: text(meta.block_message),
    blockedUntil: text(meta.blocked_until),
    skipReason: text(meta.skip_reason),
    approvalRequest: text(meta.approval_request_name),
    effectivenessPhase: text(meta.ea_phase),
    stabilizationDeadline: text(meta.stabilization_deadline),
    verificationDeadline: text(meta.verification_deadline),
  });
  return {
    phase: text(update.phase) ?? 'Unknown',
    final: update.final === true,
    details,
    verificationSteps: verificationSteps(meta.verification_steps),
  };
}
