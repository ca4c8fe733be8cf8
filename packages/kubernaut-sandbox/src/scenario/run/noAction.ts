import { RESOURCE_TYPES } from '../../kube/resources';
import { condition } from '../objects';
import { completeRemediation, completeWithManualReview } from './outcome';
import { iso, type RunContext } from './RunContext';

const OPERATOR_ESCALATION = 'operator_escalation';

/** The agent session completes with the driver's result (v1.6). */
function completeAgentSession(run: RunContext) {
  if (run.v16)
    run.patchStatus(RESOURCE_TYPES.agentSessions, `as-${run.rrName}`, st => ({
      ...st,
      phase: 'Completed',
      completedAt: iso(run.now()),
    }));
}

function rootCauseAnalysis(run: RunContext) {
  const s = run.scenario;
  return {
    summary: s.rca.summary,
    severity: s.signal.severity,
    signalType: s.signal.name,
    contributingFactors: s.rca.contributingFactors,
    remediationTarget: { ...run.rcaTarget },
  };
}

function investigationMetadata(run: RunContext, warnings: string[]) {
  return {
    investigationId: run.aaName,
    investigationTime: Math.round(
      (run.now().getTime() - run.startedAt.getTime()) / 1000,
    ),
    warnings,
  };
}

/**
 * Dismissed by the driver (complete_no_action without an escalation reason): KA returns a
 * not-actionable result, AIAnalysis completes WorkflowNotNeeded/NotActionable with the RCA
 * summary as its message (`pkg/aianalysis/handlers/response_processor.go`
 * handleNotActionableFromIncident), and the orchestrator completes the remediation
 * NoActionRequired with that message (`pkg/remediationorchestrator/handler/aianalysis.go`).
 */
export function dismissAsNotActionable(run: RunContext) {
  const message = run.scenario.rca.summary;
  completeAgentSession(run);
  run.writeAA(v => {
    Object.assign(v, {
      phase: 'Completed',
      completedAt: iso(run.now()),
      reason: 'WorkflowNotNeeded',
      subReason: 'NotActionable',
      message,
      rcaResult: {
        rootCauseAnalysis: rootCauseAnalysis(run),
        actionability: 'NotActionable',
      },
      review: { needsHumanReview: false },
      approval: { approvalRequired: false },
      investigationMetadata: investigationMetadata(run, [
        'Alert not actionable',
      ]),
      conditions: [
        condition(
          'AnalysisComplete',
          'True',
          'AnalysisSucceeded',
          'Analysis completed: no workflow needed, alert not actionable',
          run.now(),
        ),
      ],
    });
  });
  run.audit({
    event_type: 'aianalysis.analysis.completed',
    event_category: 'analysis',
    event_action: 'completed',
    actor_id: 'aianalysis',
    data: { reason: 'WorkflowNotNeeded', sub_reason: 'NotActionable' },
  });
  completeRemediation(run, 'NoActionRequired', message, {}, false);
}

/**
 * Escalated by the driver (complete_no_action with an escalation reason): KA asks for human
 * review (operator_escalation), AIAnalysis fails WorkflowResolutionFailed/OperatorEscalation
 * with an empty message (`response_processor.go` applyWorkflowResolutionFailureState), and with
 * no workflow selected the orchestrator completes the remediation ManualReviewRequired and
 * notifies (`aianalysis.go` handleHumanReviewRequired → handleManualReviewCompleted).
 */
export function escalateForManualReview(run: RunContext) {
  completeAgentSession(run);
  run.writeAA(v => {
    Object.assign(v, {
      phase: 'Failed',
      completedAt: iso(run.now()),
      reason: 'WorkflowResolutionFailed',
      subReason: 'OperatorEscalation',
      message: '',
      rcaResult: {
        rootCauseAnalysis: rootCauseAnalysis(run),
        actionability: 'Actionable',
      },
      review: {
        needsHumanReview: true,
        humanReviewReason: OPERATOR_ESCALATION,
      },
      approval: { approvalRequired: false },
      investigationMetadata: investigationMetadata(run, [
        `Human review required: ${OPERATOR_ESCALATION}`,
      ]),
      conditions: [
        condition(
          'AnalysisComplete',
          'False',
          'WorkflowResolutionFailed',
          `workflow resolution failed: ${OPERATOR_ESCALATION}`,
          run.now(),
        ),
      ],
    });
  });
  run.audit({
    event_type: 'aianalysis.analysis.failed',
    event_category: 'analysis',
    event_action: 'failed',
    event_outcome: 'failure',
    actor_id: 'aianalysis',
    data: {
      reason: 'WorkflowResolutionFailed',
      sub_reason: 'OperatorEscalation',
      error: `workflow resolution failed: ${OPERATOR_ESCALATION}`,
    },
  });
  completeWithManualReview(run, OPERATOR_ESCALATION, '');
}
