import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import type { RemediationSource } from './RemediationNotifier';

/** The notifier's view of the fleet: the registry's watch caches, read-only. */
export function registrySource(registry: ClusterRegistry): RemediationSource {
  const connection = (cluster: string) =>
    registry.names().includes(cluster) ? registry.get(cluster) : undefined;
  return {
    names: () => registry.names(),
    rows: cluster => connection(cluster)?.remediationRows() ?? [],
    row: (cluster, name) => connection(cluster)?.remediationRow(name),
    // One lookup by Kubernaut's naming rule, not children(): that also scans every notification.
    approval: (cluster, remediation) =>
      connection(cluster)?.approvals.items.get(`rar-${remediation}`),
    remediationOfChange: event =>
      connection(event.cluster)?.remediationOfChange(event),
    onChange: listener => registry.onChange(listener),
  };
}
