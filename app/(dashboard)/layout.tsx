import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
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
  // No Suspense boundary here: pages that read from the engine first (the execution list and
  // detail) would stream behind it, and a streamed page briefly holds a hidden second copy of
  // itself. The page is sent when it is complete (server-engine.ts bounds the wait).
  return <AppShell viewer={viewerInfo(caller)}>{children}</AppShell>;
}
