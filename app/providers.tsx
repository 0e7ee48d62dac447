'use client';

import { SessionProvider } from 'next-auth/react';
import type { ReactNode } from 'react';
import { FlashProvider } from '@/components/ui/flash';
import { withBasePath } from '@/lib/dashboard/base-path';
import { QueryProvider } from '@/lib/dashboard/query-provider';

export function Providers({ children }: { readonly children: ReactNode }) {
  return (
    <SessionProvider basePath={withBasePath('/api/auth')} refetchOnWindowFocus={false}>
      <QueryProvider>
        <FlashProvider>{children}</FlashProvider>
      </QueryProvider>
    </SessionProvider>
  );
}
