/**
 * `convection repo list|show|install` through main(), against a real API server on a free port:
 * without authentication, and through the real Keystone as a member and as a reader.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authConfigFromEnv } from '../../engine/api/auth/auth-config.js';
import { credentials, describeWithKeystone, KEYSTONE_START_TIMEOUT_MS, startKeystone, type KeystoneInstance } from '../../engine/api/auth/keystone-fixture.js';
import { createAuthResolver } from '../../engine/api/auth/resolve-auth.js';
import { serveApi, type RunningApi } from '../../engine/api/server.js';
import { createEngine, type ConvectionEngine } from '../../engine/index.js';
import { openStore } from '../../engine/store/open-store.js';
import { main } from '../main.js';

const dir = mkdtempSync(join(tmpdir(), 'convection-repo-cli-'));
let engine: ConvectionEngine;

async function cli(env: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['node', 'convection', ...args], { out: (t) => (out += t), err: (t) => (err += t) }, env);
  return { code, out, err };
}

beforeAll(async () => {
  engine = await createEngine(await openStore(`sqlite:${join(dir, 'repo.db')}`), { pollMs: 20 });
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('convection repo (noauth server)', () => {
  let api: RunningApi;
  let env: Record<string, string>;
  beforeAll(async () => {
    api = await serveApi(engine, { port: 0, authMode: 'noauth', logger: false });
    env = { CONVECTION_URL: `${api.url}/v2` };
  });
  afterAll(async () => api.close());

  it('lists the flows, filtered by tag', async () => {
    const all = await cli(env, 'repo', 'list');
    expect(all.err).toBe('');
    expect(all.code).toBe(0);
    expect(all.out).toMatch(/^Name +Needs +Tags +Description\n/);
    expect(all.out).toMatch(/\nboot_server_into_pool +OpenStack +openstack, nova, octavia, load-balancer +Boot a Nova server/);
    const examples = await cli(env, 'repo', 'list', '--tag', 'example', '--json');
    expect((JSON.parse(examples.out) as { name: string }[]).map((f) => f.name)).toEqual(['approval_by_event', 'batch_transcode', 'fan_out_fan_in', 'retry_with_backoff']);
  });

  it('shows a flow with its inputs and documentation, or only its definition', async () => {
    const shown = await cli(env, 'repo', 'show', 'scale_heat_stack');
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('scale_heat_stack: Update parameters of a Heat stack');
    expect(shown.out).toContain('\ninputs:\n  stack_name (required)\n  parameters (required)\n  poll_count = 120\n  poll_delay = 10\n');
    expect(shown.out).toContain('Tested: workflows/catalog-cloud.test.ts');
    const yaml = await cli(env, 'repo', 'show', 'scale_heat_stack', '--definition');
    expect(yaml.out).toMatch(/^# Scale a Heat stack/);
    expect(yaml.out).toContain("version: '2.0'\n");
    const missing = await cli(env, 'repo', 'show', 'nope');
    expect(missing).toEqual({ code: 1, out: '', err: 'convection: Repository flow not found [name=nope]\n' });
  });

  it('installs into a namespace, idempotently, and reports a conflict', async () => {
    const first = await cli(env, 'repo', 'install', 'fan_out_fan_in', '--namespace', 'demo');
    expect(first).toEqual({ code: 0, out: "installed fan_out_fan_in into project <default-project>, namespace 'demo': fan_out_fan_in (created)\n", err: '' });
    const again = await cli(env, 'repo', 'install', 'fan_out_fan_in', '--namespace', 'demo');
    expect(again.out).toBe("installed fan_out_fan_in into project <default-project>, namespace 'demo': fan_out_fan_in (unchanged)\n");
    await engine.definitions.createWorkflows("version: '2.0'\nretry_with_backoff:\n  tasks:\n    t:\n      action: std.noop\n", { projectId: '<default-project>', namespace: 'demo' });
    const conflict = await cli(env, 'repo', 'install', 'retry_with_backoff', '--namespace', 'demo');
    expect(conflict.code).toBe(1);
    expect(conflict.err).toContain('workflow retry_with_backoff already exists there with a different definition');
  });
});

describeWithKeystone('convection repo through Keystone', () => {
  let keystone: KeystoneInstance;
  let api: RunningApi;
  const as = (user: 'demo-member' | 'demo-reader'): Record<string, string> => {
    const c = credentials(keystone, user);
    return { CONVECTION_URL: `${api.url}/v2`, OS_AUTH_URL: keystone.authUrl, OS_USERNAME: c.username, OS_PASSWORD: c.password, OS_PROJECT_NAME: c.projectName };
  };
  beforeAll(async () => {
    keystone = await startKeystone();
    const config = authConfigFromEnv({ ...keystone.env, CONVECTION_AUTH: 'keystone' });
    api = await serveApi(engine, { port: 0, authMode: 'keystone', auth: createAuthResolver(config), logger: false });
  }, KEYSTONE_START_TIMEOUT_MS);
  afterAll(async () => api?.close());

  it('installs into the member project and refuses a reader', async () => {
    const member = await cli(as('demo-member'), 'repo', 'install', 'cleanup_orphans', '--namespace', 'ops', '--json');
    expect(member.err).toBe('');
    const answer = JSON.parse(member.out) as { project_id: string; workflows: { name: string; status: string }[] };
    expect(answer.workflows).toEqual([expect.objectContaining({ name: 'cleanup_orphans', status: 'created' })]);
    expect(answer.project_id).not.toBe('<default-project>');
    const reader = await cli(as('demo-reader'), 'repo', 'install', 'cleanup_orphans', '--namespace', 'ops2');
    expect(reader.code).toBe(1);
    expect(reader.err).toBe('convection: Your role is read-only: this request would change something\n');
    const list = await cli(as('demo-reader'), 'repo', 'list', '--tag', 'cinder', '--json');
    expect((JSON.parse(list.out) as { name: string }[]).map((f) => f.name)).toEqual(['cleanup_orphans', 'snapshot_volumes']);
  }, 60_000);
});
