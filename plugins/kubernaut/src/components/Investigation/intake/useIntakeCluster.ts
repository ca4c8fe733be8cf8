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

/**
 * Workloads known per cluster, as the backend's caches know them (targets of the remediations
 * the user may see). Not part of the live refresh: where workloads run changes slowly.
 */
export function useIntakeWorkloads(): IntakeWorkload[] {
  const api = useApi(kubernautApiRef);
  const workloads = useQuery({
    queryKey: ['kubernaut', 'intake-workloads'],
    queryFn: ({ signal }) => api.listWorkloads({}, { signal }),
    staleTime: 5 * 60_000,
    retry: false,
  });
  // One entry per cluster and name is what the resolver reads; the kind and namespace are not.
  return useMemo(() => {
    const seen = new Set<string>();
    const list: IntakeWorkload[] = [];
    for (const { cluster, name } of workloads.data?.items ?? []) {
      const key = `${cluster}\u0000${name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      list.push({ cluster, name });
    }
    return list;
  }, [workloads.data]);
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
