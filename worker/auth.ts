/**
 * How a worker authenticates: a fixed token, Keystone password credentials (a project-scoped
 * token obtained with the engine's own Keystone client and renewed before it expires), or nothing
 * (a server running with `CONVECTION_AUTH=noauth`).
 */
import { KeystoneClient, type PasswordCredentials } from '../engine/api/auth/keystone-client.js';

export type WorkerAuth =
  | { readonly token: string }
  | { readonly keystone: PasswordCredentials & { readonly authUrl: string } };

/** Renew a Keystone token this long before it expires. */
const RENEW_MARGIN_MS = 60_000;

export interface TokenSource {
  /** The token to send, or null without authentication. */
  token(): Promise<string | null>;
  /** Forgets a token the server refused, so the next call obtains a new one. */
  invalidate(): void;
}

export function tokenSource(auth: WorkerAuth | undefined): TokenSource {
  if (auth === undefined) return { token: () => Promise.resolve(null), invalidate: () => undefined };
  if ('token' in auth) return { token: () => Promise.resolve(auth.token), invalidate: () => undefined };
  const { authUrl, ...credentials } = auth.keystone;
  const client = new KeystoneClient({ authUrl });
  let current: { readonly token: string; readonly expiresAt: number } | null = null;
  let pending: Promise<string> | null = null;
  return {
    token() {
      if (current !== null && current.expiresAt - RENEW_MARGIN_MS > Date.now()) return Promise.resolve(current.token);
      pending ??= client
        .passwordAuth(credentials)
        .then((t) => {
          current = { token: t.token, expiresAt: t.expiresAt };
          return t.token;
        })
        .finally(() => {
          pending = null;
        });
      return pending;
    },
    invalidate() {
      current = null;
    },
  };
}
