import type { KubeObject } from '../../../kube/ObjectStore';
import { rfc3339 } from '../../responses';
import {
  nameFrom,
  resourceNameError,
  str,
  toolErrors,
  userFriendly,
  type McpToolDefinition,
} from '../McpTool';
import { optional, string, struct } from '../schema';

interface RarSpec {
  remediationRequestRef?: { name?: string };
  aiAnalysisRef?: { name?: string };
  confidence?: number;
  confidenceLevel?: string;
  reason?: string;
  investigationSummary?: string;
  whyApprovalRequired?: string;
  recommendedWorkflow?: { workflowId?: string; version?: string };
  recommendedActions?: Array<{ action?: string; rationale?: string }>;
  evidenceCollected?: string[];
  alternativesConsidered?: Array<{ approach?: string; prosCons?: string }>;
  requiredBy?: string;
}

interface RarStatus {
  decision?: string;
  decidedBy?: string;
  decidedAt?: string;
  timeRemaining?: string;
  expired?: boolean;
}

function parts(rar: KubeObject): { spec: RarSpec; status: RarStatus } {
  return {
    spec: (rar.spec ?? {}) as RarSpec,
    status: (rar.status ?? {}) as RarStatus,
  };
}

/** RFC 3339 in seconds, as Go formats a `metav1.Time`. */
function time(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? value : rfc3339(new Date(at));
}

/** Upstream `matchesDecisionFilter`: case-insensitive; "pending" means no decision yet. */
function matchesDecision(actual: string, filter: string | undefined) {
  if (!filter) return true;
  if (filter.toLowerCase() === 'pending') return actual === '';
  return actual.toLowerCase() === filter.toLowerCase();
}

export const listApprovalRequests: McpToolDefinition = {
  name: 'kubernaut_list_approval_requests',
  description:
    'List remediation approval requests with optional filtering by decision status',
  inputSchema: struct({ decision: optional(string()) }),
  handler(args, ctx) {
    const filter = str(args, 'decision');
    const items = ctx.port
      .listApprovalRequests()
      .filter(rar => matchesDecision(parts(rar).status.decision ?? '', filter))
      .map(rar => {
        const { spec, status } = parts(rar);
        const requiredBy = time(spec.requiredBy);
        return {
          name: rar.metadata.name,
          namespace: ctx.port.namespace,
          decision: status.decision || 'Pending',
          remediation_request: spec.remediationRequestRef?.name ?? '',
          confidence: spec.confidence ?? 0,
          confidence_level: spec.confidenceLevel ?? '',
          ...(status.timeRemaining
            ? { time_remaining: status.timeRemaining }
            : {}),
          ...(requiredBy ? { required_by: requiredBy } : {}),
        };
      });
    return { approval_requests: items, count: items.length };
  },
};

export const getApprovalRequest: McpToolDefinition = {
  name: 'kubernaut_get_approval_request',
  description: 'Get full details of a specific remediation approval request',
  inputSchema: struct({
    name: optional(string()),
    rar_id: optional(string()),
  }),
  handler(args, ctx) {
    const name = nameFrom(str(args, 'rar_id'), str(args, 'name'), 'rar_id');
    const invalid = resourceNameError(name);
    if (invalid) throw toolErrors.invalidInput(invalid);
    const rar = ctx.port.getApprovalRequest(name);
    if (!rar) throw toolErrors.notFound();
    const { spec, status } = parts(rar);
    const requiredBy = time(spec.requiredBy);
    const decidedAt = time(status.decidedAt);
    return {
      name: rar.metadata.name,
      namespace: ctx.port.namespace,
      remediation_request: spec.remediationRequestRef?.name ?? '',
      ai_analysis: spec.aiAnalysisRef?.name ?? '',
      confidence: spec.confidence ?? 0,
      confidence_level: spec.confidenceLevel ?? '',
      reason: spec.reason ?? '',
      investigation_summary: spec.investigationSummary ?? '',
      why_approval_required: spec.whyApprovalRequired ?? '',
      recommended_workflow: {
        name: spec.recommendedWorkflow?.workflowId ?? '',
        ...(spec.recommendedWorkflow?.version
          ? { version: spec.recommendedWorkflow.version }
          : {}),
      },
      recommended_actions: (spec.recommendedActions ?? []).map(a => ({
        action: a.action ?? '',
        ...(a.rationale ? { rationale: a.rationale } : {}),
      })),
      evidence_collected: spec.evidenceCollected ?? [],
      alternatives_considered: (spec.alternativesConsidered ?? []).map(a => ({
        approach: a.approach ?? '',
        ...(a.prosCons ? { pros_cons: a.prosCons } : {}),
      })),
      ...(requiredBy ? { required_by: requiredBy } : {}),
      decision: status.decision || 'Pending',
      ...(status.decidedBy ? { decided_by: status.decidedBy } : {}),
      ...(decidedAt ? { decided_at: decidedAt } : {}),
      ...(status.timeRemaining ? { time_remaining: status.timeRemaining } : {}),
      expired: status.expired ?? false,
    };
  },
};

/**
 * `kubernaut_approve` (upstream `tools/crd_tools.go` HandleApprove): a merge patch of the
 * request's status as API Frontend's service account, naming the authenticated user, which the
 * admission webhook keeps as `decidedBy` (with `decidedVia`).
 */
export const approve: McpToolDefinition = {
  name: 'kubernaut_approve',
  description: 'Approve a remediation action',
  inputSchema: struct({
    rar_name: string(),
    decision: string(),
    reason: optional(string()),
    workflow_override: optional(string()),
  }),
  handler(args, ctx) {
    const rarName = (args.rar_name as string) ?? '';
    const decision = (args.decision as string) ?? '';
    const invalid = resourceNameError(rarName);
    if (invalid) throw toolErrors.invalidInput(invalid);
    if (!decision) throw toolErrors.invalidInput('decision must not be empty');
    if (decision !== 'Approved' && decision !== 'Rejected')
      throw toolErrors.invalidInput(
        `decision ${JSON.stringify(
          decision,
        )} is not valid; must be exactly one of: Approved, Rejected`,
      );
    if (!ctx.port.getApprovalRequest(rarName)) throw toolErrors.notFound();
    const override = str(args, 'workflow_override');
    try {
      ctx.port.decideApproval(rarName, {
        decision,
        decidedBy: ctx.user.username,
        reason: str(args, 'reason'),
        ...(override
          ? {
              workflowOverride: {
                workflowName: override,
                rationale: 'User override via kubernaut_approve',
              },
            }
          : {}),
      });
    } catch (error) {
      throw userFriendly(error);
    }
    return {
      status: decision,
      message: `Remediation approval ${decision} by ${ctx.user.username}`,
    };
  },
};
