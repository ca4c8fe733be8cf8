import type { NotificationPayload } from '@backstage/plugin-notifications-common';
import type {
  ApprovalView,
  RemediationSummary,
  Severity,
} from '@kubernaut/plugin-kubernaut-common';

/** What a person is told about a remediation; one scope per story, so later news replaces it. */
export type NotificationEvent =
  | 'approval-requested'
  | 'approval-expiring'
  | 'approval-closed'
  | 'remediation-failed'
  | 'manual-review';

const NOTIFICATION_SEVERITY: Record<
  Severity,
  NonNullable<NotificationPayload['severity']>
> = {
  critical: 'critical',
  high: 'high',
  warning: 'normal',
  info: 'low',
  unknown: 'normal',
};

export interface MessageContext {
  /** Where the app mounts the Kubernaut page, e.g. `/kubernaut`. */
  linkBase: string;
  now: number;
}

const targetOf = (row: RemediationSummary) =>
  `${row.target.kind}/${row.target.name}`;

function remediationLink(
  context: MessageContext,
  row: RemediationSummary,
  tab?: string,
) {
  const base = context.linkBase.replace(/\/$/, '');
  const path = `${base}/clusters/${encodeURIComponent(
    row.cluster,
  )}/remediations/${encodeURIComponent(row.name)}`;
  return tab ? `${path}?tab=${tab}` : path;
}

/** Muting works per topic: one per cluster and namespace, which is how ownership is split. */
export const topicOf = (row: RemediationSummary) =>
  `Kubernaut · ${row.cluster}/${row.namespace}`;

export const approvalScope = (row: RemediationSummary) =>
  `kubernaut:${row.cluster}/${row.name}:approval`;

const outcomeScope = (row: RemediationSummary) =>
  `kubernaut:${row.cluster}/${row.name}:outcome`;

/** "14:05 UTC (in 12 min)", or "overdue" once passed. */
export function describeDeadline(requiredBy: string, now: number): string {
  const at = Date.parse(requiredBy);
  if (Number.isNaN(at)) return requiredBy;
  const clock = new Date(at).toISOString().slice(11, 16);
  const minutes = Math.round((at - now) / 60_000);
  if (minutes < 0) return `${clock} UTC (overdue)`;
  return `${clock} UTC (in ${minutes} min)`;
}

function facts(row: RemediationSummary, extra: Array<string | undefined>) {
  return [
    `Severity ${row.severity}`,
    `signal ${row.signalName}`,
    `target ${targetOf(row)} in ${row.namespace}`,
    `cluster ${row.cluster}${row.environment ? ` (${row.environment})` : ''}`,
    `remediation ${row.name}`,
    ...extra,
  ]
    .filter(Boolean)
    .join(' · ');
}

export function approvalRequested(
  row: RemediationSummary,
  approval: ApprovalView | undefined,
  context: MessageContext,
): NotificationPayload {
  const workflow = row.workflow ?? approval?.recommendedWorkflow?.workflowId;
  const requiredBy = approval?.requiredBy ?? row.approval?.requiredBy;
  return {
    title: `Approval needed: ${workflow ?? 'remediation'} on ${targetOf(
      row,
    )} (${row.cluster})`,
    description: facts(row, [
      requiredBy
        ? `decide by ${describeDeadline(requiredBy, context.now)}`
        : undefined,
      approval?.confidence !== undefined
        ? `confidence ${Math.round(approval.confidence * 100)}%`
        : undefined,
    ]),
    link: remediationLink(context, row, 'approval'),
    severity: NOTIFICATION_SEVERITY[row.severity],
    topic: topicOf(row),
    scope: approvalScope(row),
  };
}

export function approvalExpiring(
  row: RemediationSummary,
  approval: ApprovalView | undefined,
  context: MessageContext,
): NotificationPayload {
  const requiredBy = approval?.requiredBy ?? row.approval?.requiredBy ?? '';
  const minutes = Math.max(
    0,
    Math.round((Date.parse(requiredBy) - context.now) / 60_000),
  );
  const workflow = row.workflow ?? approval?.recommendedWorkflow?.workflowId;
  return {
    ...approvalRequested(row, approval, context),
    title: `Approval expires in ${minutes} min: ${
      workflow ?? 'remediation'
    } on ${targetOf(row)} (${row.cluster})`,
    severity: row.severity === 'critical' ? 'critical' : 'high',
  };
}

export function approvalClosed(
  row: RemediationSummary,
  approval: ApprovalView | undefined,
  context: MessageContext,
): NotificationPayload {
  const decision = approval?.decision ?? row.approvalDecision ?? 'Expired';
  const by = approval?.decidedBy;
  const headline =
    decision === 'Expired'
      ? 'Approval expired undecided'
      : `${decision}${by ? ` by ${by}` : ''}`;
  const workflow =
    approval?.workflowOverride?.workflowName ??
    row.workflow ??
    approval?.recommendedWorkflow?.workflowId;
  return {
    title: `${headline}: ${workflow ?? 'remediation'} on ${targetOf(row)} (${
      row.cluster
    })`,
    description: facts(row, [
      approval?.decidedAt ? `decided at ${approval.decidedAt}` : undefined,
      approval?.decisionMessage ? `"${approval.decisionMessage}"` : undefined,
    ]),
    link: remediationLink(context, row, 'approval'),
    severity: decision === 'Expired' ? 'normal' : 'low',
    topic: topicOf(row),
    scope: approvalScope(row),
  };
}

export function remediationFailed(
  row: RemediationSummary,
  context: MessageContext,
): NotificationPayload {
  return {
    title: `Remediation failed: ${row.signalName} on ${targetOf(row)} (${
      row.cluster
    })`,
    description: facts(row, [
      row.failurePhase ? `failed in ${row.failurePhase}` : undefined,
      row.failureReason,
    ]),
    link: remediationLink(context, row),
    severity: NOTIFICATION_SEVERITY[row.severity],
    topic: topicOf(row),
    scope: outcomeScope(row),
  };
}

export function manualReview(
  row: RemediationSummary,
  context: MessageContext,
): NotificationPayload {
  return {
    title: `Manual review needed: ${row.signalName} on ${targetOf(row)} (${
      row.cluster
    })`,
    description: facts(row, [row.blockReason, row.failureReason]),
    link: remediationLink(context, row),
    severity: NOTIFICATION_SEVERITY[row.severity],
    topic: topicOf(row),
    scope: outcomeScope(row),
  };
}
