import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { NOAUTH_CONTEXT } from './auth-context.js';
import type { AuthContext } from './auth-context.js';
import { beforeAllKeystone, closedPort, credentials, describeWithKeystone } from './keystone-fixture.js';
import type { KeystoneInstance, KeystoneUser } from './keystone-fixture.js';
import { KeystoneClient } from './keystone-client.js';
import { AUTH_MESSAGES, AuthError, authConfigFromEnv, createAuthResolver } from './resolve-auth.js';
import type { AuthResolver, KeystoneAuthConfig, TokenValidator } from './resolve-auth.js';
import { TokenCache } from './token-cache.js';
import { faultOf } from '../errors.js';
import type { AuthResolver as AppAuthResolver } from '../route-options.js';

/** Counts the validations that reach the real client, i.e. the calls to Keystone. */
function counting(inner: TokenValidator): TokenValidator & { calls: number } {
  const wrapper = {
    calls: 0,
    validateToken(token: string): Promise<AuthContext> {
      wrapper.calls += 1;
      return inner.validateToken(token);
    },
  };
  return wrapper;
}

function request(token?: string): { headers: Record<string, string> } {
  return { headers: token === undefined ? {} : { 'x-auth-token': token } };
}

async function rejection(promise: Promise<unknown>): Promise<AuthError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

function keystoneConfig(authUrl: string, service: { username: string; password: string }): KeystoneAuthConfig {
  const config = authConfigFromEnv({
    CONVECTION_AUTH: 'keystone',
    OS_AUTH_URL: authUrl,
    CONVECTION_SERVICE_USERNAME: service.username,
    CONVECTION_SERVICE_PASSWORD: service.password,
  });
  if (config.mode !== 'keystone') throw new Error('expected keystone mode');
  return config;
}

/** A minimal app wired the way engine/api/app.ts uses the resolver, to check the HTTP answer. */
async function appWith(resolve: AuthResolver): Promise<FastifyInstance> {
  const app = Fastify();
  app.addHook('onRequest', async (req) => {
    req.auth = await resolve(req);
  });
  app.get('/v2/whoami', async (req) => ({ project: req.auth.projectName, readOnly: req.auth.readOnly }));
  await app.ready();
  return app;
}

describe('createAuthResolver without Keystone', () => {
  it('fits the app: its resolver type and its error handler read AuthError as intended', () => {
    const resolver: AppAuthResolver = createAuthResolver(authConfigFromEnv({}));
    expect(typeof resolver).toBe('function');
    const context = { bodyLimit: 1024, contentType: undefined };
    expect(faultOf(AuthError.required(), context)).toEqual({
      statusCode: 401,
      message: AUTH_MESSAGES.CONVECTION_AUTH_REQUIRED,
      headers: {
        'Server-Error-Message': AUTH_MESSAGES.CONVECTION_AUTH_REQUIRED,
        'WWW-Authenticate': AUTH_MESSAGES.CONVECTION_AUTH_REQUIRED,
      },
    });
    expect(faultOf(AuthError.unavailable(), context)).toMatchObject({
      statusCode: 503,
      message: AUTH_MESSAGES.CONVECTION_AUTH_UNAVAILABLE,
    });
  });

  it('gives every request the noauth context when auth is off', async () => {
    const resolve = createAuthResolver(authConfigFromEnv({}));
    await expect(resolve(request())).resolves.toBe(NOAUTH_CONTEXT);
    await expect(resolve(request('anything'))).resolves.toBe(NOAUTH_CONTEXT);
  });

  it('answers 401 "Authentication required" for a missing or empty token without asking Keystone', async () => {
    const port = await closedPort();
    const config = keystoneConfig(`http://127.0.0.1:${port}`, { username: 'convection', password: 'x' });
    const validator = counting(new KeystoneClient({ authUrl: config.authUrl, service: config.service }));
    const resolve = createAuthResolver(config, { validator });
    for (const req of [request(), request(''), request('  ')]) {
      const error = await rejection(resolve(req));
      expect(error.statusCode).toBe(401);
      expect(error.message).toBe('Failed to validate access token: Authentication required');
      expect(error.headers).toEqual({
        'Server-Error-Message': AUTH_MESSAGES.CONVECTION_AUTH_REQUIRED,
        'WWW-Authenticate': AUTH_MESSAGES.CONVECTION_AUTH_REQUIRED,
      });
    }
    const malformed = await rejection(resolve(request('not a token')));
    expect(malformed.message).toBe('Failed to validate access token: Auth token is invalid');
    expect(validator.calls).toBe(0);
  });
});

