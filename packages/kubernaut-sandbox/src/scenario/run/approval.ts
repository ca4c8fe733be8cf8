import { RESOURCE_TYPES } from '../../kube/resources';
import { bundleOf } from '../catalog';
import { condition, remediationRequestRef } from '../objects';
import type { PendingApproval } from './analysis';
import { failRemediation, notify } from './outcome';
import {
  confidenceLevel,
  display,
  iso,
  type ChosenWorkflow,
  type DecisionOutcome,
  type RunContext,
} from './RunContext';

/** Kubernetes-style duration text, e.g. `14m30s`. */
function durationText(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(total / 60);
  return `${minutes}m${total % 60}s`;
}

/** The orchestrator's RemediationApprovalRequest, its notification, and AwaitingApproval. */
function requestApproval(
  run: RunContext,
  pending: PendingApproval,
  rarName: string,
  requiredBy: Date,
) {
  const s = run.scenario;
  const { selected, confidence, policy, approvalContext } = pending;
  const { bundle } = bundleOf(selected.workflow);
  const spec = {
    remediationRequestRef: remediationRequestRef(run.rr!),
    aiAnalysisRef: { name: run.aaName },
    ...run.clusterId(),
    confidence,
    confidenceLevel: confidenceLevel(confidence),
    reason: policy.reason,
    recommendedWorkflow: {
      workflowId: selected.id,
      version: selected.workflow.version,
      executionBundle: bundle,
      rationale: selected.option.description,
    },
    investigationSummary: s.rca.summary,
    evidenceCollected: s.rca.evidence,
    recommendedActions: [
      {
        action: selected.workflow.name,
        rationale: selected.option.description,
      },
    ],
    alternativesConsidered: approvalContext.alternativesConsidered,
    whyApprovalRequired: policy.reason,
    policyEvaluation: {
      policyName: policy.policyName,
      matchedRules: policy.matchedRules,
      decision: policy.decision,
      ...(run.v16 ? { policyHash: policy.policyHash } : {}),
    },
    requiredBy: iso(requiredBy),
  };
  run.create(RESOURCE_TYPES.remediationApprovalRequests, rarName, spec, {
    createdAt: iso(run.now()),
    timeRemaining: durationText(requiredBy.getTime() - run.now().getTime()),
    expired: false,
    conditions: [
      condition(
        'ApprovalPending',
        'True',
        'AwaitingDecision',
        'Waiting for a human decision',
        run.now(),
      ),
      condition(
        'ApprovalDecided',
        'False',
        'PendingDecision',
        'No decision yet',
        run.now(),
      ),
      condition(
        'ApprovalExpired',
        'False',
        'NotExpired',
        `Expires at ${iso(requiredBy)}`,
        run.now(),
      ),
    ],
  });
  notify(
    run,
    'Approval',
    'High',
    `Approval needed: ${selected.workflow.name} on ${display(run.rcaTarget)}`,
    `${s.rca.summary}\n\nWhy: ${policy.reason}`,
    'approval',
  );
  run.transition(
    'AwaitingApproval',
    `Waiting for approval of ${selected.workflow.name}`,
    {
      completionStatus: {
        ...(run.rrView.completionStatus as object),
        approvalNotificationSent: true,
      },
    },
  );
  run.rrCondition('Ready', 'ApprovalPending', 'Waiting for approval', 'False');
  run.audit({
    event_type: 'orchestrator.approval.requested',
    event_category: 'approval',
    event_action: 'requested',
    data: {
      rar_name: rarName,
      required_by: iso(requiredBy),
      workflow_id: selected.id,
      confidence,
    },
  });
  run.transcript.status(
    'input-required',
    'approval_request',
    JSON.stringify({
      name: rarName,
      namespace: run.env.namespace,
      remediationRequestName: run.rrName,
      confidence,
      confidenceLevel: confidenceLevel(confidence),
      reason: policy.reason,
      whyApprovalRequired: policy.reason,
      recommendedWorkflow: spec.recommendedWorkflow,
      investigationSummary: s.rca.summary,
      evidenceCollected: s.rca.evidence,
      recommendedActions: spec.recommendedActions,
      alternativesConsidered: spec.alternativesConsidered,
      policyEvaluation: spec.policyEvaluation,
      requiredBy: iso(requiredBy),
    }),
    run.now(),
  );
}

