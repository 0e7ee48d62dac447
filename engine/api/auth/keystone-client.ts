/**
 * Minimal Keystone v3 client: what the API needs to authenticate callers (validate their tokens with a
 * service token) and what tests and the dashboard need to obtain tokens (password login, re-scope,
 * revoke). Nothing here caches user tokens; see token-cache.ts.
 */

import { request } from 'undici';
import type { Dispatcher } from 'undici';
import { z } from 'zod';
import type { AuthContext } from './auth-context.js';
import {
  InvalidCredentialsError,
  InvalidTokenError,
  KeystoneUnavailableError,
} from './keystone-errors.js';

export interface PasswordCredentials {
  readonly username: string;
  readonly password: string;
  /** @default 'Default' */
  readonly userDomainName?: string;
  /** Project to scope the token to; omitted gives an unscoped token. */
  readonly projectName?: string;
  /** @default 'Default' */
  readonly projectDomainName?: string;
}

export interface ProjectScope {
  readonly projectName: string;
  /** @default 'Default' */
  readonly projectDomainName?: string;
}

export interface KeystoneClientOptions {
  /** Identity endpoint; `http://host:5000`, `http://host:5000/` and `http://host:5000/v3` are all accepted. */
  readonly authUrl: string;
  /** The API's own service user, required by {@link KeystoneClient.validateToken} and `revokeToken`. */
  readonly service?: PasswordCredentials;
  /**
   * Budget for one HTTP exchange with Keystone.
   * @default 5000
   */
  readonly timeoutMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** undici dispatcher, for proxies or custom TLS; the global one by default. */
  readonly dispatcher?: Dispatcher;
}

const namedRef = z.looseObject({ id: z.string(), name: z.string() });

const tokenBodySchema = z.looseObject({
  token: z.looseObject({
    expires_at: z.string(),
    issued_at: z.string().optional(),
    methods: z.array(z.string()).optional(),
    user: z.looseObject({
      id: z.string(),
      name: z.string(),
      domain: namedRef.optional(),
    }),
    project: z
      .looseObject({
        id: z.string(),
        name: z.string(),
        domain: namedRef.optional(),
      })
      .optional(),
    roles: z.array(namedRef).optional(),
    catalog: z.array(z.unknown()).optional(),
  }),
});

/** The part of Keystone's token body this service reads; other fields are kept as Keystone sent them. */
export type KeystoneTokenBody = z.infer<typeof tokenBodySchema>;

export interface KeystoneToken {
  /** The token itself (Keystone's `X-Subject-Token` header). Never log it. */
  readonly token: string;
  readonly body: KeystoneTokenBody;
  /** ms since epoch */
  readonly expiresAt: number;
}

interface RawResponse {
  readonly status: number;
  readonly subjectToken: string | null;
  readonly json: unknown;
}

const DEFAULT_TIMEOUT_MS = 5000;
/** Renew the service token this long before it expires, so a validation never races its expiry. */
const MAX_RENEW_MARGIN_MS = 30_000;

export class KeystoneClient {
  readonly authUrl: string;
  readonly #service: PasswordCredentials | undefined;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  readonly #dispatcher: Dispatcher | undefined;
  #serviceToken: KeystoneToken | null = null;
  #serviceLogin: Promise<KeystoneToken> | null = null;

  constructor(options: KeystoneClientOptions) {
    this.authUrl = normalizeAuthUrl(options.authUrl);
    this.#service = options.service;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#now = options.now ?? Date.now;
    this.#dispatcher = options.dispatcher;
  }

  /** Password login. Throws {@link InvalidCredentialsError} when Keystone answers 401. */
  async passwordAuth(credentials: PasswordCredentials): Promise<KeystoneToken> {
    const identity = {
      methods: ['password'],
      password: {
        user: {
          name: credentials.username,
          domain: { name: credentials.userDomainName ?? 'Default' },
          password: credentials.password,
        },
      },
    };
    const scope =
      credentials.projectName === undefined
        ? undefined
        : projectScope({
            projectName: credentials.projectName,
            projectDomainName: credentials.projectDomainName,
          });
    try {
      return await this.#issue({ auth: scope ? { identity, scope } : { identity } });
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new InvalidCredentialsError(credentials.username);
      throw error;
    }
  }

