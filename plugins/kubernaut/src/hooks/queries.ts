import { useApi } from '@backstage/core-plugin-api';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { DecisionRequest } from '@kubernaut/plugin-kubernaut-common';
import { kubernautApiRef, type RemediationListRequest } from '../api';

/** Every query key starts here, so live changes can refresh the plugin's data in one call. */
export const kubernautKeys = {
  all: ['kubernaut'] as const,
  fleet: (q: string, window: string) =>
    [...kubernautKeys.all, 'fleet', q, window] as const,
  remediations: (request: RemediationListRequest) =>
    [...kubernautKeys.all, 'remediations', request] as const,
  remediation: (cluster: string, name: string) =>
    [...kubernautKeys.all, 'remediation', cluster, name] as const,
  audit: (cluster: string, name: string) =>
    [...kubernautKeys.all, 'audit', cluster, name] as const,
  approvals: () => [...kubernautKeys.all, 'approvals'] as const,
  workflows: (q: string) => [...kubernautKeys.all, 'workflows', q] as const,
  workflow: (cluster: string, name: string) =>
    [...kubernautKeys.all, 'workflow', cluster, name] as const,
  parse: (q: string, scope: string) =>
    [...kubernautKeys.all, 'parse', scope, q] as const,
};

export function useFleetSummary(q: string, window = '24h') {
  const api = useApi(kubernautApiRef);
  return useQuery({
    queryKey: kubernautKeys.fleet(q, window),
    queryFn: ({ signal }) => api.getFleetSummary({ q, window }, { signal }),
    placeholderData: keepPreviousData,
  });
}

/** Remediation rows, a page at a time, for a table that loads more as it scrolls. */
export function useRemediationPages(request: RemediationListRequest) {
  const api = useApi(kubernautApiRef);
  return useInfiniteQuery({
    queryKey: kubernautKeys.remediations(request),
    queryFn: ({ signal, pageParam }) =>
      api.listRemediations({ ...request, cursor: pageParam }, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: page => page.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useRemediation(cluster: string, name: string) {
  const api = useApi(kubernautApiRef);
  return useQuery({
    queryKey: kubernautKeys.remediation(cluster, name),
    queryFn: ({ signal }) => api.getRemediation(cluster, name, { signal }),
    // A conversation knows its remediation only once the agent names it.
    enabled: Boolean(cluster && name),
  });
}

export function useAuditTrail(cluster: string, name: string) {
  const api = useApi(kubernautApiRef);
  return useQuery({
    queryKey: kubernautKeys.audit(cluster, name),
    queryFn: ({ signal }) =>
      api.getAuditTrail(cluster, name, { limit: 500 }, { signal }),
  });
}

export function useApprovals() {
  const api = useApi(kubernautApiRef);
  return useQuery({
    queryKey: kubernautKeys.approvals(),
    queryFn: ({ signal }) =>
      // Only counted: the inbox pages the requests themselves.
      api.listApprovals({ state: 'pending', limit: 1 }, { signal }),
  });
}

export function useWorkflows(q: string) {
  const api = useApi(kubernautApiRef);
  return useQuery({
    queryKey: kubernautKeys.workflows(q),
    queryFn: ({ signal }) => api.listWorkflows({ q }, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useWorkflow(cluster?: string, name?: string) {
  const api = useApi(kubernautApiRef);
  return useQuery({
    queryKey: kubernautKeys.workflow(cluster ?? '', name ?? ''),
    queryFn: ({ signal }) => api.getWorkflow(cluster!, name!, { signal }),
    enabled: Boolean(cluster && name),
  });
}

export function useParsedQuery(q: string, scope: 'fleet' | 'workflows') {
  const api = useApi(kubernautApiRef);
  return useQuery({
    queryKey: kubernautKeys.parse(q, scope),
    queryFn: ({ signal }) => api.parseQuery(q, scope, { signal }),
    enabled: q.trim().length > 0,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}

/** Records a decision; afterwards every view of the fleet is refreshed. */
export function useDecision(cluster: string, name: string) {
  const api = useApi(kubernautApiRef);
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (decision: DecisionRequest) =>
      api.decide(cluster, name, decision),
    onSettled: () =>
      queryClient.invalidateQueries({ queryKey: kubernautKeys.all }),
  });
}

export function useCancelRemediation(cluster: string, name: string) {
  const api = useApi(kubernautApiRef);
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.cancelRemediation(cluster, name),
    onSettled: () =>
      queryClient.invalidateQueries({ queryKey: kubernautKeys.all }),
  });
}
