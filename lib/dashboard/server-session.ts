/**
 * Server-side view of the caller: reads the encrypted session cookie (with the Keystone token) in
 * route handlers and server components. Never import this from client components.
 */
import { cookies, headers } from 'next/headers';
import { getToken, type JWT } from 'next-auth/jwt';
import { engineAuthMode, type EngineAuthMode } from './engine-mode';
import { rolesCanWrite } from './roles';
import type { ViewerInfo } from './viewer';

export type Caller =
  | { readonly kind: 'noauth' }
  | { readonly kind: 'keystone'; readonly token: string; readonly jwt: JWT }
  | { readonly kind: 'anonymous'; readonly expired: boolean; readonly mode: EngineAuthMode };

/** How long before the Keystone token's end the session counts as expired (clock skew, in-flight calls). */
const EXPIRY_MARGIN_MS = 30_000;

export function tokenExpired(jwt: JWT, now = Date.now()): boolean {
  return jwt.expiresAt === undefined || jwt.expiresAt - EXPIRY_MARGIN_MS <= now;
}

async function readJwt(): Promise<JWT | null> {
  const cookieStore = await cookies();
  const headerList = await headers();
  const req = {
    headers: Object.fromEntries(headerList),
    cookies: Object.fromEntries(cookieStore.getAll().map((c) => [c.name, c.value])),
  };
  // getToken's request type is the pages router's; it only reads `headers` and `cookies`.
  return getToken({ req: req as unknown as Parameters<typeof getToken>[0]['req'], secret: process.env.NEXTAUTH_SECRET });
}

/** Who is calling: a valid Keystone session, the engine in noauth mode, or nobody. */
export async function currentCaller(): Promise<Caller> {
  const jwt = await readJwt();
  if (jwt?.keystoneToken && !tokenExpired(jwt)) return { kind: 'keystone', token: jwt.keystoneToken, jwt };
  const mode = await engineAuthMode();
  if (mode === 'noauth') return { kind: 'noauth' };
  return { kind: 'anonymous', expired: jwt?.keystoneToken !== undefined, mode };
}

export function viewerInfo(caller: Exclude<Caller, { kind: 'anonymous' }>): ViewerInfo {
  if (caller.kind === 'noauth') {
    return { mode: 'noauth', userName: 'anonymous', userDomain: '', project: null, projects: [], roles: [], canWrite: true };
  }
  const roles = caller.jwt.roles ?? [];
  return {
    mode: 'keystone',
    userName: caller.jwt.userName ?? '',
    userDomain: caller.jwt.userDomain ?? '',
    project: caller.jwt.project ?? null,
    projects: caller.jwt.projects ?? [],
    roles,
    canWrite: rolesCanWrite(roles),
  };
}
