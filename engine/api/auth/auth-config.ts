/**
 * How the API authenticates callers, read from the environment at startup. Missing or malformed settings
 * fail at startup with every problem listed, rather than on the first request.
 */

import { normalizeAuthUrl } from './keystone-client.js';
import type { PasswordCredentials } from './keystone-client.js';
import type { TokenCacheOptions } from './token-cache.js';

export type AuthMode = 'noauth' | 'keystone';

export interface NoAuthConfig {
  readonly mode: 'noauth';
}

export interface KeystoneAuthConfig {
  readonly mode: 'keystone';
  /** Keystone v3 base URL, normalized (ends in `/v3`). */
  readonly authUrl: string;
  /** The API's service user; it needs the `admin` or `service` role to validate other users' tokens. */
  readonly service: Required<PasswordCredentials>;
  readonly cache?: TokenCacheOptions;
  /** @default 5000 */
  readonly timeoutMs?: number;
}

export type AuthConfig = NoAuthConfig | KeystoneAuthConfig;

export class AuthConfigError extends Error {
  override readonly name = 'AuthConfigError';
  readonly code = 'CONVECTION_AUTH_CONFIG_INVALID';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid authentication settings:\n  - ${problems.join('\n  - ')}`);
    this.problems = Object.freeze([...problems]);
  }
}

/**
 * Reads:
 * - `CONVECTION_AUTH`: `noauth` (default) or `keystone`
 * - with `keystone`: `OS_AUTH_URL`, `CONVECTION_SERVICE_USERNAME`, `CONVECTION_SERVICE_PASSWORD` (required),
 *   `CONVECTION_SERVICE_PROJECT_NAME` (default `service`), `CONVECTION_SERVICE_DOMAIN_NAME` (default
 *   `Default`, used for both the user's and the project's domain), `CONVECTION_AUTH_CACHE_TTL` (seconds a
 *   validated token is trusted, default 300), `CONVECTION_KEYSTONE_TIMEOUT` (seconds per Keystone call,
 *   default 5).
 *
 * Throws {@link AuthConfigError} listing every problem. Messages never contain the password.
 */
export function authConfigFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): AuthConfig {
  const mode = (env.CONVECTION_AUTH ?? '').trim().toLowerCase() || 'noauth';
  if (mode === 'noauth') return Object.freeze({ mode: 'noauth' });
  if (mode !== 'keystone') {
    throw new AuthConfigError([`CONVECTION_AUTH must be 'noauth' or 'keystone', got '${env.CONVECTION_AUTH}'`]);
  }

  const problems: string[] = [];
  const required = (name: string): string => {
    const value = env[name];
    if (value === undefined || value.trim() === '') {
      problems.push(`${name} is required when CONVECTION_AUTH=keystone`);
      return '';
    }
    return name === 'CONVECTION_SERVICE_PASSWORD' ? value : value.trim();
  };
  const optional = (name: string, fallback: string): string => env[name]?.trim() || fallback;
  const seconds = (name: string, fallback: number, allowZero: boolean): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
      problems.push(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number of seconds, got '${raw}'`);
      return fallback;
    }
    return value;
  };

  let authUrl = required('OS_AUTH_URL');
  if (authUrl) {
    try {
      authUrl = normalizeAuthUrl(authUrl);
    } catch (error) {
      problems.push(`OS_AUTH_URL: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const username = required('CONVECTION_SERVICE_USERNAME');
  const password = required('CONVECTION_SERVICE_PASSWORD');
  const projectName = optional('CONVECTION_SERVICE_PROJECT_NAME', 'service');
  const domainName = optional('CONVECTION_SERVICE_DOMAIN_NAME', 'Default');
  const cacheTtlSeconds = seconds('CONVECTION_AUTH_CACHE_TTL', 300, true);
  const timeoutSeconds = seconds('CONVECTION_KEYSTONE_TIMEOUT', 5, false);

  if (problems.length > 0) throw new AuthConfigError(problems);
  return Object.freeze({
    mode: 'keystone',
    authUrl,
    service: Object.freeze({
      username,
      password,
      projectName,
      userDomainName: domainName,
      projectDomainName: domainName,
    }),
    cache: Object.freeze({ maxTtlMs: Math.round(cacheTtlSeconds * 1000) }),
    timeoutMs: Math.round(timeoutSeconds * 1000),
  });
}
