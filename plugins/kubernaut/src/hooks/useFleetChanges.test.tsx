import type { FleetChangeEvent } from '@kubernaut/plugin-kubernaut-common';
import { QueryClient } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import {
  fakeKubernautApi,
  sampleCluster,
} from '../__testUtils__/fakeKubernautApi';
import { hookWrapper } from '../__testUtils__/hookWrapper';
import { REFRESH_INTERVAL_MS, useFleetChanges } from './useFleetChanges';

const change = (name: string): FleetChangeEvent => ({
  cluster: 'prod-us-east',
  kind: 'RemediationRequest',
  name,
  type: 'MODIFIED',
});

describe('useFleetChanges', () => {
  it('turns a burst of changes into one refresh now and one when the interval has passed', async () => {
    let push: (changes: FleetChangeEvent[]) => void = () => undefined;
    const api = fakeKubernautApi({
      streamFleetChanges: (handlers, options) => {
        handlers.onClusters?.([sampleCluster]);
        push = handlers.onChanges;
        return new Promise(resolve =>
          options.signal?.addEventListener('abort', () => resolve()),
        );
      },
    });
    const queryClient = new QueryClient();
    const refreshedAt: number[] = [];
    const invalidateQueries = queryClient.invalidateQueries.bind(queryClient);
    const invalidate = jest
      .spyOn(queryClient, 'invalidateQueries')
      .mockImplementation((...args) => {
        refreshedAt.push(Date.now());
        return invalidateQueries(...args);
      });
    const { result, unmount } = renderHook(() => useFleetChanges(), {
      wrapper: hookWrapper(api, queryClient),
    });
    await waitFor(() => expect(result.current.live).toBe(true));

    push([change('rr-1')]);
    await waitFor(() => expect(invalidate).toHaveBeenCalledTimes(1));
    for (let i = 2; i <= 6; i++) push([change(`rr-${i}`)]);
    await waitFor(() => expect(invalidate).toHaveBeenCalledTimes(2), {
      timeout: REFRESH_INTERVAL_MS + 2000,
    });
    // Timers may fire a millisecond early against Date.now()'s rounding.
    expect(refreshedAt[1] - refreshedAt[0]).toBeGreaterThanOrEqual(
      REFRESH_INTERVAL_MS - 5,
    );
    unmount();
  });
});