  /** A new token for another project from an existing one (what a project switch does). */
  async rescope(token: string, scope: ProjectScope): Promise<KeystoneToken> {
    return this.#issue({
      auth: { identity: { methods: ['token'], token: { id: token } }, scope: projectScope(scope) },
    });
  }

  /**
   * Asks Keystone whether `subjectToken` is valid and who it belongs to. Throws
   * {@link InvalidTokenError} when Keystone refuses it (or it is not scoped to a project) and
   * {@link KeystoneUnavailableError} when no trustworthy answer could be had.
   */
  async validateToken(subjectToken: string): Promise<AuthContext> {
    const response = await this.#withServiceToken((serviceToken) =>
      // With the catalog: workflows find the services they call for the caller in it.
      this.#send('GET', '/auth/tokens', {
        'x-auth-token': serviceToken,
        'x-subject-token': subjectToken,
      }),
    );
    switch (response.status) {
      case 200:
        return authContextFromTokenBody(parseTokenBody(response.json), subjectToken);
      case 401:
      case 404:
        throw new InvalidTokenError('Keystone refused the token', response.status);
      default:
        throw unexpectedStatus(response.status, 'validating a token');
    }
  }

  /** Revokes `subjectToken` (logout). Already invalid tokens throw {@link InvalidTokenError}. */
  async revokeToken(subjectToken: string): Promise<void> {
    const response = await this.#withServiceToken((serviceToken) =>
      this.#send('DELETE', '/auth/tokens', {
        'x-auth-token': serviceToken,
        'x-subject-token': subjectToken,
      }),
    );
    if (response.status === 204 || response.status === 200) return;
    if (response.status === 404 || response.status === 401) {
      throw new InvalidTokenError('Keystone refused the token', response.status);
    }
    throw unexpectedStatus(response.status, 'revoking a token');
  }

  /**
   * A valid token of the service user, logging in again when the cached one is about to expire. Also
   * what other OpenStack calls made by the service (trusts for cron triggers) authenticate with.
   */
  async getServiceToken(): Promise<string> {
    return (await this.#currentServiceToken()).token;
  }

  async #currentServiceToken(): Promise<KeystoneToken> {
    const current = this.#serviceToken;
    if (current && this.#isFresh(current)) return current;
    return this.#renewServiceToken(current?.token ?? null);
  }

  /**
   * Logs the service user in unless someone already replaced `staleToken`. Single-flight: concurrent
   * requests that find the token stale share one login.
   */
  #renewServiceToken(staleToken: string | null): Promise<KeystoneToken> {
    const service = this.#service;
    if (!service) {
      return Promise.reject(
        new KeystoneUnavailableError('no service credentials configured for validating tokens'),
      );
    }
    const current = this.#serviceToken;
    if (current && current.token !== staleToken && this.#isFresh(current)) return Promise.resolve(current);
    if (this.#serviceLogin) return this.#serviceLogin;
    const login = this.passwordAuth(service).then(
      (token) => {
        this.#serviceToken = token;
        return token;
      },
      (error: unknown) => {
        if (error instanceof InvalidCredentialsError) {
          throw new KeystoneUnavailableError(
            `Keystone rejected the service user '${service.username}'; check the CONVECTION_SERVICE_* settings`,
            { status: 401, cause: error },
          );
        }
        throw error;
      },
    );
    this.#serviceLogin = login;
    const clear = (): void => {
      if (this.#serviceLogin === login) this.#serviceLogin = null;
    };
    login.then(clear, clear);
    return login;
  }

  #isFresh(token: KeystoneToken): boolean {
    const issuedAt = parseKeystoneTime(token.body.token.issued_at) ?? token.expiresAt;
    const margin = Math.min(MAX_RENEW_MARGIN_MS, Math.max(0, token.expiresAt - issuedAt) / 10);
    return this.#now() < token.expiresAt - margin;
  }

  /**
   * Runs a call that authenticates with the service token. Keystone answers 401 when that token was
   * revoked or expired early (clock skew, key rotation): log in again once and retry.
   */
  async #withServiceToken(call: (serviceToken: string) => Promise<RawResponse>): Promise<RawResponse> {
    const first = await this.#currentServiceToken();
    const response = await call(first.token);
    if (response.status !== 401) return response;
    const renewed = await this.#renewServiceToken(first.token);
    return call(renewed.token);
  }

  async #issue(body: unknown): Promise<KeystoneToken> {
    const response = await this.#send('POST', '/auth/tokens', { 'content-type': 'application/json' }, body);
    if (response.status === 201 || response.status === 200) {
      if (!response.subjectToken) {
        throw new KeystoneUnavailableError('Keystone issued a token without X-Subject-Token', {
          status: response.status,
        });
      }
      const parsed = parseTokenBody(response.json);
      return {
        token: response.subjectToken,
        body: parsed,
        expiresAt: requireKeystoneTime(parsed.token.expires_at),
      };
    }
    if (response.status === 401 || response.status === 404) {
      throw new InvalidTokenError('Keystone refused the credentials', response.status);
    }
    throw unexpectedStatus(response.status, 'issuing a token');
  }

  async #send(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<RawResponse> {
    const url = this.authUrl + path;
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method,
        headers: { accept: 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.#timeoutMs),
        dispatcher: this.#dispatcher,
      });
    } catch (error) {
      throw new KeystoneUnavailableError(`cannot reach Keystone at ${this.authUrl}: ${describe(error)}`, {
        cause: error,
      });
    }
    let text: string;
    try {
      text = await response.body.text();
    } catch (error) {
      throw new KeystoneUnavailableError(`Keystone response from ${this.authUrl} was cut short: ${describe(error)}`, {
        status: response.statusCode,
        cause: error,
      });
    }
    const subject = response.headers['x-subject-token'];
    return {
      status: response.statusCode,
      subjectToken: typeof subject === 'string' ? subject : null,
      json: parseJson(text),
    };
  }
}

