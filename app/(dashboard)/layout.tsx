import { redirect } from 'next/navigation';
import { Suspense, type ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { currentCaller, viewerInfo } from '@/lib/dashboard/server-session';

export const dynamic = 'force-dynamic';

/** Every panel needs a caller: a valid Keystone session, or an engine in noauth mode. */
export default async function DashboardLayout({ children }: { readonly children: ReactNode }) {
  const caller = await currentCaller();
  if (caller.kind === 'anonymous') {
    const reason = caller.expired ? 'expired' : caller.mode === 'unreachable' ? 'unreachable' : 'login';
    redirect(`/login?reason=${reason}`);
  }
  return (
    <Suspense>
      <AppShell viewer={viewerInfo(caller)}>{children}</AppShell>
    </Suspense>
  );
}
