import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { beforeAllKeystone, closedPort, credentials, describeWithKeystone } from './keystone-fixture.js';
import type { KeystoneInstance } from './keystone-fixture.js';
import { KeystoneClient } from './keystone-client.js';
import type { PasswordCredentials } from './keystone-client.js';
import { InvalidCredentialsError, InvalidTokenError, KeystoneUnavailableError } from './keystone-errors.js';

/**
 * Failure modes a real Keystone cannot be made to produce on demand (hanging, answering 500) are played
 * by a bare socket server; everything else runs against the real one below.
 */
describe('KeystoneClient when Keystone misbehaves', () => {
  async function serve(onConnection: (socket: Socket) => void): Promise<{ url: string; close: () => Promise<void> }> {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      onConnection(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}/v3`,
      close: async () => {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }
  const service = { username: 'convection', password: 'x', projectName: 'service' };

  it('gives up after the timeout when Keystone accepts but never answers', async () => {
    const hung = await serve(() => undefined);
    try {
      const client = new KeystoneClient({ authUrl: hung.url, service, timeoutMs: 300 });
      const started = Date.now();
      await expect(client.validateToken('gAAAAABx')).rejects.toBeInstanceOf(KeystoneUnavailableError);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await hung.close();
    }
  });

  it('treats a 500 as unavailable, never as a verdict on the token', async () => {
    const broken = await serve((socket) => {
      socket.once('data', () =>
        socket.end('HTTP/1.1 500 Internal Server Error\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}'),
      );
    });
    try {
      const client = new KeystoneClient({ authUrl: broken.url, service });
      await expect(client.validateToken('gAAAAABx')).rejects.toMatchObject({
        code: 'KEYSTONE_UNAVAILABLE',
        status: 500,
      });
    } finally {
      await broken.close();
    }
  });
});

describeWithKeystone('KeystoneClient against a real Keystone', () => {
  let keystone: KeystoneInstance;
  let client: KeystoneClient;

  beforeAllKeystone((started) => {
    keystone = started;
    client = new KeystoneClient({ authUrl: keystone.authUrl, service: credentials(keystone, 'convection') });
  });

  it('logs in with a password and returns the token, its body and its expiry', async () => {
    const before = Date.now();
    const issued = await client.passwordAuth(credentials(keystone, 'demo-member'));
    expect(issued.token).toMatch(/^gAAAAA/);
    expect(issued.body.token.project?.name).toBe('demo');
    expect(issued.body.token.user.name).toBe('demo-member');
    expect(issued.body.token.catalog?.length).toBeGreaterThan(0);
    expect(issued.expiresAt).toBeGreaterThan(before);
  });

  it('refuses a wrong password as invalid credentials', async () => {
    await expect(
      client.passwordAuth({ ...credentials(keystone, 'demo-member'), password: 'wrong' }),
    ).rejects.toBeInstanceOf(InvalidCredentialsError);
  });

  it('validates a member token into the demo project with the member role', async () => {
    const { token, expiresAt } = await client.passwordAuth(credentials(keystone, 'demo-member'));
    const context = await client.validateToken(token);
    expect(context).toMatchObject({
      userName: 'demo-member',
      projectName: 'demo',
      domainId: 'default',
      isAdmin: false,
      readOnly: false,
      token,
      expiresAt,
    });
    expect(context.userId).toMatch(/^[0-9a-f]{32}$/);
    expect(context.projectId).toMatch(/^[0-9a-f]{32}$/);
    expect(context.roles).toEqual(expect.arrayContaining(['member', 'reader']));
    expect(context.roles).not.toContain('admin');
  });

  it('marks a reader read-only', async () => {
    const { token } = await client.passwordAuth(credentials(keystone, 'demo-reader'));
    const context = await client.validateToken(token);
    expect(context).toMatchObject({ projectName: 'demo', roles: ['reader'], readOnly: true, isAdmin: false });
  });

  it('marks an admin as admin and not read-only', async () => {
    const { token } = await client.passwordAuth(credentials(keystone, 'admin'));
    const context = await client.validateToken(token);
    expect(context).toMatchObject({ userName: 'admin', projectName: 'admin', isAdmin: true, readOnly: false });
    expect(context.roles).toContain('admin');
  });

  it('re-scopes a token to another project the user belongs to', async () => {
    const demo = await client.passwordAuth(credentials(keystone, 'both-member'));
    const other = await client.rescope(demo.token, { projectName: 'other' });
    expect(other.token).not.toBe(demo.token);
    const context = await client.validateToken(other.token);
    expect(context).toMatchObject({ userName: 'both-member', projectName: 'other', readOnly: false });
    expect(context.projectId).not.toBe((await client.validateToken(demo.token)).projectId);
  });

  it('cannot re-scope into a project where the user has no role', async () => {
    const { token } = await client.passwordAuth(credentials(keystone, 'demo-member'));
    await expect(client.rescope(token, { projectName: 'other' })).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('rejects a garbage token and a revoked one as invalid', async () => {
    await expect(client.validateToken('garbage')).rejects.toMatchObject({
      code: 'KEYSTONE_INVALID_TOKEN',
      status: 404,
    });
    const { token } = await client.passwordAuth(credentials(keystone, 'demo-member'));
    await client.revokeToken(token);
    const error: unknown = await client.validateToken(token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect((error as Error).message).not.toContain(token);
  });

  it('rejects an unscoped token: every request needs a project', async () => {
    const { username, password } = credentials(keystone, 'demo-member');
    const { token } = await client.passwordAuth({ username, password });
    expect(await client.passwordAuth({ username, password }).then((t) => t.body.token.project)).toBeUndefined();
    await expect(client.validateToken(token)).rejects.toThrow(/not scoped to a project/);
  });

  it('logs the service user in again when Keystone answers 401 for its revoked token', async () => {
    const service = new KeystoneClient({ authUrl: keystone.authUrl, service: credentials(keystone, 'convection') });
    const firstServiceToken = await service.getServiceToken();
    await client.revokeToken(firstServiceToken);
    const { token } = await client.passwordAuth(credentials(keystone, 'demo-member'));
    await expect(service.validateToken(token)).resolves.toMatchObject({ projectName: 'demo' });
    expect(await service.getServiceToken()).not.toBe(firstServiceToken);
  });

  it('shares one service login among concurrent validations', async () => {
    const logins: string[] = [];
    class CountingClient extends KeystoneClient {
      override passwordAuth(c: PasswordCredentials): ReturnType<KeystoneClient['passwordAuth']> {
        logins.push(c.username);
        return super.passwordAuth(c);
      }
    }
    const service = new CountingClient({ authUrl: keystone.authUrl, service: credentials(keystone, 'convection') });
    const { token } = await client.passwordAuth(credentials(keystone, 'demo-member'));
    const contexts = await Promise.all(Array.from({ length: 4 }, () => service.validateToken(token)));
    expect(contexts.map((c) => c.projectName)).toEqual(['demo', 'demo', 'demo', 'demo']);
    expect(logins).toEqual(['convection']);
    await service.validateToken(token);
    expect(logins).toEqual(['convection']);
  });

  it('reports a misconfigured service user as unavailable, not as an invalid user token', async () => {
    const service = new KeystoneClient({
      authUrl: keystone.authUrl,
      service: { ...credentials(keystone, 'convection'), password: 'wrong' },
    });
    const { token } = await client.passwordAuth(credentials(keystone, 'demo-member'));
    await expect(service.validateToken(token)).rejects.toMatchObject({
      code: 'KEYSTONE_UNAVAILABLE',
      status: 401,
      message: expect.stringContaining('CONVECTION_SERVICE_'),
    });
  });

  it('reports a Keystone that does not answer as unavailable', async () => {
    const port = await closedPort();
    const down = new KeystoneClient({
      authUrl: `http://127.0.0.1:${port}/v3`,
      service: credentials(keystone, 'convection'),
      timeoutMs: 2000,
    });
    const error: unknown = await down.validateToken('gAAAAABsomething').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeystoneUnavailableError);
    expect((error as KeystoneUnavailableError).message).toMatch(/cannot reach Keystone/);
  });
});
