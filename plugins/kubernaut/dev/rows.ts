import {
  TERMINAL_PHASES,
  type InvestigationEvent,
  type KpiFigures,
  type QueryFilter,
  type RemediationDetail,
  type RemediationSummary,
} from '@kubernaut/plugin-kubernaut-common';

/** The table row of a remediation. */
export function summaryOf(detail: RemediationDetail): RemediationSummary {
  const { cluster, name, namespace, phase, outcome, severity, environment } =
    detail;
  return {
    ...{ cluster, name, namespace, phase, outcome, severity, environment },
    signalName: detail.signalName,
    target: detail.target,
    workflow: detail.workflow,
    confidence: detail.confidence,
    createdAt: detail.createdAt,
    completedAt: detail.completedAt,
    approval: detail.approval,
    approvalDecision: detail.approvalDecision,
  };
}

/** True when no values are asked for, or the row's value is one of them. */
export const someIn = (
  values: string[] | undefined,
  value: string | undefined,
) => !values?.length || (value !== undefined && values.includes(value));
/** True when the row's value is none of the excluded ones. */
export const noneIn = (
  values: string[] | undefined,
  value: string | undefined,
) => !values?.length || value === undefined || !values.includes(value);

/** The parts of the query language's filter a dev page exercises. */
export function matchesFilter(
  row: RemediationSummary,
  filter: QueryFilter,
): boolean {
  const text = [row.name, row.target.name, row.signalName, row.workflow ?? '']
    .join(' ')
    .toLowerCase();
  return (
    someIn(filter.clusters, row.cluster) &&
    noneIn(filter.excludedClusters, row.cluster) &&
    someIn(filter.environments, row.environment) &&
    someIn(filter.namespaces, row.target.namespace) &&
    someIn(filter.targets, row.target.name) &&
    someIn(filter.severities, row.severity) &&
    noneIn(filter.excludedSeverities, row.severity) &&
    someIn(filter.phases, row.phase) &&
    someIn(filter.workflows, row.workflow) &&
    (!filter.awaitingApproval || Boolean(row.approval)) &&
    (!filter.active || !TERMINAL_PHASES.includes(row.phase)) &&
    (!filter.since || row.createdAt >= filter.since) &&
    (!filter.until || row.createdAt <= filter.until) &&
    (filter.text ?? []).every(word => text.includes(word.toLowerCase()))
  );
}

/** The fleet KPIs of some rows; the times are fixed figures. */
export function kpis(rows: RemediationSummary[]): KpiFigures {
  const resolved = rows.filter(r => r.phase === 'Completed').length;
  const failed = rows.filter(r => r.phase === 'Failed').length;
  return {
    activeInvestigations: rows.filter(r => !TERMINAL_PHASES.includes(r.phase))
      .length,
    awaitingApproval: rows.filter(r => r.approval).length,
    resolved,
    failed,
    criticalAlerts: rows.filter(r => r.severity === 'critical').length,
    meanTimeToResolve: 420,
    p90TimeToResolve: 1100,
    successRate: resolved + failed ? resolved / (resolved + failed) : undefined,
  };
}

/** The first question asked in a transcript, as the investigations list shows it. */
export function firstQuestionOf(
  events: InvestigationEvent[],
): string | undefined {
  for (const event of events) {
    if (event.type === 'user-message') return event.payload.text;
  }
  return undefined;
}