/**
 * Maps a validated token body to the request's {@link AuthContext}. Keystone expands implied roles
 * (admin ⇒ member ⇒ reader), so a member's token lists `reader` too: read-only means `reader` without
 * `member` or `admin`.
 */
export function authContextFromTokenBody(body: KeystoneTokenBody, token: string | null): AuthContext {
  const { user, project } = body.token;
  if (!project) throw new InvalidTokenError('token is not scoped to a project', null);
  const roles = Object.freeze((body.token.roles ?? []).map((role) => role.name));
  const lower = new Set(roles.map((role) => role.toLowerCase()));
  const isAdmin = lower.has('admin');
  return Object.freeze({
    userId: user.id,
    userName: user.name,
    projectId: project.id,
    projectName: project.name,
    domainId: project.domain?.id ?? user.domain?.id ?? null,
    roles,
    isAdmin,
    readOnly: lower.has('reader') && !lower.has('member') && !isAdmin,
    token,
    expiresAt: requireKeystoneTime(body.token.expires_at),
    ...(body.token.catalog === undefined ? {} : { serviceCatalog: Object.freeze(body.token.catalog) }),
  });
}

/** Accepts the forms operators put in OS_AUTH_URL and returns the v3 base without a trailing slash. */
export function normalizeAuthUrl(authUrl: string): string {
  let url: URL;
  try {
    url = new URL(authUrl);
  } catch {
    throw new TypeError(`Keystone URL is not a URL: '${authUrl}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`Keystone URL must be http or https: '${authUrl}'`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (/\/v2(\.0)?$/.test(path)) throw new TypeError(`Keystone v2 is not supported: '${authUrl}'`);
  url.pathname = path.endsWith('/v3') ? path : `${path}/v3`;
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

function projectScope(scope: ProjectScope): { project: { name: string; domain: { name: string } } } {
  return { project: { name: scope.projectName, domain: { name: scope.projectDomainName ?? 'Default' } } };
}

function parseTokenBody(json: unknown): KeystoneTokenBody {
  const parsed = tokenBodySchema.safeParse(json);
  if (!parsed.success) {
    throw new KeystoneUnavailableError(`Keystone returned a token body this client cannot read: ${parsed.error.message}`);
  }
  if (parseKeystoneTime(parsed.data.token.expires_at) === null) {
    throw new KeystoneUnavailableError('Keystone returned a token with an unreadable expires_at');
  }
  return parsed.data;
}

/** Keystone writes microseconds (`2026-01-01T00:00:00.000000Z`), which Date.parse does not promise to read. */
export function parseKeystoneTime(value: string | undefined): number | null {
  if (value === undefined) return null;
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/.exec(value);
  if (!match) return null;
  const millis = (match[2] ?? '').padEnd(3, '0').slice(0, 3);
  const ms = Date.parse(`${match[1]}.${millis}${match[3] ?? 'Z'}`);
  return Number.isNaN(ms) ? null : ms;
}

function requireKeystoneTime(value: string): number {
  const ms = parseKeystoneTime(value);
  if (ms === null) throw new KeystoneUnavailableError('Keystone returned an unreadable timestamp');
  return ms;
}

function unexpectedStatus(status: number, doing: string): KeystoneUnavailableError {
  const hint = status === 403 ? ' (the service user lacks the admin or service role)' : '';
  return new KeystoneUnavailableError(`Keystone answered ${status} while ${doing}${hint}`, { status });
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
