import { TestApiProvider } from '@backstage/test-utils';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { kubernautApiRef, type KubernautApi } from '../api';

/** Renders hooks with a KubernautApi and a fresh query cache. */
export function hookWrapper(
  api: KubernautApi,
  queryClient = new QueryClient(),
) {
  return ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[kubernautApiRef, api]]}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </TestApiProvider>
  );
}
