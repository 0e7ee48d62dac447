'use client';

import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { withBasePath } from '@/lib/dashboard/base-path';

const FIELD = 'h-9 w-full rounded border border-border bg-surface px-2 text-sm';

export function LoginForm({ next }: { readonly next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const result = await signIn('keystone', {
        redirect: false,
        username: String(form.get('username') ?? ''),
        password: String(form.get('password') ?? ''),
        domain: String(form.get('domain') ?? ''),
        project: String(form.get('project') ?? ''),
      });
      if (!result || result.error) {
        setError(result?.error && result.error !== 'CredentialsSignin' ? result.error : 'Wrong user name, password or domain.');
        return;
      }
      window.location.assign(withBasePath(next));
    } catch {
      setError('The dashboard server cannot be reached. Try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void onSubmit(e)} className="space-y-3" noValidate>
      {error && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900 dark:border-red-700 dark:bg-red-950 dark:text-red-100">
          {error}
        </p>
      )}
      <div>
        <label htmlFor="username" className="mb-1 block text-sm font-medium">
          User name
        </label>
        <input id="username" name="username" autoComplete="username" required className={FIELD} autoFocus />
      </div>
      <div>
        <label htmlFor="password" className="mb-1 block text-sm font-medium">
          Password
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className={FIELD} />
      </div>
      <div>
        <label htmlFor="domain" className="mb-1 block text-sm font-medium">
          User domain
        </label>
        <input id="domain" name="domain" defaultValue="Default" className={FIELD} />
      </div>
      <div>
        <label htmlFor="project" className="mb-1 block text-sm font-medium">
          Project <span className="font-normal text-muted">(optional: your first project if blank)</span>
        </label>
        <input id="project" name="project" className={FIELD} />
      </div>
      <Button type="submit" variant="primary" className="w-full" busy={busy}>
        {busy ? 'Logging in…' : 'Log in'}
      </Button>
    </form>
  );
}
