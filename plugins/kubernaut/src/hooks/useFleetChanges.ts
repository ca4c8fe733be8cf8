import { useApi } from '@backstage/core-plugin-api';
import type { FleetChangeEvent } from '@kubernaut/plugin-kubernaut-common';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { kubernautApiRef } from '../api';

const RECONNECT_MS = [1000, 2000, 4000, 8000, 15000];
/**
 * Views refresh at most this often. A busy fleet changes several times a second, and a table
 * scrolled deep holds many pages, each refetched on a refresh.
 */
export const REFRESH_INTERVAL_MS = 2000;

/**
 * Keeps every open Kubernaut view current: the backend pushes cache changes (batched every
 * 250 ms) and the queries they touch are refetched in the background, at most every
 * REFRESH_INTERVAL_MS, keeping what is on screen until the new data is there. Reconnects with
 * backoff; says whether it is live.
 */
export function useFleetChanges(): { live: boolean } {
  const api = useApi(kubernautApiRef);
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const touched = new Set<string>();
    let healthChanged = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastRefresh = 0;
    const refresh = () => {
      timer = undefined;
      lastRefresh = Date.now();
      const clusters = new Set(touched);
      touched.clear();
      const clusterList = healthChanged;
      healthChanged = false;
      queryClient.invalidateQueries({
        predicate: query => {
          const [, area, cluster] = query.queryKey as string[];
          // A cluster went down or came back: lists of clusters show it at once.
          if (area === 'clusters') return clusterList;
          if (area === 'remediation' || area === 'audit')
            return clusters.has(cluster);
          return (
            area === 'fleet' ||
            area === 'remediations' ||
            area === 'approvals' ||
            area === 'workflows'
          );
        },
      });
    };
    const scheduleRefresh = (changes: FleetChangeEvent[]) => {
      for (const change of changes) {
        touched.add(change.cluster);
        if (change.type === 'HEALTH') healthChanged = true;
      }
      if (timer) return;
      const wait = lastRefresh + REFRESH_INTERVAL_MS - Date.now();
      timer = setTimeout(refresh, Math.max(0, wait));
    };
    void (async () => {
      for (let attempt = 0; !signal.aborted; attempt++) {
        try {
          await api.streamFleetChanges(
            {
              onClusters: () => {
                attempt = 0;
                setLive(true);
              },
              onChanges: scheduleRefresh,
            },
            { signal },
          );
        } catch {
          // Dropped: fall through to the backoff and reconnect.
        }
        if (signal.aborted) return;
        setLive(false);
        await new Promise(resolve =>
          setTimeout(
            resolve,
            RECONNECT_MS[Math.min(attempt, RECONNECT_MS.length - 1)],
          ),
        );
      }
    })();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [api, queryClient]);

  return { live };
}
