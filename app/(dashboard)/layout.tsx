import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { Suspense, type ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { REQUESTED_PATH_HEADER } from '@/lib/dashboard/requested-path';
import { currentCaller, viewerInfo } from '@/lib/dashboard/server-session';

export const dynamic = 'force-dynamic';

/** Every panel needs a caller: a valid Keystone session, or an engine in noauth mode. */
export default async function DashboardLayout({ children }: { readonly children: ReactNode }) {
  const caller = await currentCaller();
  if (caller.kind === 'anonymous') {
    const reason = caller.expired ? 'expired' : caller.mode === 'unreachable' ? 'unreachable' : 'login';
    // Back to the page asked for after logging in (set by proxy.ts; the login page checks it is local).
    const next = (await headers()).get(REQUESTED_PATH_HEADER) ?? '/';
    redirect(`/login?reason=${reason}&next=${encodeURIComponent(next)}`);
  }
  return (
    <Suspense>
      <AppShell viewer={viewerInfo(caller)}>{children}</AppShell>
    </Suspense>
  );
}
