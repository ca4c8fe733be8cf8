import { RESOURCE_TYPES } from '../../kube/resources';
import { evaluateApprovalPolicy, type PolicyDecision } from '../approvalPolicy';
import { bundleOf } from '../catalog';
import { condition, workflowRefFor } from '../objects';
import type { PresentedOption } from './investigation';
import { completeRemediation, completeWithManualReview } from './outcome';
import {
  confidenceLevel,
  display,
  iso,
  type ChosenWorkflow,
  type RunContext,
} from './RunContext';

/** The workflow the investigation settled on, as its result reaches AIAnalysis. */
export interface WorkflowSelection {
  selected: PresentedOption;
  confidence: number;
  /** The AIAnalysis' `selectedWorkflow.rationale`. */
  rationale: string;
  parameters: Record<string, string>;
  /** What the WorkflowExecution carries as its rationale. */
  executionRationale: string;
}

/** The agent's own pick: its recommendation, as an autonomous investigation returns it. */
export function recommendedSelection(
  run: RunContext,
  options: PresentedOption[],
): WorkflowSelection | undefined {
  const selected = options[0];
  if (!selected) return undefined;
  return {
    selected,
    confidence: selected.option.confidence,
    rationale: `${selected.option.description}. ${run.scenario.rca.summary}`,
    parameters: selected.option.parameters,
    executionRationale: selected.option.description,
  };
}

const USER_SELECTED = 'User-selected via interactive mode';

/**
 * The driver's pick, as KA's select_workflow builds the final result
 * (`internal/kubernautagent/mcp/tools/select_workflow.go` buildFinalResult): the confidence of
 * discovery's recommendation, the parameters discovery resolved for the chosen workflow plus
 * the TARGET_RESOURCE_* ones KA injects from the remediation target.
 */
export function userSelection(
  run: RunContext,
  options: PresentedOption[],
  selected: PresentedOption,
): WorkflowSelection {
  const target = run.rcaTarget;
  return {
    selected,
    confidence: options[0]?.option.confidence || selected.option.confidence,
    rationale: USER_SELECTED,
    parameters: {
      ...selected.option.parameters,
      TARGET_RESOURCE_NAME: target.name,
      TARGET_RESOURCE_KIND: target.kind,
      TARGET_RESOURCE_NAMESPACE: target.namespace,
    },
    executionRationale: USER_SELECTED,
  };
}

/** A workflow to execute once a human approves it. */
export interface PendingApproval {
  selected: PresentedOption;
  confidence: number;
  policy: PolicyDecision;
  approvalContext: Record<string, unknown>;
}

export type AnalysisVerdict =
  | 'stop'
  | { chosen: ChosenWorkflow; approval?: PendingApproval };

/** The agent session ends and AIAnalysis takes its result into the Analyzing phase. */
export async function receiveInvestigationResult(run: RunContext) {
  run.writeAA(v => {
    v.phase = 'Analyzing';
    v.message = 'Evaluating the approval policy';
  });
  if (run.v16)
    run.patchStatus(RESOURCE_TYPES.agentSessions, `as-${run.rrName}`, st => ({
      ...st,
      phase: 'Completed',
      completedAt: iso(run.now()),
    }));
  await run.sleep(2);
}

/**
 * AIAnalysis concludes: manual review when no workflow fits, otherwise the Rego approval
 * policy decides whether the selected workflow needs a human approval; observe mode stops here.
 */
