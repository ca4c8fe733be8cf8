import { useApi } from '@backstage/core-plugin-api';
import type {
  InvestigationListItem,
  InvestigationListRequest,
} from '@kubernaut/plugin-kubernaut-common';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { kubernautApiRef } from '../../api';

/** How often the list is read again while something in it is running. */
export const LIVE_REFRESH_MS = 5_000;
const PAGE_SIZE = 50;

export const investigationListKey = (
  request: Omit<InvestigationListRequest, 'cursor'>,
) => ['kubernaut', 'investigations', request] as const;

/**
 * Investigations a page at a time along the server's cursor, read again every few seconds while
 * any loaded one is running (each refetch walks the pages from the first, with fresh cursors).
 */
export function useInvestigationList(
  request: Omit<InvestigationListRequest, 'cursor' | 'limit'>,
) {
  const api = useApi(kubernautApiRef);
  const query = useInfiniteQuery({
    queryKey: investigationListKey(request),
    queryFn: ({ signal, pageParam }) =>
      api.listInvestigations(
        { ...request, limit: PAGE_SIZE, cursor: pageParam },
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: page => page.nextCursor,
    placeholderData: keepPreviousData,
    refetchInterval: current =>
      current.state.data?.pages.some(page =>
        page.items.some(item => item.status === 'running'),
      )
        ? LIVE_REFRESH_MS
        : false,
  });
  // A row can move between pages while they are read; show it once, where it is newest.
  const items = useMemo(() => {
    const seen = new Set<string>();
    const rows: InvestigationListItem[] = [];
    for (const page of query.data?.pages ?? [])
      for (const item of page.items)
        if (!seen.has(item.id)) {
          seen.add(item.id);
          rows.push(item);
        }
    return rows;
  }, [query.data]);
  return { ...query, items };
}
