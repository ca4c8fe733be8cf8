import type {
  ApprovalView,
  ClusterHealth,
  FleetChangeEvent,
  RemediationSummary,
} from '@kubernaut/plugin-kubernaut-common';
import type { ClusterConnection } from '../cluster/ClusterConnection';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';

/** An approval request as the cache holds it; pending unless `overrides` decide or expire it. */
export function approvalView(
  cluster: string,
  remediation: string,
  requiredBy?: string,
  overrides: Partial<ApprovalView> = {},
): ApprovalView {
  return {
    name: `rar-${remediation}`,
    cluster,
    namespace: 'kubernaut-system',
    remediation,
    resourceVersion: '1',
    evidence: [],
    alternativesConsidered: [],
    ...(requiredBy ? { requiredBy } : {}),
    expired: false,
    ...overrides,
  };
}

/**
 * In-memory clusters shaped like the registry's connections, for tests: approval caches and
 * remediation rows that change the way a Reflector changes them (cache first, then an event).
 */
export class ApprovalTestFleet {
  private readonly listeners = new Set<(event: FleetChangeEvent) => void>();
  private readonly clusters = new Map<
    string,
    { items: Map<string, ApprovalView>; rows: Map<string, RemediationSummary> }
  >();

  constructor(names: string[]) {
    for (const name of names)
      this.clusters.set(name, { items: new Map(), rows: new Map() });
  }

  /** Adds or replaces an approval request (and its remediation's row), announcing the change. */
  put(approval: ApprovalView, row: Partial<RemediationSummary> = {}) {
    const cluster = this.clusters.get(approval.cluster)!;
    const existed = cluster.items.has(approval.name);
    cluster.items.set(approval.name, approval);
    cluster.rows.set(approval.remediation, {
      cluster: approval.cluster,
      name: approval.remediation,
      namespace: 'kubernaut-system',
      phase: 'AwaitingApproval',
      severity: 'critical',
      signalName: 'KubePodCrashLooping',
      target: { kind: 'Deployment', name: 'checkout', namespace: 'shop' },
      createdAt: '2026-12-01T10:00:00Z',
      ...row,
    });
    this.emit(approval.cluster, approval.name, existed ? 'MODIFIED' : 'ADDED');
  }

  delete(cluster: string, name: string) {
    this.clusters.get(cluster)!.items.delete(name);
    this.emit(cluster, name, 'DELETED');
  }

  /** Replaces a cluster's cache without per-item events, as a relist does, then announces it. */
  relist(cluster: string, approvals: ApprovalView[]) {
    const { items } = this.clusters.get(cluster)!;
    items.clear();
    for (const approval of approvals) items.set(approval.name, approval);
    this.emit(cluster, '', 'HEALTH');
  }

  connection(name: string): ClusterConnection {
    const cluster = this.clusters.get(name)!;
    return {
      name,
      approvals: { items: cluster.items },
      remediationRow: (remediation: string) => cluster.rows.get(remediation),
    } as unknown as ClusterConnection;
  }

  registry(): ClusterRegistry {
    const all = () => [...this.clusters.keys()].map(n => this.connection(n));
    return {
      select: (names?: string[]) =>
        names?.length ? names.map(n => this.connection(n)) : all(),
      health: (connections: ClusterConnection[]) =>
        connections.map(
          c => ({ name: c.name, status: 'connected' } as ClusterHealth),
        ),
      onChange: (listener: (event: FleetChangeEvent) => void) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
    } as unknown as ClusterRegistry;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  private emit(cluster: string, name: string, type: FleetChangeEvent['type']) {
    for (const listener of this.listeners)
      listener({ cluster, kind: 'RemediationApprovalRequest', name, type });
  }
}