export async function concludeAnalysis(
  run: RunContext,
  options: PresentedOption[],
  selection: WorkflowSelection | undefined,
): Promise<AnalysisVerdict> {
  const s = run.scenario;
  const confidence = selection?.confidence ?? 0;
  const rca = {
    rootCause: s.rca.rootCause,
    rootCauseAnalysis: {
      summary: s.rca.summary,
      severity: s.signal.severity,
      signalType: s.signal.name,
      contributingFactors: s.rca.contributingFactors,
      remediationTarget: { ...run.rcaTarget },
    },
    actionability: 'Actionable',
    ...(selection
      ? {
          selectedWorkflow: {
            ...(workflowRefFor('v1.6', selection.selected.workflow) as object),
            confidence,
            rationale: selection.rationale,
            parameters: selection.parameters,
            selectedAt: iso(run.now()),
          },
          alternativeWorkflows: options.slice(1).map(o => ({
            workflowId: o.id,
            confidence: o.option.confidence,
            rationale: o.option.description,
            executionBundle: bundleOf(o.workflow).bundle,
          })),
        }
      : {}),
  };
  const metadata = {
    investigationId: run.aaName,
    investigationTime: Math.round(
      (run.now().getTime() - run.startedAt.getTime()) / 1000,
    ),
    warnings: [] as string[],
  };

  if (s.outcome === 'manual-review' || !selection) {
    run.writeAA(v => {
      Object.assign(v, {
        phase: 'Completed',
        completedAt: iso(run.now()),
        reason: 'WorkflowResolutionFailed',
        subReason: 'NoMatchingWorkflows',
        message: 'No workflow in the catalog matches; human review required',
        rcaResult: { ...rca, actionability: 'Actionable' },
        review: {
          needsHumanReview: true,
          humanReviewReason: s.humanReviewReason ?? 'no_matching_workflows',
        },
        approval: { approvalRequired: false },
        investigationMetadata: metadata,
      });
    });
    completeWithManualReview(
      run,
      s.humanReviewReason,
      'Manual review required: no matching workflow',
    );
    return 'stop';
  }

  const { selected } = selection;
  const policy = evaluateApprovalPolicy({
    environment: run.env.cluster.environment,
    confidence,
    remediationTargetKind: run.rcaTarget.kind,
    warnings: [],
  });
  const approvalContext = {
    reason: policy.reason,
    confidenceScore: confidence,
    confidenceLevel: confidenceLevel(confidence),
    investigationSummary: s.rca.summary,
    evidenceCollected: s.rca.evidence,
    recommendedActions: [
      { workflowId: selected.id, rationale: selected.option.description },
    ],
    alternativesConsidered: options.slice(1).map(o => ({
      approach: `${o.workflow.name}: ${o.option.description}`,
      prosCons: `confidence ${Math.round(o.option.confidence * 100)}%, risk ${
        o.option.risk
      }`,
    })),
    whyApprovalRequired: policy.reason,
    policyEvaluation: {
      policyName: policy.policyName,
      matchedRules: policy.matchedRules,
      decision: policy.decision,
      policyHash: policy.policyHash,
    },
  };
  run.writeAA(v => {
    Object.assign(v, {
      phase: 'Completed',
      completedAt: iso(run.now()),
      reason: 'AnalysisCompleted',
      message: 'Analysis complete',
      rcaResult: rca,
      approval: {
        approvalRequired: policy.requireApproval,
        approvalReason: policy.reason,
        ...(policy.requireApproval ? { approvalContext } : {}),
      },
      review: { needsHumanReview: false },
      investigationMetadata: metadata,
      postRCAContext: {
        setAt: iso(run.now()),
        detectedLabels: {
          gitOpsManaged: false,
          pdbProtected: false,
          hpaEnabled: run.rcaTarget.kind === 'HorizontalPodAutoscaler',
          stateful: run.rcaTarget.kind === 'StatefulSet',
          helmManaged: false,
          networkIsolated: false,
          resourceQuotaConstrained: false,
        },
      },
      conditions: [
        condition(
          'AnalysisComplete',
          'True',
          'AnalysisSucceeded',
          'Rego policy evaluation completed successfully',
          run.now(),
        ),
      ],
    });
  });
  run.rrCondition(
    'AIAnalysisComplete',
    'AIAnalysisSucceeded',
    'Analysis complete',
  );
  run.writeRR(v => {
    v.workflowSelection = {
      selectedWorkflowRef: {
        workflowId: selected.id,
        version: selected.workflow.version,
        executionBundle: bundleOf(selected.workflow).bundle,
        executionBundleDigest: bundleOf(selected.workflow).digest,
      },
      remediationTarget: { ...run.rcaTarget },
      targetDisplay: display(run.rcaTarget),
      signalTargetDisplay: display(s.target),
      workflowDisplayName: `${selected.workflow.actionType}:${selected.workflow.name}`,
      confidence: confidence.toFixed(2),
    };
  });
  run.audit({
    event_type: 'aianalysis.rego.evaluation',
    event_category: 'analysis',
    event_action: 'evaluated',
    actor_id: 'aianalysis',
    data: {
      require_approval: policy.requireApproval,
      matched_rules: policy.matchedRules,
      policy_hash: policy.policyHash,
    },
  });
  run.audit({
    event_type: 'aianalysis.analysis.completed',
    event_category: 'analysis',
    event_action: 'completed',
    actor_id: 'aianalysis',
    data: {
      workflow_id: selected.id,
      workflow_name: selected.workflow.name,
      confidence,
    },
  });

  if (s.outcome === 'dry-run' || run.env.dryRun) {
    await run.narrate(
      `Observe mode: Kubernaut would run ${
        selected.workflow.name
      } (confidence ${Math.round(confidence * 100)}%). No action was taken.`,
    );
    completeRemediation(
      run,
      'DryRun',
      'Dry run: analysis recorded, no workflow executed',
    );
    return 'stop';
  }

  const chosen: ChosenWorkflow = {
    workflow: selected.workflow.name,
    parameters: selection.parameters,
    confidence,
    rationale: selection.executionRationale,
  };
  if (!policy.requireApproval) {
    await run.narrate(
      `Policy allows automatic execution. Running ${selected.workflow.name}.`,
    );
    return { chosen };
  }
  return {
    chosen,
    approval: { selected, confidence, policy, approvalContext },
  };
}
