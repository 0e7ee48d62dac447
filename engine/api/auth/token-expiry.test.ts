import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, expect, it } from 'vitest';
import type { AuthContext } from './auth-context.js';
import { beforeAllKeystone, closedPort, credentials, describeWithKeystone, stopKeystone } from './keystone-fixture.js';
import type { KeystoneInstance } from './keystone-fixture.js';
import { KeystoneClient } from './keystone-client.js';
import type { PasswordCredentials } from './keystone-client.js';
import { AUTH_MESSAGES, AuthError, createAuthResolver } from './resolve-auth.js';

const TOKEN_LIFETIME_S = 5;

/**
 * A second, throwaway Keystone whose tokens live 5 seconds: real expiry, of user tokens and of the
 * service token, cannot be simulated with a clock because Keystone decides it.
 */
describeWithKeystone('token expiry on a Keystone issuing 5-second tokens', () => {
  let keystone: KeystoneInstance | undefined;
  let service: Required<PasswordCredentials>;

  beforeAllKeystone(
    (started) => {
      keystone = started;
      // Bootstrap-only instance: admin doubles as the service user.
      service = credentials(started, 'admin');
    },
    async () => ({
      dir: process.env.CONVECTION_KEYSTONE_SHORT_DIR ?? '/tmp/convection-keystone-short',
      port: await closedPort(),
      tokenExpiration: TOKEN_LIFETIME_S,
      provision: false,
    }),
  );

  afterAll(async () => {
    if (keystone) await stopKeystone(keystone);
  });

  it('rejects a token once it has expired, even with a long cache TTL, renewing the service token', async () => {
    if (!keystone) throw new Error('keystone did not start');
    const logins: string[] = [];
    class CountingClient extends KeystoneClient {
      override passwordAuth(c: PasswordCredentials): ReturnType<KeystoneClient['passwordAuth']> {
        logins.push(c.username);
        return super.passwordAuth(c);
      }
    }
    const client = new CountingClient({ authUrl: keystone.authUrl, service });
    let calls = 0;
    const resolve = createAuthResolver(
      { mode: 'keystone', authUrl: keystone.authUrl, service, cache: { maxTtlMs: 300_000 } },
      {
        validator: {
          validateToken(token: string): Promise<AuthContext> {
            calls += 1;
            return client.validateToken(token);
          },
        },
      },
    );
    const issuer = new KeystoneClient({ authUrl: keystone.authUrl });
    const issued = await issuer.passwordAuth(service);
    expect(issued.expiresAt - Date.now()).toBeLessThanOrEqual(TOKEN_LIFETIME_S * 1000);

    const context = await resolve({ headers: { 'x-auth-token': issued.token } });
    expect(context).toMatchObject({ projectName: 'admin', isAdmin: true, expiresAt: issued.expiresAt });
    await resolve({ headers: { 'x-auth-token': issued.token } });
    expect(calls).toBe(1);
    expect(logins).toEqual(['admin']);

    // Keystone's expires_at has whole seconds; a second of slack keeps this from racing its clock.
    await sleep(Math.max(0, issued.expiresAt - Date.now()) + 1000);

    const error: unknown = await resolve({ headers: { 'x-auth-token': issued.token } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ statusCode: 401, message: AUTH_MESSAGES.CONVECTION_AUTH_INVALID_TOKEN });
    expect(calls).toBe(2);
    // The service token expired with the user's: the client logged in again instead of failing.
    expect(logins).toEqual(['admin', 'admin']);

    const next = await issuer.passwordAuth(service);
    await expect(resolve({ headers: { 'x-auth-token': next.token } })).resolves.toMatchObject({ projectName: 'admin' });
  }, 30_000);
});
