import { useApi } from '@backstage/core-plugin-api';
import { useInfiniteQuery } from '@tanstack/react-query';
import { kubernautApiRef } from '../../api';
import { kubernautKeys } from '../../hooks/queries';

/** How many pending approvals the inbox asks for at a time. */
export const APPROVAL_PAGE_SIZE = 100;

/**
 * Pending approval requests, a page at a time, soonest deadline first. The key sits under
 * `kubernautKeys.approvals()`, so whatever refreshes approvals (a decision, a live change)
 * refreshes these pages too.
 */
export function useApprovalPages() {
  const api = useApi(kubernautApiRef);
  return useInfiniteQuery({
    queryKey: [...kubernautKeys.approvals(), 'pages'] as const,
    queryFn: ({ signal, pageParam }) =>
      api.listApprovals(
        { state: 'pending', limit: APPROVAL_PAGE_SIZE, cursor: pageParam },
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: page => page.nextCursor,
  });
}
