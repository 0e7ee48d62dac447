/**
 * The OpenStack flows of the catalog, run to SUCCESS by the real engine behind the real API as
 * the real Keystone user demo-member: the API validates the member's token with Keystone (which
 * hands over the service catalog), the flow finds its endpoints in that catalog and calls them
 * with the member's token. Identity calls go to the real Keystone; Nova, Octavia, Cinder, Heat
 * and Neutron are the test double (workflows/testing/cloud-double.ts), registered in Keystone's
 * catalog for the suite and removed afterwards, which checks every token with Keystone again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../engine/api/app.js';
import { authConfigFromEnv } from '../engine/api/auth/auth-config.js';
import { KeystoneClient } from '../engine/api/auth/keystone-client.js';
import { credentials, describeWithKeystone, KEYSTONE_START_TIMEOUT_MS, startKeystone, type KeystoneInstance } from '../engine/api/auth/keystone-fixture.js';
import { createAuthResolver } from '../engine/api/auth/resolve-auth.js';
import { createEngine, type ConvectionEngine } from '../engine/index.js';
import { toJs } from '../engine/language/values/value.js';
import { openStore } from '../engine/store/open-store.js';
import { startCloudDouble, type CloudDouble } from './testing/cloud-double.js';
import { registerDoubleInCatalog } from './testing/keystone-catalog.js';

const dir = mkdtempSync(join(tmpdir(), 'convection-catalog-cloud-'));
let keystone: KeystoneInstance;
let double: CloudDouble;
let unregister: (() => Promise<void>) | undefined;
let engine: ConvectionEngine;
let app: FastifyInstance;
let memberToken = '';
let demoProject = '';
let memberId = '';

interface Finished {
  readonly id: string;
  readonly state: string;
  readonly stateInfo: string | null;
  readonly output: Record<string, unknown>;
}

async function install(name: string): Promise<void> {
  const res = await app.inject({ method: 'POST', url: `/v2/repository/${name}/install`, headers: { 'x-auth-token': memberToken }, payload: { namespace: 'catalog' } });
  expect([200, 201], res.body).toContain(res.statusCode);
}

async function run(name: string, input: Record<string, unknown>, token = memberToken): Promise<Finished> {
  await install(name);
  const res = await app.inject({ method: 'POST', url: '/v2/executions', headers: { 'x-auth-token': token }, payload: { workflow_name: name, workflow_namespace: 'catalog', input: JSON.stringify(input) } });
  expect(res.statusCode, res.body).toBe(201);
  const done = await engine.executions.waitForSettled((res.json() as { id: string }).id);
  return { id: done.id, state: done.state, stateInfo: done.stateInfo, output: toJs(done.output) as Record<string, unknown> };
}

function callsTo(pattern: RegExp): string[] {
  return double.calls.filter((c) => pattern.test(c.path)).map((c) => `${c.method} ${c.path}`);
}

describeWithKeystone('catalog flows against OpenStack (real Keystone, service double)', () => {
  beforeAll(async () => {
    keystone = await startKeystone();
    const client = new KeystoneClient({ authUrl: keystone.authUrl });
    const admin = await client.passwordAuth(credentials(keystone, 'admin'));
    double = await startCloudDouble(keystone.authUrl);
    unregister = await registerDoubleInCatalog(keystone.authUrl, admin.token, double.url);
    const member = await client.passwordAuth(credentials(keystone, 'demo-member'));
    memberToken = member.token;
    demoProject = member.body.token.project?.id ?? '';
    memberId = member.body.token.user.id;
    // Keystone and the double listen on loopback, which std.http refuses unless allowed.
    engine = await createEngine(await openStore(`sqlite:${join(dir, 'cloud.db')}`), { pollMs: 20, actions: { http: { allowedPrivateTargets: ['127.0.0.1'] } } });
    const config = authConfigFromEnv({ ...keystone.env, CONVECTION_AUTH: 'keystone' });
    app = await buildApp({ engine, authMode: 'keystone', auth: createAuthResolver(config) });
  }, KEYSTONE_START_TIMEOUT_MS);

  afterAll(async () => {
    await unregister?.();
    await app?.close();
    await engine?.close();
    await double?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('boot_server_into_pool: boots a server, waits for ACTIVE, adds it to the pool', async () => {
    const r = await run('boot_server_into_pool', { name: 'web-1', flavor_ref: 'm1.small', image_ref: 'debian-12', network_id: 'net-1', pool_id: 'pool-1', subnet_id: 'sub-1', poll_delay: 0 });
    expect(r.state, r.stateInfo ?? '').toBe('SUCCESS');
    const server = double.state.servers.get(String(r.output['server_id']));
    expect(server).toMatchObject({ name: 'web-1', status: 'ACTIVE' });
    const member = double.state.members.get(String(r.output['member_id']));
    expect(member).toMatchObject({ pool_id: 'pool-1', address: r.output['address'], protocol_port: 80, subnet_id: 'sub-1', provisioning_status: 'ACTIVE' });
    expect(r.output['address']).toMatch(/^10\.0\.0\.\d+$/);
    // Two reads of the server (BUILD, then ACTIVE) and of the member: the retry loop polled.
    expect(callsTo(/^\/compute|^\/load-balancer/).map((c) => c.replace(/[0-9a-f-]{36}/g, 'ID'))).toEqual([
      'POST /compute/v2.1/servers',
      'GET /compute/v2.1/servers/ID',
      'GET /compute/v2.1/servers/ID',
      'POST /load-balancer/v2/lbaas/pools/pool-1/members',
      'GET /load-balancer/v2/lbaas/pools/pool-1/members/ID',
      'GET /load-balancer/v2/lbaas/pools/pool-1/members/ID',
    ]);
    expect(new Set(double.calls.map((c) => c.projectId))).toEqual(new Set([demoProject]));
  });

  it('never shows the caller token in the execution it started', async () => {
    const r = await run('boot_server_into_pool', { name: 'web-2', flavor_ref: 'f', image_ref: 'i', network_id: 'n', pool_id: 'pool-1', subnet_id: 's', poll_delay: 0 });
    const res = await app.inject({ method: 'GET', url: `/v2/executions/${r.id}`, headers: { 'x-auth-token': memberToken } });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(memberToken);
    expect(JSON.parse((res.json() as { published_global: string }).published_global)).toEqual({ compute: expect.any(String), lb: expect.any(String) });
    // The std.http calls carried the token in a header: their stored input shows it masked.
    const actions = await app.inject({ method: 'GET', url: `/v2/executions/${r.id}/tasks`, headers: { 'x-auth-token': memberToken } });
    const taskIds = (actions.json() as { tasks: { id: string }[] }).tasks.map((t) => t.id);
    for (const taskId of taskIds) {
      const listed = await app.inject({ method: 'GET', url: `/v2/tasks/${taskId}/action_executions`, headers: { 'x-auth-token': memberToken } });
      expect(listed.statusCode, listed.body).toBe(200);
      expect(listed.body).not.toContain(memberToken);
      expect(listed.body).toContain('\\"X-Auth-Token\\": \\"***\\"');
    }
  });

  it('snapshot_volumes: snapshots and backs up every volume in the caller project', async () => {
    for (const id of ['vol-a', 'vol-b']) double.state.volumes.set(id, { id, name: id, status: 'in-use', attachments: [{ server_id: 's' }] });
    const r = await run('snapshot_volumes', { volume_ids: ['vol-a', 'vol-b'], name_prefix: 'nightly', poll_delay: 0 });
    expect(r.state, r.stateInfo ?? '').toBe('SUCCESS');
    expect((r.output['snapshot_ids'] as string[]).map((id) => double.state.snapshots.get(id)?.volume_id)).toEqual(['vol-a', 'vol-b']);
    expect((r.output['backup_ids'] as string[]).map((id) => double.state.backups.get(id)?.status)).toEqual(['available', 'available']);
    expect([...double.state.snapshots.values()].every((s) => s.name.startsWith('nightly-vol-'))).toBe(true);
    // The endpoint came from Keystone with the caller's project substituted into it.
    expect(callsTo(/^\/volume/).every((c) => c.includes(`/volume/v3/${demoProject}/`))).toBe(true);
  });

  it('rolling_restart: reboots the group one server at a time, each ACTIVE before the next', async () => {
    const ids = ['srv-1', 'srv-2', 'srv-3'];
    for (const id of ids) double.state.servers.set(id, { id, name: id, status: 'ACTIVE', reads: 0, addresses: {} });
    double.state.serverGroups.set('group-1', { id: 'group-1', members: ids });
    const r = await run('rolling_restart', { server_group_id: 'group-1', reboot_type: 'HARD', poll_delay: 0 });
    expect(r.state, r.stateInfo ?? '').toBe('SUCCESS');
    expect(r.output).toEqual({ restarted: ids });
    expect(callsTo(/\/servers\/srv-/)).toEqual(
      ids.flatMap((id) => [`POST /compute/v2.1/servers/${id}/action`, `GET /compute/v2.1/servers/${id}`, `GET /compute/v2.1/servers/${id}`]),
    );
  });

  it('scale_heat_stack: updates the stack parameters and waits for UPDATE_COMPLETE', async () => {
    double.state.stacks.set('stack-1', { id: 'stack-1', stack_name: 'web', stack_status: 'CREATE_COMPLETE', parameters: { count: 2, flavor: 'm1.small' }, reads: 0 });
    const r = await run('scale_heat_stack', { stack_name: 'web', parameters: { count: 5 }, poll_delay: 0 });
    expect(r.state, r.stateInfo ?? '').toBe('SUCCESS');
    expect(r.output).toEqual({ stack_id: 'stack-1', stack_status: 'UPDATE_COMPLETE' });
    expect(double.state.stacks.get('stack-1')?.parameters).toEqual({ count: 5, flavor: 'm1.small' });
    const missing = await run('scale_heat_stack', { stack_name: 'nope', parameters: { count: 1 }, poll_delay: 0 });
    expect(missing.state).toBe('ERROR');
    expect(missing.stateInfo).toContain('No stack with that name in the project');
  });

  it('cleanup_orphans: a dry run deletes nothing, a real run deletes exactly the orphans', async () => {
    double.state.floatingIps.set('fip-free', { id: 'fip-free', port_id: null });
    double.state.floatingIps.set('fip-used', { id: 'fip-used', port_id: 'port-1' });
    double.state.volumes.set('tmp-free', { id: 'tmp-free', name: 'tmp-1', status: 'available', attachments: [] });
    double.state.volumes.set('tmp-used', { id: 'tmp-used', name: 'tmp-2', status: 'in-use', attachments: [{ server_id: 's' }] });
    double.state.volumes.set('keep-free', { id: 'keep-free', name: 'keep', status: 'available', attachments: [] });
    const dry = await run('cleanup_orphans', { volume_name_prefix: 'tmp-' });
    expect(dry.state, dry.stateInfo ?? '').toBe('SUCCESS');
    expect(dry.output).toEqual({ floating_ip_ids: ['fip-free'], volume_ids: ['tmp-free'], deleted: false });
    expect(double.state.floatingIps.size).toBe(2);
    const real = await run('cleanup_orphans', { volume_name_prefix: 'tmp-', dry_run: false });
    expect(real.state, real.stateInfo ?? '').toBe('SUCCESS');
    expect(real.output).toEqual({ floating_ip_ids: ['fip-free'], volume_ids: ['tmp-free'], deleted: true });
    expect([...double.state.floatingIps.keys()]).toEqual(['fip-used']);
    expect(double.state.volumes.has('tmp-free')).toBe(false);
    expect(double.state.volumes.has('tmp-used') && double.state.volumes.has('keep-free')).toBe(true);
  });

  it('rotate_app_credential: against the real Keystone, the second rotation replaces the first credential', async () => {
    const name = `convection-test-${Date.now()}`;
    const list = async (): Promise<string[]> => {
      const r = await request(`${keystone.authUrl}/users/${memberId}/application_credentials`, { headers: { 'x-auth-token': memberToken } });
      const body = (await r.body.json()) as { application_credentials: { id: string; name: string }[] };
      return body.application_credentials.filter((c) => c.name.startsWith(name)).map((c) => c.id);
    };
    try {
      const first = await run('rotate_app_credential', { name });
      expect(first.state, first.stateInfo ?? '').toBe('SUCCESS');
      expect(first.output).toMatchObject({ id: expect.any(String), secret: expect.any(String), deleted: [] });
      expect(await list()).toEqual([first.output['id']]);
      const second = await run('rotate_app_credential', { name });
      expect(second.state, second.stateInfo ?? '').toBe('SUCCESS');
      expect(second.output['deleted']).toEqual([first.output['id']]);
      expect(await list()).toEqual([second.output['id']]);
    } finally {
      for (const id of await list()) {
        await request(`${keystone.authUrl}/users/${memberId}/application_credentials/${id}`, { method: 'DELETE', headers: { 'x-auth-token': memberToken } });
      }
    }
  });

  it('fails clearly when started without an OpenStack context (no Keystone token)', async () => {
    await install('cleanup_orphans');
    const started = await engine.executions.start({ workflow: 'cleanup_orphans', namespace: 'catalog', projectId: demoProject });
    const done = await engine.executions.waitForSettled(started.id);
    expect(done.state).toBe('ERROR');
    expect(done.stateInfo).toContain('openstack');
  });
});
