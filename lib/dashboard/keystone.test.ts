import { afterAll, expect, it } from 'vitest';
import { beforeAllKeystone, closedPort, credentials, describeWithKeystone, type KeystoneInstance } from '../../engine/api/auth/keystone-fixture';
import { KeystoneLoginError, listProjects, loginWithPassword, rescope, revokeToken } from './keystone';

describeWithKeystone('dashboard login against a real Keystone', () => {
  let keystone: KeystoneInstance;
  const issued: string[] = [];
  beforeAllKeystone((k) => {
    keystone = k;
  });
  afterAll(async () => {
    for (const token of issued) await revokeToken(keystone.authUrl, token);
  });

  const login = (user: 'demo-member' | 'demo-reader' | 'both-member', project?: string, password?: string) => {
    const c = credentials(keystone, user);
    return loginWithPassword(keystone.authUrl, {
      username: c.username,
      password: password ?? c.password,
      userDomain: 'Default',
      project: project ?? c.projectName,
    });
  };

  it('logs in scoped to the project, with the roles', async () => {
    const scoped = await login('demo-reader');
    issued.push(scoped.token);
    expect(scoped.project.name).toBe('demo');
    expect(scoped.user.name).toBe('demo-reader');
    expect(scoped.roles).toContain('reader');
    expect(scoped.expiresAt).toBeGreaterThan(Date.now());
  });

  it('tells wrong credentials from a project without a role, and from an unreachable Keystone', async () => {
    await expect(login('demo-member', undefined, 'wrong-password')).rejects.toMatchObject({ reason: 'credentials', message: 'Wrong user name, password or domain.' });
    await expect(login('demo-member', 'other')).rejects.toMatchObject({
      reason: 'project',
      message: 'You have no role on project "other" in domain "Default".',
    });
    const port = await closedPort();
    const error = await loginWithPassword(`http://127.0.0.1:${port}/v3`, { username: 'x', password: 'y', userDomain: 'Default', project: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeystoneLoginError);
    expect(error).toMatchObject({ reason: 'unreachable' });
  });

  it('lists the projects and re-scopes to another one; a revoked token no longer re-scopes', async () => {
    const demo = await login('both-member', 'demo');
    const projects = await listProjects(keystone.authUrl, demo.token);
    expect(projects.map((p) => p.name)).toEqual(['demo', 'other']);
    const other = projects.find((p) => p.name === 'other');
    const switched = await rescope(keystone.authUrl, demo.token, other?.id ?? '');
    issued.push(switched.token);
    expect(switched.project.name).toBe('other');
    expect(switched.token).not.toBe(demo.token);

    await revokeToken(keystone.authUrl, demo.token);
    await expect(rescope(keystone.authUrl, demo.token, other?.id ?? '')).rejects.toMatchObject({ reason: 'project' });
  });

  it('picks the first project when none is given', async () => {
    const scoped = await login('both-member', '');
    issued.push(scoped.token);
    expect(scoped.project.name).toBe('demo');
  });
});
