import type { UserInfo } from './auth';
import type { KubeObject, ObjectStore } from './ObjectStore';
import { RESOURCE_TYPES, type ResourceType } from './resources';
import { KubeError, kubeErrors } from './status';

export interface AdmissionContext {
  user: UserInfo;
  store: ObjectStore;
  now: () => Date;
  /** Service accounts whose `decidedBy` is kept (they authenticated the human themselves). */
  trustedIntermediaries: string[];
}

const RAR_WEBHOOK = 'remediationapprovalrequest.mutate.kubernaut.ai';
const DECISIONS = ['Approved', 'Rejected', 'Expired'];
function denied(message: string): KubeError {
  return new KubeError(
    403,
    'Forbidden',
    `admission webhook "${RAR_WEBHOOK}" denied the request: ${message}`,
  );
}

function sameJson(a: unknown, b: unknown) {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Rejects spec changes on kinds whose spec Kubernaut declares immutable. */
export function admitSpecChange(
  type: ResourceType,
  current: KubeObject,
  next: KubeObject,
) {
  if (type.immutableSpec && !sameJson(current.spec, next.spec)) {
    throw kubeErrors.invalid(
      { group: type.group, plural: type.plural, name: current.metadata.name },
      type.kind,
      [
        {
          field: 'spec',
          message: 'Invalid value: "object": spec is immutable',
        },
      ],
    );
  }
}

/**
 * Kubernaut's AuthWebhook rules for a status write on a RemediationApprovalRequest: the first
 * decision wins and is attributed to the effective caller (or, for a trusted intermediary, to the
 * human it names, with `decidedVia` set); overrides must name an Active RemediationWorkflow.
 */
export function admitApprovalStatus(
  current: KubeObject,
  next: KubeObject,
  ctx: AdmissionContext,
): KubeObject {
  const oldStatus = (current.status ?? {}) as Record<string, unknown>;
  const newStatus = (next.status ?? {}) as Record<string, unknown>;
  const oldDecision = (oldStatus.decision as string) ?? '';
  const newDecision = (newStatus.decision as string) ?? '';

  // "Decision already attributed": a write over a decided request passes unchanged, neither
  // refused nor attributed (pkg/authwebhook/remediationapprovalrequest_handler.go). Exactly one
  // decision is the writer's business (resourceVersion, or the console's own claim).
  if (oldDecision) return next;
  if (!newDecision) return next;
  if (!DECISIONS.includes(newDecision)) {
    throw denied(
      `invalid decision "${newDecision}": must be one of Approved, Rejected, Expired`,
    );
  }
  // Expired by "system" passes as written, whoever writes it; otherwise it is attributed.
  if (newDecision === 'Expired' && newStatus.decidedBy === 'system')
    return next;

  const override = newStatus.workflowOverride as
    | { workflowName?: string }
    | undefined;
  if (override) {
    if (newDecision !== 'Approved')
      throw denied('workflowOverride is only valid with decision Approved');
    if (override.workflowName) {
      const workflow = ctx.store.get(
        RESOURCE_TYPES.remediationWorkflows,
        current.metadata.namespace,
        override.workflowName,
      );
      const catalogStatus = (
        workflow?.object.status as { catalogStatus?: string } | undefined
      )?.catalogStatus;
      if (!workflow)
        throw denied(
          `override workflow "${override.workflowName}" not found in namespace ${current.metadata.namespace}`,
        );
      if (catalogStatus !== 'Active') {
        throw denied(
          `override workflow "${
            override.workflowName
          }" is not Active (catalogStatus ${catalogStatus ?? 'unknown'})`,
        );
      }
    }
  }

  const delegated =
    ctx.trustedIntermediaries.includes(ctx.user.username) &&
    typeof newStatus.decidedBy === 'string' &&
    newStatus.decidedBy !== '';
  const status: Record<string, unknown> = {
    ...newStatus,
    decidedBy: delegated ? newStatus.decidedBy : ctx.user.username,
    decidedAt: ctx.now().toISOString(),
  };
  if (delegated) status.decidedVia = ctx.user.username;
  else delete status.decidedVia;
  return { ...next, status };
}
