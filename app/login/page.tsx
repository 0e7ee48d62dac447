import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { currentCaller } from '@/lib/dashboard/server-session';
import { keystoneUrl } from '@/lib/dashboard/server-config';
import { LoginForm } from './login-form';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Log in' };

const NOTICES: Readonly<Record<string, string>> = {
  expired: 'Your session has expired. Please log in again.',
  unreachable: 'The Convection engine cannot be reached right now; you can log in, but the panels will show errors until it is back.',
  'signed-out': 'You have logged out.',
};

/** Only app paths (no scheme, no `//host`) may be returned to after login. */
function safeNext(next: string | undefined): string {
  return next !== undefined && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const one = (name: string) => {
    const v = params[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const next = safeNext(one('next'));
  const reason = one('reason');
  // After "expired" the engine refused the session's token (revoked, or run out early): ask again
  // rather than trusting the cookie, which would send the user straight back.
  const caller = await currentCaller();
  if (caller.kind === 'noauth' || (caller.kind === 'keystone' && reason !== 'expired')) redirect(next);

  const configured = keystoneUrl() !== undefined;
  return (
    <main className="flex min-h-screen items-center justify-center bg-canvas p-4">
      <div className="w-full max-w-sm rounded-md border border-border bg-surface p-6 shadow">
        <h1 className="mb-1 text-xl font-semibold">Log in to Convection</h1>
        <p className="mb-4 text-sm text-muted">Use your OpenStack (Keystone) credentials.</p>
        {reason && NOTICES[reason] && (
          <p role="status" className="mb-4 rounded border border-sky-300 bg-sky-50 p-2 text-sm text-sky-900 dark:border-sky-700 dark:bg-sky-950 dark:text-sky-100">
            {NOTICES[reason]}
          </p>
        )}
        {configured ? (
          <LoginForm next={next} />
        ) : (
          <p role="alert" className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900">
            The dashboard has no Keystone URL: set OS_AUTH_URL (or CONVECTION_KEYSTONE_URL) for the dashboard, or run the engine with
            CONVECTION_AUTH=noauth.
          </p>
        )}
      </div>
    </main>
  );
}
