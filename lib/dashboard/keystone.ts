/**
 * The few Keystone v3 calls the dashboard's login needs (server side only): password login, project
 * list, re-scoping to another project, and revocation. Errors are {@link KeystoneLoginError} with a
 * sentence a user can act on; tokens never appear in messages.
 */

export interface ProjectRef {
  readonly id: string;
  readonly name: string;
}

export interface ScopedToken {
  /** The Keystone token (X-Subject-Token). Secret: stays in the encrypted session cookie. */
  readonly token: string;
  /** Epoch ms. */
  readonly expiresAt: number;
  readonly user: { readonly id: string; readonly name: string; readonly domain: string };
  readonly project: ProjectRef;
  readonly roles: readonly string[];
}

export type KeystoneFailure = 'credentials' | 'project' | 'unreachable' | 'keystone' | 'not-configured';

export class KeystoneLoginError extends Error {
  override readonly name = 'KeystoneLoginError';
  readonly reason: KeystoneFailure;

  constructor(reason: KeystoneFailure, message: string) {
    super(message);
    this.reason = reason;
  }
}

const TIMEOUT_MS = 8_000;

interface TokenBody {
  token?: {
    expires_at?: string;
    user?: { id?: string; name?: string; domain?: { name?: string } };
    project?: { id?: string; name?: string };
    roles?: { name?: string }[];
  };
}

async function call(authUrl: string, path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(`${authUrl}${path}`, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS), cache: 'no-store' });
  } catch {
    throw new KeystoneLoginError('unreachable', `Keystone at ${authUrl} cannot be reached. Try again later or ask your cloud operator.`);
  }
}

function unexpected(response: Response): KeystoneLoginError {
  return new KeystoneLoginError('keystone', `Keystone answered HTTP ${response.status}; the login did not complete.`);
}

async function readToken(response: Response): Promise<ScopedToken> {
  const token = response.headers.get('x-subject-token');
  const body = (await response.json()) as TokenBody;
  const t = body.token;
  if (!token || !t?.project?.id || !t.user?.id || !t.expires_at) throw unexpected(response);
  return {
    token,
    expiresAt: Date.parse(t.expires_at),
    user: { id: t.user.id, name: t.user.name ?? t.user.id, domain: t.user.domain?.name ?? 'Default' },
    project: { id: t.project.id, name: t.project.name ?? t.project.id },
    roles: (t.roles ?? []).flatMap((r) => (r.name ? [r.name.toLowerCase()] : [])),
  };
}

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

export interface PasswordLogin {
  readonly username: string;
  readonly password: string;
  readonly userDomain: string;
  /** Project name in the user's domain; blank = the first project the user has a role on. */
  readonly project: string;
}

/**
 * Logs in: first without scope (so a wrong password and a wrong project get different messages),
 * then scoped to the project. The unscoped token is revoked at once.
 */
export async function loginWithPassword(authUrl: string, login: PasswordLogin): Promise<ScopedToken> {
  const identity = {
    methods: ['password'],
    password: { user: { name: login.username, domain: { name: login.userDomain }, password: login.password } },
  };
  const unscoped = await call(authUrl, '/auth/tokens', {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify({ auth: { identity } }),
  });
  if (unscoped.status === 401) {
    throw new KeystoneLoginError('credentials', 'Wrong user name, password or domain.');
  }
  if (!unscoped.ok) throw unexpected(unscoped);
  const unscopedToken = unscoped.headers.get('x-subject-token');
  if (!unscopedToken) throw unexpected(unscoped);
  try {
    let projectId: string | undefined;
    if (login.project.trim() === '') {
      const projects = await listProjects(authUrl, unscopedToken);
      projectId = projects[0]?.id;
      if (projectId === undefined) throw new KeystoneLoginError('project', 'Your user has no role on any project.');
    }
    const scope = projectId
      ? { project: { id: projectId } }
      : { project: { name: login.project.trim(), domain: { name: login.userDomain } } };
    const scoped = await call(authUrl, '/auth/tokens', {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ auth: { identity: { methods: ['token'], token: { id: unscopedToken } }, scope } }),
    });
    if (scoped.status === 401 || scoped.status === 403 || scoped.status === 404) {
      throw new KeystoneLoginError('project', `You have no role on project "${login.project.trim()}" in domain "${login.userDomain}".`);
    }
    if (!scoped.ok) throw unexpected(scoped);
    return await readToken(scoped);
  } finally {
    await revokeToken(authUrl, unscopedToken);
  }
}

/** The projects the token's user may scope to, sorted by name. */
export async function listProjects(authUrl: string, token: string): Promise<ProjectRef[]> {
  const response = await call(authUrl, '/auth/projects', { headers: { 'x-auth-token': token, accept: 'application/json' } });
  if (!response.ok) throw unexpected(response);
  const body = (await response.json()) as { projects?: { id?: string; name?: string; enabled?: boolean }[] };
  return (body.projects ?? [])
    .flatMap((p) => (p.id && p.enabled !== false ? [{ id: p.id, name: p.name ?? p.id }] : []))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A new token for the same user scoped to `projectId`. */
export async function rescope(authUrl: string, token: string, projectId: string): Promise<ScopedToken> {
  const response = await call(authUrl, '/auth/tokens', {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify({ auth: { identity: { methods: ['token'], token: { id: token } }, scope: { project: { id: projectId } } } }),
  });
  if (response.status === 401 || response.status === 403 || response.status === 404) {
    throw new KeystoneLoginError('project', 'You cannot switch to that project.');
  }
  if (!response.ok) throw unexpected(response);
  return readToken(response);
}

/** Revokes `token` (best effort: a token that is already gone or an unreachable Keystone is not an error). */
export async function revokeToken(authUrl: string, token: string): Promise<void> {
  try {
    await fetch(`${authUrl}/auth/tokens`, {
      method: 'DELETE',
      headers: { 'x-auth-token': token, 'x-subject-token': token },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    // Keystone will expire it anyway.
  }
}
