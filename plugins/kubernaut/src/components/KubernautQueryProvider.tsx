import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';

function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        retry: (failureCount, error) =>
          failureCount < 2 && !(error as { statusCode?: number }).statusCode,
      },
    },
  });
}

/** Server state for every Kubernaut view; one cache per mounted plugin root. */
export function KubernautQueryProvider(props: { children: ReactNode }) {
  const [client] = useState(createQueryClient);
  return (
    <QueryClientProvider client={client}>{props.children}</QueryClientProvider>
  );
}
