import { QueryClient } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import { fakeKubernautApi } from '../../../__testUtils__/fakeKubernautApi';
import { hookWrapper } from '../../../__testUtils__/hookWrapper';
import { useIntakeWorkloads } from './useIntakeCluster';

describe('useIntakeWorkloads', () => {
  it('reads the workloads the backend knows, once per cluster and name, and no remediations', async () => {
    const listWorkloads = jest.fn(async () => ({
      items: [
        {
          cluster: 'prod-us-east',
          name: 'checkout-service',
          namespace: 'demo',
          kind: 'Deployment',
        },
        {
          cluster: 'prod-us-east',
          name: 'checkout-service',
          namespace: 'qa',
          kind: 'Deployment',
        },
        { cluster: 'staging-eu', name: 'checkout-service' },
        { cluster: 'prod-us-east', name: 'worker-3', kind: 'Node' },
      ],
    }));
    const listRemediations = jest.fn();
    const api = fakeKubernautApi({ listWorkloads, listRemediations });
    const { result } = renderHook(() => useIntakeWorkloads(), {
      wrapper: hookWrapper(api, new QueryClient()),
    });
    await waitFor(() => expect(result.current).toHaveLength(3));
    expect(result.current).toEqual([
      { cluster: 'prod-us-east', name: 'checkout-service' },
      { cluster: 'staging-eu', name: 'checkout-service' },
      { cluster: 'prod-us-east', name: 'worker-3' },
    ]);
    expect(listWorkloads).toHaveBeenCalledTimes(1);
    expect(listRemediations).not.toHaveBeenCalled();
  });
});
