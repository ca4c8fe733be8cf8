import type {
  RemediationSummary,
  ResourceRef,
} from '@kubernaut/plugin-kubernaut-common';

/** A workload the caches know of: the target (or RCA target) of a remediation in a cluster. */
export interface KnownWorkload {
  cluster: string;
  name: string;
  namespace?: string;
  kind?: string;
}

/**
 * The workloads the remediations of some clusters are about, once each per cluster, namespace,
 * kind and name: the names the query language recognises, and what the intake form tells
 * clusters apart by. Only rows `keep` accepts count, so a caller learns nothing of remediations
 * it may not see. Keyed by name first (a name has one or two namespace/kind pairs), so a scan
 * of 60k rows builds no strings.
 */
export function collectWorkloads(
  connections: Iterable<{
    name: string;
    remediationRows(): readonly RemediationSummary[];
  }>,
  keep: (row: RemediationSummary) => boolean = () => true,
): KnownWorkload[] {
  const workloads: KnownWorkload[] = [];
  for (const connection of connections) {
    const byName = new Map<string, KnownWorkload[]>();
    const note = (target: ResourceRef) => {
      const same = byName.get(target.name);
      if (
        same?.some(
          w => w.namespace === target.namespace && w.kind === target.kind,
        )
      )
        return;
      const workload: KnownWorkload = {
        cluster: connection.name,
        name: target.name,
        ...(target.namespace ? { namespace: target.namespace } : {}),
        ...(target.kind ? { kind: target.kind } : {}),
      };
      if (same) same.push(workload);
      else byName.set(target.name, [workload]);
      workloads.push(workload);
    };
    for (const row of connection.remediationRows()) {
      if (!keep(row)) continue;
      // A RemediationRequest without a target reads as Unknown/unknown: not a workload.
      if (row.target.kind !== 'Unknown' || row.target.name !== 'unknown')
        note(row.target);
      if (row.rcaTarget) note(row.rcaTarget);
    }
  }
  return workloads;
}
