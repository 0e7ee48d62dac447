/**
 * Who is calling, as every route sees it. Set once per request by the auth plugin (Keystone or
 * noauth); handlers never read auth headers themselves.
 */
// Loads fastify's types so the augmentation below has a module to extend.
import type {} from 'fastify';

export interface AuthContext {
  readonly userId: string;
  readonly userName: string;
  readonly projectId: string;
  readonly projectName: string;
  readonly domainId: string | null;
  readonly roles: readonly string[];
  /** Has the `admin` role: may list all projects (`all_projects=true`) and publish `scope: public`. */
  readonly isAdmin: boolean;
  /** Only the `reader` role (no `member`/`admin`): every change answers 403. */
  readonly readOnly: boolean;
  /** The caller's token, for actions that call OpenStack on the caller's behalf. Never logged. */
  readonly token: string | null;
  /** When the token stops being valid (ms since epoch), null for noauth. */
  readonly expiresAt: number | null;
  /**
   * The token's Keystone v3 service catalog, where workflows find the endpoints they call on the
   * caller's behalf (`$.openstack.service_catalog`). Absent for noauth and test callers.
   */
  readonly serviceCatalog?: readonly unknown[];
}

/** Mistral's project for everything when authentication is off. */
export const NOAUTH_PROJECT = '<default-project>';

export const NOAUTH_CONTEXT: AuthContext = Object.freeze({
  userId: '<default-user>',
  userName: 'admin',
  projectId: NOAUTH_PROJECT,
  projectName: NOAUTH_PROJECT,
  domainId: null,
  roles: Object.freeze(['admin']),
  isAdmin: true,
  readOnly: false,
  token: null,
  expiresAt: null,
});

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext;
  }
}
