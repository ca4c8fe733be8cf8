import { useApi } from '@backstage/core-plugin-api';
import {
  resolveIntakeCluster,
  type ClusterHealth,
  type IntakeResolution,
  type IntakeWorkload,
} from '@kubernaut/plugin-kubernaut-common';
import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useMemo, useState } from 'react';
import { kubernautApiRef } from '../../../api';

/** How many recent remediations tell which workload runs where. */
const WORKLOAD_SAMPLE = 500;

/**
 * Workloads known per cluster, from the targets of the fleet's recent remediations. Not part
 * of the live refresh: where workloads run changes slowly, and the sample is large.
 */
export function useIntakeWorkloads(): IntakeWorkload[] {
  const api = useApi(kubernautApiRef);
  const rows = useQuery({
    queryKey: ['kubernaut', 'intake-workloads'],
    queryFn: ({ signal }) =>
      api.listRemediations({ limit: WORKLOAD_SAMPLE }, { signal }),
    staleTime: 5 * 60_000,
    retry: false,
  });
  return useMemo(() => {
    const seen = new Set<string>();
    const workloads: IntakeWorkload[] = [];
    for (const row of rows.data?.items ?? []) {
      for (const target of [row.target, row.rcaTarget]) {
        if (!target) continue;
        const key = `${row.cluster}\u0000${target.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        workloads.push({ name: target.name, cluster: row.cluster });
      }
    }
    return workloads;
  }, [rows.data]);
}

export interface IntakeCluster {
  /** What the description says about the cluster. */
  resolution: IntakeResolution;
  /** The operator's own choice, kept however the description changes; undefined: none made. */
  manual?: string;
  /** The cluster the investigation goes to: the operator's choice, else the one resolved. */
  chosen?: string;
  choose(cluster: string | undefined): void;
}

/**
 * The cluster an intake description is about, re-read as it is typed. A choice the operator
 * makes is sticky: typing more does not override it; choosing "from the description" ends it.
 */
export function useIntakeCluster(
  description: string,
  clusters: ClusterHealth[] | undefined,
  workloads: IntakeWorkload[],
): IntakeCluster {
  const [manual, setManual] = useState<string>();
  // One list per fleet, so what the resolver derives from it is kept between keystrokes.
  const candidates = useMemo(
    () =>
      (clusters ?? []).map(c => ({
        name: c.name,
        title: c.title,
        environment: c.environment,
      })),
    [clusters],
  );
  // A long description is re-read after the keystroke is shown, not before.
  const deferred = useDeferredValue(description);
  const resolution = useMemo(
    () => resolveIntakeCluster(deferred, candidates, workloads),
    [deferred, candidates, workloads],
  );
  const known =
    manual !== undefined && (clusters ?? []).some(c => c.name === manual);
  let chosen: string | undefined;
  if (known) chosen = manual;
  else if (resolution.kind === 'one') chosen = resolution.cluster;
  return {
    resolution,
    manual: known ? manual : undefined,
    chosen,
    choose: setManual,
  };
}
