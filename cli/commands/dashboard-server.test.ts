import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dashboardBuildIsCurrent, dashboardSourceHash, sessionSecret } from './dashboard-server.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'convection-dash-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('session secret', () => {
  it('uses NEXTAUTH_SECRET when set', () => {
    expect(sessionSecret(tempDir(), { NEXTAUTH_SECRET: ' configured ' })).toBe('configured');
  });

  it('generates one once, private to the user, and keeps it across restarts', () => {
    const dir = join(tempDir(), 'state');
    const first = sessionSecret(dir, {});
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(join(dir, 'nextauth-secret')).mode & 0o777).toBe(0o600);
    expect(sessionSecret(dir, {})).toBe(first);
  });
});

describe('dashboard build freshness', () => {
  function fakeRepo(): string {
    const root = tempDir();
    mkdirSync(join(root, 'app'));
    writeFileSync(join(root, 'app', 'page.tsx'), 'export default 1;');
    writeFileSync(join(root, 'tsconfig.dashboard.json'), JSON.stringify({ compilerOptions: { strict: true }, include: ['app'] }));
    return root;
  }

  it('changes with the sources and the base path, not with the tsconfig include list or tests', () => {
    const root = fakeRepo();
    const before = dashboardSourceHash(root, '');
    expect(dashboardSourceHash(root, '/convection')).not.toBe(before);
    writeFileSync(join(root, 'tsconfig.dashboard.json'), JSON.stringify({ compilerOptions: { strict: true }, include: ['app', '.next/types/**/*.ts'] }));
    writeFileSync(join(root, 'app', 'page.test.ts'), 'test');
    expect(dashboardSourceHash(root, '')).toBe(before);
    writeFileSync(join(root, 'app', 'page.tsx'), 'export default 2;');
    expect(dashboardSourceHash(root, '')).not.toBe(before);
  });

  it('is stale without a build or with a stamp of other sources', () => {
    const root = fakeRepo();
    expect(dashboardBuildIsCurrent(root)).toBe(false);
    mkdirSync(join(root, '.next'));
    writeFileSync(join(root, '.next', 'BUILD_ID'), 'x');
    writeFileSync(join(root, '.next', 'convection-build.json'), JSON.stringify({ hash: dashboardSourceHash(root) }));
    expect(dashboardBuildIsCurrent(root)).toBe(true);
    writeFileSync(join(root, 'app', 'page.tsx'), 'changed');
    expect(dashboardBuildIsCurrent(root)).toBe(false);
  });
});
