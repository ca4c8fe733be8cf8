import type { NewAuditEvent } from './AuditLog';

/**
 * Audit events in the shapes upstream Kubernaut's controllers write them, so that the plugin
 * reads the sandbox's Data Storage exactly as it reads a real one:
 * - RemediationOrchestrator: `pkg/remediationorchestrator/audit/manager.go`;
 * - WorkflowExecution: `pkg/workflowexecution/audit/manager.go`;
 * - EffectivenessMonitor: `pkg/effectivenessmonitor/audit/manager.go`.
 * The correlation id is always the RemediationRequest's name; callers add it and the time.
 */
export type AuditDraft = Omit<NewAuditEvent, 'at' | 'correlation_id'>;

const ORCHESTRATOR = {
  event_category: 'orchestration',
  actor_type: 'service',
  actor_id: 'remediationorchestrator-controller',
} as const;

/** The `failure_phase` values the orchestrator's event schema admits; others are dropped. */
const FAILURE_PHASES = new Set([
  'SignalProcessing',
  'AIAnalysis',
  'WorkflowExecution',
  'Approval',
]);

/** How a remediation ended, as the orchestrator reports it in `orchestrator.lifecycle.completed`. */
export type RemediationEnding =
  | { kind: 'success'; crdOutcome: string }
  | { kind: 'failure'; failurePhase?: string; message: string }
  | { kind: 'timeout'; failurePhase?: string };

/**
 * The one event that ends a remediation, whatever the ending: a failure or a timeout is
 * `orchestrator.lifecycle.completed` with `event_outcome: failure` (upstream never emits
 * `orchestrator.lifecycle.failed`). `outcome` is Success/Failed; the CRD's outcome is `crd_outcome`.
 */
export function lifecycleCompleted(input: {
  rrName: string;
  namespace: string;
  durationMs: number;
  ending: RemediationEnding;
}): AuditDraft {
  const { ending } = input;
  const data: Record<string, unknown> = {
    rr_name: input.rrName,
    namespace: input.namespace,
    duration_ms: input.durationMs,
  };
  if (ending.kind === 'success') {
    data.outcome = 'Success';
    data.crd_outcome = ending.crdOutcome;
  } else {
    if (ending.kind === 'failure') data.outcome = 'Failed';
    if (ending.failurePhase && FAILURE_PHASES.has(ending.failurePhase))
      data.failure_phase = ending.failurePhase;
    if (ending.kind === 'failure')
      data.error_details = {
        message: `Remediation failed at phase '${
          ending.failurePhase ?? 'Unknown'
        }': ${ending.message}`,
        code: 'ERR_REMEDIATION_FAILED',
        component: 'remediationorchestrator',
        retry_possible: false,
      };
  }
  return {
    ...ORCHESTRATOR,
    event_type: 'orchestrator.lifecycle.completed',
    event_action: 'completed',
    event_outcome: ending.kind === 'success' ? 'success' : 'failure',
    resource_type: 'RemediationRequest',
    resource_id: input.rrName,
    duration_ms: input.durationMs,
    data,
  };
}

/** Written by the orchestrator before it creates the WorkflowExecution: the workflow's UUID, no name. */
export function workflowCreated(input: {
  rrName: string;
  namespace: string;
  workflowId: string;
  workflowVersion: string;
  actionType: string;
  targetResource: string;
}): AuditDraft {
  return {
    ...ORCHESTRATOR,
    event_type: 'remediation.workflow_created',
    event_action: 'workflow_created',
    event_outcome: 'success',
    resource_type: 'RemediationRequest',
    resource_id: input.rrName,
    data: {
      rr_name: input.rrName,
      namespace: input.namespace,
      workflow_id: input.workflowId,
      workflow_version: input.workflowVersion,
      action_type: input.actionType,
      target_resource: input.targetResource,
      signal_type: 'alert',
    },
  };
}

/** The WorkflowExecution controller's first event: the only one naming the workflow beside its id. */
export function workflowSelectionCompleted(input: {
  executionName: string;
  workflowId: string;
  workflowVersion: string;
  workflowName: string;
  containerImage: string;
  targetResource: string;
}): AuditDraft {
  return {
    event_type: 'workflowexecution.selection.completed',
    event_category: 'workflowexecution',
    event_action: 'completed',
    event_outcome: 'success',
    actor_type: 'service',
    actor_id: 'workflowexecution-controller',
    resource_type: 'WorkflowExecution',
    resource_id: input.executionName,
    data: {
      workflow_id: input.workflowId,
      workflow_version: input.workflowVersion,
      workflow_name: input.workflowName,
      container_image: input.containerImage,
      execution_name: input.executionName,
      phase: 'Pending',
      target_resource: input.targetResource,
    },
  };
}

const MONITOR = {
  event_category: 'effectiveness',
  actor_type: 'service',
  actor_id: 'effectivenessmonitor-controller',
  resource_type: 'EffectivenessAssessment',
} as const;

export type AssessedComponent = 'health' | 'alert' | 'metrics';

/** What every Effectiveness Monitor event's data starts with. */
function monitorData(
  input: { rrName: string; namespace: string; eaName: string },
  component: string,
) {
  return {
    correlation_id: input.rrName,
    namespace: input.namespace,
    ea_name: input.eaName,
    component,
    assessed: true,
  };
}

/** One component's score (0-1): the only place an assessment's scores reach the audit trail. */
export function effectivenessComponentAssessed(input: {
  rrName: string;
  namespace: string;
  eaName: string;
  component: AssessedComponent;
  score: number;
  details: string;
}): AuditDraft {
  return {
    ...MONITOR,
    event_type: `effectiveness.${input.component}.assessed`,
    event_action: 'assessed',
    event_outcome: 'success',
    resource_id: input.eaName,
    data: {
      ...monitorData(input, input.component),
      score: input.score,
      details: input.details,
    },
  };
}

export function effectivenessHashComputed(input: {
  rrName: string;
  namespace: string;
  eaName: string;
  preHash: string;
  postHash: string;
}): AuditDraft {
  return {
    ...MONITOR,
    event_type: 'effectiveness.hash.computed',
    event_action: 'computed',
    event_outcome: 'success',
    resource_id: input.eaName,
    data: {
      ...monitorData(input, 'hash'),
      details: 'spec hash computed',
      pre_remediation_spec_hash: input.preHash,
      post_remediation_spec_hash: input.postHash,
      hash_match: input.preHash === input.postHash,
    },
  };
}

/** The end of an assessment: its reason and what was assessed, and no score. */
export function effectivenessCompleted(input: {
  rrName: string;
  namespace: string;
  eaName: string;
  reason: string;
  signalName: string;
  componentsAssessed: string[];
  completedAt: Date;
  durationSeconds: number;
}): AuditDraft {
  return {
    ...MONITOR,
    event_type: 'effectiveness.assessment.completed',
    event_action: 'assessed',
    event_outcome: 'success',
    resource_id: input.eaName,
    data: {
      ...monitorData(input, 'completed'),
      reason: input.reason,
      details: `Assessment completed: ${input.reason}`,
      signal_name: input.signalName,
      components_assessed: input.componentsAssessed,
      completed_at: input.completedAt.toISOString(),
      assessment_duration_seconds: input.durationSeconds,
    },
  };
}