describeWithKeystone('createAuthResolver against a real Keystone', () => {
  let keystone: KeystoneInstance;
  let config: KeystoneAuthConfig;
  let issuer: KeystoneClient;
  const tokenOf = async (user: KeystoneUser, projectName?: string): Promise<string> =>
    (await issuer.passwordAuth(credentials(keystone, user, projectName))).token;
  const fresh = (options: { now?: () => number; maxTtlMs?: number } = {}) => {
    const validator = counting(new KeystoneClient({ authUrl: config.authUrl, service: config.service }));
    const cache = new TokenCache({ ...config.cache, ...options });
    return { validator, cache, resolve: createAuthResolver(config, { validator, cache }) };
  };

  beforeAllKeystone((started) => {
    keystone = started;
    config = keystoneConfig(keystone.authUrl, credentials(keystone, 'convection'));
    issuer = new KeystoneClient({ authUrl: keystone.authUrl, service: config.service });
  });

  it('resolves a member token to the demo project with the member role', async () => {
    const { resolve } = fresh();
    const token = await tokenOf('demo-member');
    const context = await resolve(request(token));
    expect(context).toMatchObject({ userName: 'demo-member', projectName: 'demo', isAdmin: false, readOnly: false, token });
    expect(context.roles).toContain('member');
    expect(context.expiresAt).toBeGreaterThan(Date.now());
  });

  it('resolves a reader as read-only and an admin as admin', async () => {
    const { resolve } = fresh();
    await expect(resolve(request(await tokenOf('demo-reader')))).resolves.toMatchObject({
      projectName: 'demo',
      readOnly: true,
      isAdmin: false,
    });
    await expect(resolve(request(await tokenOf('admin')))).resolves.toMatchObject({
      projectName: 'admin',
      readOnly: false,
      isAdmin: true,
    });
  });

  it('resolves a token re-scoped to project other to that project', async () => {
    const { resolve } = fresh();
    const demoToken = await tokenOf('both-member');
    const otherToken = (await issuer.rescope(demoToken, { projectName: 'other' })).token;
    const [demo, other] = await Promise.all([resolve(request(demoToken)), resolve(request(otherToken))]);
    expect(demo.projectName).toBe('demo');
    expect(other.projectName).toBe('other');
    expect(other.userId).toBe(demo.userId);
  });

  it('answers 401 with Mistral\'s message for a token Keystone does not know, and remembers it briefly', async () => {
    const { resolve, validator } = fresh();
    const garbage = 'gAAAAABnot-a-real-token-0123456789';
    const error = await rejection(resolve(request(garbage)));
    expect(error.statusCode).toBe(401);
    expect(error.message).toBe('Failed to validate access token: Auth token is invalid');
    expect(error.headers['Server-Error-Message']).toBe(AUTH_MESSAGES.CONVECTION_AUTH_INVALID_TOKEN);
    expect(error.headers['WWW-Authenticate']).toBe(AUTH_MESSAGES.CONVECTION_AUTH_INVALID_TOKEN);
    expect(JSON.stringify(error.headers)).not.toContain(garbage);
    await rejection(resolve(request(garbage)));
    expect(validator.calls).toBe(1);
  });

  it('answers a cached token without a second Keystone call', async () => {
    const { resolve, validator } = fresh();
    const token = await tokenOf('demo-member');
    const first = await resolve(request(token));
    const second = await resolve(request(token));
    expect(second).toEqual(first);
    expect(second.token).toBe(token);
    expect(validator.calls).toBe(1);
  });

  it('validates a token once for concurrent requests', async () => {
    const { resolve, validator } = fresh();
    const token = await tokenOf('demo-member');
    const contexts = await Promise.all(Array.from({ length: 5 }, () => resolve(request(token))));
    expect(new Set(contexts.map((c) => c.projectId)).size).toBe(1);
    expect(validator.calls).toBe(1);
  });

  it('notices a revoked token once the cache TTL has passed', async () => {
    // A frozen clock: revoking takes real time, which must not count towards the TTL.
    const base = Date.now();
    let offset = 0;
    const { resolve, validator } = fresh({ now: () => base + offset, maxTtlMs: 60_000 });
    const token = await tokenOf('demo-member');
    await expect(resolve(request(token))).resolves.toMatchObject({ projectName: 'demo' });
    await issuer.revokeToken(token);

    offset = 59_000;
    await expect(resolve(request(token))).resolves.toMatchObject({ projectName: 'demo' });
    expect(validator.calls).toBe(1);

    offset = 60_000;
    const error = await rejection(resolve(request(token)));
    expect(error.statusCode).toBe(401);
    expect(error.message).toBe(AUTH_MESSAGES.CONVECTION_AUTH_INVALID_TOKEN);
    expect(validator.calls).toBe(2);
  });

  it('answers 503 when Keystone is down, and asks again on the next request', async () => {
    const port = await closedPort();
    const down = keystoneConfig(`http://127.0.0.1:${port}/v3`, config.service);
    const validator = counting(new KeystoneClient({ authUrl: down.authUrl, service: down.service, timeoutMs: 2000 }));
    const resolve = createAuthResolver(down, { validator });
    const token = await tokenOf('demo-member');
    for (let i = 0; i < 2; i += 1) {
      const error = await rejection(resolve(request(token)));
      expect(error.statusCode).toBe(503);
      expect(error.code).toBe('CONVECTION_AUTH_UNAVAILABLE');
      expect(error.headers['Server-Error-Message']).toBe(error.message);
    }
    expect(validator.calls).toBe(2);
  });

  it('logs failures without the token or the service password', async () => {
    const lines: string[] = [];
    const logger = {
      warn: (details: Record<string, unknown>, message: string) => lines.push(JSON.stringify({ details, message })),
      debug: (details: Record<string, unknown>, message: string) => lines.push(JSON.stringify({ details, message })),
    };
    const port = await closedPort();
    const down = keystoneConfig(`http://127.0.0.1:${port}/v3`, config.service);
    const token = await tokenOf('demo-member');
    await rejection(createAuthResolver(down, { logger })(request(token)));
    const garbage = 'gAAAAABlogged-never-0123456789';
    await rejection(createAuthResolver(config, { logger })(request(garbage)));
    expect(lines.length).toBe(2);
    for (const line of lines) {
      expect(line).not.toContain(token);
      expect(line).not.toContain(garbage);
      expect(line).not.toContain(config.service.password);
    }
  });

  it('gives Fastify the status, headers and context to answer with', async () => {
    const { resolve } = fresh();
    const app = await appWith(resolve);
    try {
      const missing = await app.inject({ method: 'GET', url: '/v2/whoami' });
      expect(missing.statusCode).toBe(401);
      expect(missing.headers['server-error-message']).toBe(AUTH_MESSAGES.CONVECTION_AUTH_REQUIRED);
      expect(missing.headers['www-authenticate']).toBe(AUTH_MESSAGES.CONVECTION_AUTH_REQUIRED);

      const invalid = await app.inject({ method: 'GET', url: '/v2/whoami', headers: { 'x-auth-token': 'gAAAAABnope' } });
      expect(invalid.statusCode).toBe(401);
      expect(invalid.headers['server-error-message']).toBe(AUTH_MESSAGES.CONVECTION_AUTH_INVALID_TOKEN);

      const token = await tokenOf('demo-reader');
      const ok = await app.inject({ method: 'GET', url: '/v2/whoami', headers: { 'x-auth-token': token } });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({ project: 'demo', readOnly: true });
    } finally {
      await app.close();
    }
  });
});
