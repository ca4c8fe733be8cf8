import type {
  ApprovalListItem,
  ApprovalView,
  Page,
  RemediationSummary,
} from '@kubernaut/plugin-kubernaut-common';
import type { ClusterConnection } from '../cluster/ClusterConnection';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import { isPendingApproval } from '../cluster/readers';
import {
  decodeCursor,
  encodeCursor,
  queryFingerprint,
  type CursorPosition,
} from './cursor';
import {
  approvalDeadline,
  approvalOrder,
  PendingApprovalIndex,
} from './PendingApprovalIndex';

export type ApprovalState = 'pending' | 'decided' | 'all';

/** Page size when a caller names none, and the most one page holds. */
export const DEFAULT_APPROVAL_LIMIT = 50;
export const MAX_APPROVAL_LIMIT = 500;

export interface ApprovalListOptions {
  state: ApprovalState;
  clusters?: string[];
  allowed: (row: RemediationSummary) => boolean;
  limit?: number;
  /** `nextCursor` of the previous page of the same query. */
  cursor?: string;
}

interface Visible {
  approval: ApprovalView;
  row: RemediationSummary;
}

function isAfter(approval: ApprovalView, position: CursorPosition): boolean {
  const key = approvalDeadline(approval);
  if (key !== position.key) return key > String(position.key);
  if (approval.name !== position.name) return approval.name > position.name;
  return approval.cluster > position.cluster;
}

function* decidedOnly(approvals: Iterable<ApprovalView>) {
  for (const approval of approvals)
    if (!isPendingApproval(approval)) yield approval;
}

/**
 * Approval requests joined with their remediation's row (signal, target, severity), soonest
 * deadline first, a page at a time. A request whose remediation is not cached, or not visible,
 * is left out. Pending requests come from an index kept current from cache changes; decided
 * ones (rarely asked for) are found by a scan.
 */
export class ApprovalService {
  private readonly index: PendingApprovalIndex;

  constructor(private readonly registry: ClusterRegistry) {
    this.index = new PendingApprovalIndex(registry);
  }

  list(options: ApprovalListOptions): Page<ApprovalListItem> {
    const connections = this.registry.select(options.clusters);
    const limit = Math.min(
      Math.max(1, Math.floor(options.limit ?? DEFAULT_APPROVAL_LIMIT)),
      MAX_APPROVAL_LIMIT,
    );
    const fingerprint = queryFingerprint({
      list: 'approvals',
      state: options.state,
      clusters: connections.map(c => c.name),
    });
    const position = options.cursor
      ? decodeCursor(options.cursor, fingerprint)
      : undefined;

    const visible: Visible[] = [];
    for (const connection of connections)
      for (const approval of this.candidates(connection, options.state)) {
        const row = connection.remediationRow(approval.remediation);
        if (row && options.allowed(row)) visible.push({ approval, row });
      }
    visible.sort((a, b) => approvalOrder(a.approval, b.approval));

    let start = 0;
    if (position)
      while (
        start < visible.length &&
        !isAfter(visible[start].approval, position)
      )
        start++;
    const slice = visible.slice(start, start + limit);
    const last = slice[slice.length - 1]?.approval;
    return {
      items: slice.map(({ approval, row }) => ({
        ...approval,
        signalName: row.signalName,
        target: row.target,
        severity: row.severity,
        environment: row.environment,
        workflow: row.workflow,
      })),
      ...(last && start + limit < visible.length
        ? {
            nextCursor: encodeCursor(
              {
                key: approvalDeadline(last),
                cluster: last.cluster,
                name: last.name,
              },
              fingerprint,
            ),
          }
        : {}),
      totalCount: visible.length,
      clusters: this.registry.health(connections),
    };
  }

  private candidates(
    connection: ClusterConnection,
    state: ApprovalState,
  ): Iterable<ApprovalView> {
    if (state === 'pending') return this.index.pending(connection);
    const all = connection.approvals.items.values();
    return state === 'all' ? all : decidedOnly(all);
  }
}
