import { useApi } from '@backstage/core-plugin-api';
import type {
  InvestigationFeedback,
  InvestigationFeedbackRequest,
} from '@kubernaut/plugin-kubernaut-common';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo } from 'react';
import { kubernautApiRef } from '../../../api';

/** Feedback on the transcript's RCA cards and answers, for the items to show and send. */
export interface FeedbackControls {
  /** The viewer's own feedback so far, by transcript item key. */
  mine: ReadonlyMap<string, InvestigationFeedback>;
  send(feedback: InvestigationFeedbackRequest): Promise<InvestigationFeedback>;
}

/** Absent outside an investigation: no thumbs are shown. */
export const FeedbackContext = createContext<FeedbackControls | undefined>(
  undefined,
);

export const useFeedbackControls = () => useContext(FeedbackContext);

/** The controls for one investigation: the viewer's feedback, read once, and sending more. */
export function useInvestigationFeedback(id: string): FeedbackControls {
  const api = useApi(kubernautApiRef);
  const client = useQueryClient();
  const queryKey = useMemo(
    () => ['kubernaut', 'investigation-feedback', id],
    [id],
  );
  const { data } = useQuery({
    queryKey,
    queryFn: ({ signal }) => api.getInvestigationFeedback(id, { signal }),
    staleTime: Infinity,
  });
  const mine = useMemo(
    () => new Map((data?.items ?? []).map(f => [f.itemKey, f])),
    [data],
  );
  const send = useCallback(
    async (feedback: InvestigationFeedbackRequest) => {
      const stored = await api.sendInvestigationFeedback(id, feedback);
      client.setQueryData<{ items: InvestigationFeedback[] }>(
        queryKey,
        old => ({
          items: [
            ...(old?.items ?? []).filter(f => f.itemKey !== stored.itemKey),
            stored,
          ],
        }),
      );
      return stored;
    },
    [api, client, id, queryKey],
  );
  return useMemo(() => ({ mine, send }), [mine, send]);
}
