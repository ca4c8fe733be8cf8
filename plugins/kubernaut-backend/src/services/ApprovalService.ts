import type {
  ApprovalListItem,
  ClusterHealth,
  RemediationSummary,
} from '@kubernaut/plugin-kubernaut-common';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import { isPendingApproval } from '../cluster/readers';

export type ApprovalState = 'pending' | 'decided' | 'all';

/**
 * Approval requests joined with their remediation's row (signal, target, severity), soonest
 * deadline first. A request whose remediation is not cached, or not visible, is left out.
 */
export class ApprovalService {
  constructor(private readonly registry: ClusterRegistry) {}

  list(options: {
    state: ApprovalState;
    clusters?: string[];
    allowed: (row: RemediationSummary) => boolean;
  }): { items: ApprovalListItem[]; clusters: ClusterHealth[] } {
    const connections = this.registry.select(options.clusters);
    const items: ApprovalListItem[] = [];
    for (const connection of connections) {
      for (const approval of connection.approvals.items.values()) {
        const pending = isPendingApproval(approval);
        if (
          (options.state === 'pending' && !pending) ||
          (options.state === 'decided' && pending)
        )
          continue;
        const row = connection.remediationRow(approval.remediation);
        if (!row || !options.allowed(row)) continue;
        items.push({
          ...approval,
          signalName: row.signalName,
          target: row.target,
          severity: row.severity,
          environment: row.environment,
          workflow: row.workflow,
        });
      }
    }
    items.sort(
      (a, b) =>
        (a.requiredBy ?? '9999').localeCompare(b.requiredBy ?? '9999') ||
        a.name.localeCompare(b.name),
    );
    return { items, clusters: this.registry.health(connections) };
  }
}
