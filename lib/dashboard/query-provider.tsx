'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { EngineRequestError } from './engine-fetch';

function makeClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Live updates come from the event stream; refetching on focus is the fallback.
        staleTime: 5_000,
        refetchOnWindowFocus: true,
        retry: (failures, error) =>
          failures < 2 && !(error instanceof EngineRequestError && error.status >= 400 && error.status < 500),
      },
    },
  });
}

export function QueryProvider({ children }: { readonly children: ReactNode }) {
  const [client] = useState(makeClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
