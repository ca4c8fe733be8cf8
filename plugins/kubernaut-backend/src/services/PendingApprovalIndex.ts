import type {
  ApprovalView,
  FleetChangeEvent,
} from '@kubernaut/plugin-kubernaut-common';
import type { ClusterConnection } from '../cluster/ClusterConnection';
import { isPendingApproval } from '../cluster/readers';

const APPROVAL_KIND = 'RemediationApprovalRequest';

/** The deadline an approval is ordered by; one without a deadline comes last. */
export function approvalDeadline(approval: ApprovalView): string {
  return approval.requiredBy ?? '9999';
}

/**
 * Soonest deadline first, then name, then cluster. Ordinal comparison: deadlines are ISO
 * timestamps and names Kubernetes names, whose ordinal and locale orders agree.
 */
export function approvalOrder(a: ApprovalView, b: ApprovalView): number {
  const ka = approvalDeadline(a);
  const kb = approvalDeadline(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.cluster === b.cluster) return 0;
  return a.cluster < b.cluster ? -1 : 1;
}

/** One cluster's pending approval requests, in `approvalOrder`. */
export class ClusterPendingApprovals {
  private readonly sorted: ApprovalView[] = [];
  private readonly byName = new Map<string, ApprovalView>();

  constructor(items: Iterable<ApprovalView>) {
    for (const item of items)
      if (isPendingApproval(item)) {
        this.sorted.push(item);
        this.byName.set(item.name, item);
      }
    this.sorted.sort(approvalOrder);
  }

  all(): readonly ApprovalView[] {
    return this.sorted;
  }

  /** Records the cached state of `name`: kept while pending, dropped once decided, expired or gone. */
  update(name: string, item: ApprovalView | undefined): void {
    const existing = this.byName.get(name);
    if (existing === item) return;
    if (existing) {
      const index = this.indexOf(existing);
      if (index >= 0) this.sorted.splice(index, 1);
      this.byName.delete(name);
    }
    if (item && isPendingApproval(item)) {
      this.sorted.splice(this.insertionPoint(item), 0, item);
      this.byName.set(name, item);
    }
  }

  private insertionPoint(item: ApprovalView): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (approvalOrder(this.sorted[mid], item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private indexOf(item: ApprovalView): number {
    const at = this.insertionPoint(item);
    if (this.sorted[at] === item) return at;
    return this.sorted.indexOf(item);
  }
}

interface ChangeSource {
  onChange(listener: (event: FleetChangeEvent) => void): () => void;
}

/**
 * Pending approval requests per cluster, kept current from the clusters' change events so a
 * listing need not scan every approval request. A cluster's list is built on first use; a
 * relist of its approval requests (announced as a HEALTH event of that kind, since a relist
 * replaces the cache without per-item events) drops it, to be rebuilt on next use.
 */
export class PendingApprovalIndex {
  private readonly clusters = new Map<string, ClusterPendingApprovals>();
  private readonly caches = new Map<
    string,
    { get(name: string): ApprovalView | undefined }
  >();
  private readonly unsubscribe: () => void;

  constructor(source: ChangeSource) {
    this.unsubscribe = source.onChange(event => this.changed(event));
  }

  /** The cluster's pending approval requests, in `approvalOrder`. Do not mutate. */
  pending(connection: ClusterConnection): readonly ApprovalView[] {
    let index = this.clusters.get(connection.name);
    if (!index) {
      index = new ClusterPendingApprovals(connection.approvals.items.values());
      this.clusters.set(connection.name, index);
      this.caches.set(connection.name, connection.approvals.items);
    }
    return index.all();
  }

  close(): void {
    this.unsubscribe();
  }

  private changed(event: FleetChangeEvent) {
    if (event.kind !== APPROVAL_KIND) return;
    const index = this.clusters.get(event.cluster);
    if (!index) return;
    if (event.type === 'HEALTH') {
      this.clusters.delete(event.cluster);
      return;
    }
    index.update(event.name, this.caches.get(event.cluster)?.get(event.name));
  }
}
