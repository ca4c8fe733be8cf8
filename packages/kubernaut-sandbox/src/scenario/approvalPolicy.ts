/** The inputs Kubernaut's Rego approval policy (`aianalysis.approval`) sees. */
export interface PolicyInput {
  environment: string;
  confidence: number;
  remediationTargetKind?: string;
  warnings: string[];
}

export interface PolicyDecision {
  requireApproval: boolean;
  reason: string;
  matchedRules: string[];
  decision: 'Approved' | 'ManualReviewRequired';
  policyName: string;
  policyHash: string;
}

const SENSITIVE_KINDS = ['Node', 'StatefulSet'];
const CONFIDENCE_THRESHOLD = 0.8;

/**
 * The demo default policy: sensitive kinds always need approval, so do a missing remediation
 * target, any LLM warning, production (the demo's "production always" patch), and any selection
 * below the 0.8 confidence threshold.
 */
export function evaluateApprovalPolicy(input: PolicyInput): PolicyDecision {
  const matched: string[] = [];
  if (!input.remediationTargetKind) matched.push('missing_remediation_target');
  else if (SENSITIVE_KINDS.includes(input.remediationTargetKind))
    matched.push(`sensitive_kind_${input.remediationTargetKind.toLowerCase()}`);
  if (input.warnings.length > 0) matched.push('llm_warnings_present');
  if (input.environment.toLowerCase() === 'production')
    matched.push('production_environment');
  if (input.confidence < CONFIDENCE_THRESHOLD)
    matched.push('confidence_below_threshold');
  const requireApproval = matched.length > 0;
  const reasons: Record<string, string> = {
    missing_remediation_target: 'no remediation target identified',
    llm_warnings_present: 'the analysis raised warnings',
    production_environment: 'production environment requires manual approval',
    confidence_below_threshold: `confidence ${input.confidence.toFixed(
      2,
    )} is below the ${CONFIDENCE_THRESHOLD} threshold`,
  };
  return {
    requireApproval,
    reason: requireApproval
      ? matched
          .map(
            m =>
              reasons[m] ??
              `${input.remediationTargetKind} is a sensitive resource kind`,
          )
          .join('; ')
      : 'Auto-approved',
    matchedRules: matched,
    decision: requireApproval ? 'ManualReviewRequired' : 'Approved',
    policyName: 'approval-policy',
    policyHash:
      'sha256:4f1c2b7e9d0a8c3e5b6f7a1d2c3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e',
  };
}
