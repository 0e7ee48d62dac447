/**
 * The `auth` resolver handed to `buildApp`: turns a request into the {@link AuthContext} every route
 * reads, or throws an {@link AuthError} (401 with Mistral's message, or 503 when Keystone cannot answer).
 */

import type { IncomingHttpHeaders } from 'node:http';
import { NOAUTH_CONTEXT } from './auth-context.js';
import type { AuthContext } from './auth-context.js';
import type { AuthConfig } from './auth-config.js';
import { AuthError } from './auth-error.js';
import { KeystoneClient } from './keystone-client.js';
import { InvalidTokenError, KeystoneUnavailableError } from './keystone-errors.js';
import { TokenCache, tokenKey } from './token-cache.js';

export { AuthError, AUTH_MESSAGES, isAuthError } from './auth-error.js';
export type { AuthErrorCode } from './auth-error.js';
export { authConfigFromEnv, AuthConfigError } from './auth-config.js';
export type { AuthConfig, AuthMode, KeystoneAuthConfig, NoAuthConfig } from './auth-config.js';

/** The slice of pino's logger the resolver uses; Fastify's `request.log` fits. */
export interface AuthLogger {
  warn(details: Record<string, unknown>, message: string): void;
  debug(details: Record<string, unknown>, message: string): void;
}

/** The slice of a Fastify request the resolver reads. */
export interface AuthRequest {
  readonly headers: IncomingHttpHeaders;
  readonly log?: AuthLogger;
}

export type AuthResolver = (request: AuthRequest) => Promise<AuthContext>;

/** What answers "is this token valid, and whose is it"; the {@link KeystoneClient} in production. */
export interface TokenValidator {
  validateToken(token: string): Promise<AuthContext>;
}

export interface AuthResolverDeps {
  /** @default a KeystoneClient built from the config */
  readonly validator?: TokenValidator;
  /** @default a TokenCache built from `config.cache` */
  readonly cache?: TokenCache;
  /** Used when the request has no `log`. */
  readonly logger?: AuthLogger;
}

/** Larger than any Keystone token (fernet ≈ 180–250 bytes, JWS ≈ 800); bigger ones are not tokens. */
const MAX_TOKEN_LENGTH = 8192;
/** Tokens are URL-safe base64 or JWS; anything else would only make Keystone answer 404 later. */
const TOKEN_SHAPE = /^[\x21-\x7e]+$/;

export function createAuthResolver(config: AuthConfig, deps: AuthResolverDeps = {}): AuthResolver {
  if (config.mode === 'noauth') return () => Promise.resolve(NOAUTH_CONTEXT);

  const validator =
    deps.validator ??
    new KeystoneClient({ authUrl: config.authUrl, service: config.service, timeoutMs: config.timeoutMs });
  const cache = deps.cache ?? new TokenCache(config.cache);
  // Concurrent requests with the same uncached token (a page firing several API calls) share one call.
  const inFlight = new Map<string, Promise<AuthContext>>();

  const validate = async (token: string, key: string, log: AuthLogger | undefined): Promise<AuthContext> => {
    try {
      const context = await validator.validateToken(token);
      cache.rememberValid(token, context);
      return context;
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        cache.rememberInvalid(token);
        log?.debug({ tokenHash: key.slice(0, 16), reason: error.message }, 'rejected an invalid token');
        throw AuthError.invalidToken(error);
      }
      if (error instanceof KeystoneUnavailableError) {
        log?.warn({ err: error.message, keystoneStatus: error.status }, 'cannot validate token: Keystone unavailable');
        throw AuthError.unavailable(error);
      }
      throw error;
    }
  };

  return async (request) => {
    const token = readToken(request.headers);
    if (token === null) throw AuthError.required();
    if (token.length > MAX_TOKEN_LENGTH || !TOKEN_SHAPE.test(token)) throw AuthError.invalidToken();

    const hit = cache.get(token);
    if (hit) {
      if (!hit.valid) throw AuthError.invalidToken();
      return withToken(hit.context, token);
    }

    const key = tokenKey(token);
    let pending = inFlight.get(key);
    if (!pending) {
      pending = validate(token, key, request.log ?? deps.logger);
      inFlight.set(key, pending);
      const done = (): void => {
        inFlight.delete(key);
      };
      pending.then(done, done);
    }
    return withToken(await pending, token);
  };
}

/** `X-Auth-Token`, trimmed; an empty one counts as missing, as in Mistral. */
function readToken(headers: IncomingHttpHeaders): string | null {
  const raw = headers['x-auth-token'];
  if (typeof raw !== 'string') return null;
  const token = raw.trim();
  return token === '' ? null : token;
}

function withToken(context: AuthContext, token: string): AuthContext {
  return context.token === token ? context : Object.freeze({ ...context, token });
}