/** The decision as the request records it, in the conversation and the request's conditions. */
function recordDecision(
  run: RunContext,
  rarName: string,
  outcome: DecisionOutcome,
  status: Record<string, unknown>,
) {
  run.transcript.status(
    'working',
    'approval_request_resolved',
    JSON.stringify({
      name: rarName,
      decision: outcome.decision,
      decidedBy: status.decidedBy ?? outcome.decidedBy,
      decidedAt: status.decidedAt ?? iso(run.now()),
      decisionMessage: status.decisionMessage ?? outcome.message,
      workflowOverride: status.workflowOverride,
    }),
    run.now(),
  );
  const expired = outcome.decision === 'Expired';
  run.patchStatus(RESOURCE_TYPES.remediationApprovalRequests, rarName, st => ({
    ...st,
    timeRemaining: '0s',
    expired,
    reason: outcome.decision,
    conditions: [
      condition(
        'ApprovalPending',
        'False',
        'DecisionMade',
        'Decision recorded',
        run.now(),
      ),
      condition(
        'ApprovalDecided',
        expired ? 'False' : 'True',
        expired ? 'Timeout' : outcome.decision,
        `Decision: ${outcome.decision}`,
        run.now(),
      ),
      condition(
        'ApprovalExpired',
        expired ? 'True' : 'False',
        expired ? 'Timeout' : 'NotExpired',
        expired ? 'Approval deadline passed' : 'Decided in time',
        run.now(),
      ),
    ],
  }));
}

/**
 * The approval gate: waits for a human (or the scripted operator, or the deadline). Returns the
 * workflow to run, the operator's override if any, or 'stop' when rejected or expired.
 */
export async function awaitApproval(
  run: RunContext,
  pending: PendingApproval,
  chosen: ChosenWorkflow,
): Promise<ChosenWorkflow | 'stop'> {
  const s = run.scenario;
  const rarName = `rar-${run.rrName}`;
  const minutes = s.approvalMinutes ?? 15;
  const requiredBy = run.env.clock.later(minutes * 60);
  requestApproval(run, pending, rarName, requiredBy);

  const outcome = await run.env.awaitDecision(
    rarName,
    requiredBy,
    s.scripted,
    run.env.clock,
  );
  const rar = run.get(RESOURCE_TYPES.remediationApprovalRequests, rarName);
  const status = (rar?.status ?? {}) as Record<string, unknown>;
  recordDecision(run, rarName, outcome, status);
  const decidedBy = (status.decidedBy as string) ?? outcome.decidedBy;

  if (outcome.decision !== 'Approved') {
    const expired = outcome.decision === 'Expired';
    const reason = expired
      ? 'approval request expired (timeout)'
      : outcome.message || 'Rejected by operator';
    run.audit({
      event_type: expired
        ? 'orchestrator.approval.expired'
        : 'orchestrator.approval.rejected',
      event_category: 'approval',
      event_action: expired ? 'expired' : 'rejected',
      actor_type: expired ? 'system' : 'user',
      actor_id: decidedBy,
      data: { rar_name: rarName, reason },
    });
    await run.narrate(
      expired
        ? 'Nobody decided before the deadline; the approval request expired and no action was taken.'
        : `The remediation was rejected by ${
            status.decidedBy ?? outcome.decidedBy
          }: ${reason}`,
    );
    failRemediation(run, 'Approval', reason);
    return 'stop';
  }

  run.audit({
    event_type: 'orchestrator.approval.approved',
    event_category: 'approval',
    event_action: 'approved',
    actor_type: 'user',
    actor_id: decidedBy,
    data: {
      rar_name: rarName,
      workflow_override: outcome.override?.workflowName ?? null,
    },
  });
  const override =
    (status.workflowOverride as DecisionOutcome['override']) ??
    outcome.override;
  if (override?.workflowName) {
    const alternative = s.options.find(
      o => o.workflow === override.workflowName,
    );
    await run.narrate(
      `Approved by ${status.decidedBy ?? outcome.decidedBy} with ${
        override.workflowName
      } instead of ${chosen.workflow}.`,
    );
    return {
      workflow: override.workflowName,
      parameters: override.parameters ?? alternative?.parameters ?? {},
      confidence: alternative?.confidence ?? chosen.confidence,
      rationale: override.rationale ?? 'Operator override',
    };
  }
  if (override?.parameters) chosen.parameters = override.parameters;
  await run.narrate(
    `Approved by ${status.decidedBy ?? outcome.decidedBy}. Running ${
      chosen.workflow
    }.`,
  );
  return chosen;
}
