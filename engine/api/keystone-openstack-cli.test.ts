/**
 * The real `openstack workflow …` client (Debian python3-openstackclient + python3-mistralclient)
 * against our API, authenticated by the real Keystone and finding the API through Keystone's
 * service catalog: a member works in their project, another project sees nothing, a reader may
 * read but not write, and a request without a token is refused.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type ConvectionEngine } from '../index.js';
import { openStore } from '../store/open-store.js';
import { authConfigFromEnv } from './auth/auth-config.js';
import { credentials, KEYSTONE_START_TIMEOUT_MS, SKIP_KEYSTONE, SKIP_KEYSTONE_MESSAGE, startKeystone, type KeystoneInstance, type KeystoneUser } from './auth/keystone-fixture.js';
import { createAuthResolver } from './auth/resolve-auth.js';
import { DEFAULT_API_PORT, serveApi, type RunningApi } from './server.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'convection-os-cli-'));
const WORKFLOW = join(dir, 'greet.yaml');
const CHOOSER = join(dir, 'chooser.yaml');
writeFileSync(
  CHOOSER,
  `version: '2.0'
chooser_ks:
  tasks:
    pick:
      action: <% env().which %>
`,
);
const ENV = join(dir, 'env.json');
writeFileSync(ENV, JSON.stringify({ name: 'choose_ks', variables: { which: 'std.fail' } }));

writeFileSync(
  WORKFLOW,
  `version: '2.0'
greet_ks:
  input: [name]
  output: {message: <% $.message %>}
  tasks:
    greet:
      action: std.echo output="Hello, <% $.name %>!"
      publish: {message: <% task().result %>}
`,
);

let keystone: KeystoneInstance;
let engine: ConvectionEngine;
let api: RunningApi;

async function openstack(user: KeystoneUser, ...args: string[]): Promise<{ ok: boolean; out: string; err: string }> {
  const c = credentials(keystone, user);
  const env = {
    PATH: `/usr/bin:${process.env['PATH'] ?? ''}`,
    HOME: dir,
    OS_AUTH_URL: keystone.authUrl,
    OS_IDENTITY_API_VERSION: '3',
    OS_USERNAME: c.username,
    OS_PASSWORD: c.password,
    OS_PROJECT_NAME: c.projectName,
    OS_USER_DOMAIN_NAME: 'Default',
    OS_PROJECT_DOMAIN_NAME: 'Default',
    OS_REGION_NAME: 'RegionOne',
  };
  try {
    const { stdout, stderr } = await run('/usr/bin/openstack', [...args], { env, timeout: 120_000 });
    return { ok: true, out: stdout, err: stderr };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, out: err.stdout ?? '', err: err.stderr ?? '' };
  }
}

// Each step starts the Python client: seconds apiece on a busy CI machine.
describe.skipIf(SKIP_KEYSTONE)(`openstack workflow CLI through Keystone${SKIP_KEYSTONE ? ` (${SKIP_KEYSTONE_MESSAGE})` : ''}`, { timeout: 180_000 }, () => {
  beforeAll(async () => {
    keystone = await startKeystone();
    engine = await createEngine(await openStore(`sqlite:${join(dir, 'api.db')}`), { pollMs: 50 });
    const config = authConfigFromEnv({ ...keystone.env, CONVECTION_AUTH: 'keystone' });
    // The catalog entry that keystone.sh registers points at the default API port.
    api = await serveApi(engine, { port: DEFAULT_API_PORT, authMode: 'keystone', auth: createAuthResolver(config), logger: false });
  }, KEYSTONE_START_TIMEOUT_MS);

  afterAll(async () => {
    await api?.close();
    await engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets a project member create a workflow and run it to SUCCESS', async () => {
    const created = await openstack('demo-member', 'workflow', 'create', WORKFLOW, '-f', 'json');
    expect(created.err).toBe('');
    expect(JSON.parse(created.out)).toEqual([expect.objectContaining({ Name: 'greet_ks', Scope: 'private' })]);
    const execution = await openstack('demo-member', 'workflow', 'execution', 'create', 'greet_ks', '{"name": "Ada"}', '-f', 'json');
    expect(execution.ok).toBe(true);
    const id = (JSON.parse(execution.out) as { ID: string }).ID;
    let state = '';
    for (let i = 0; i < 50 && state !== 'SUCCESS'; i++) {
      state = (JSON.parse((await openstack('demo-member', 'workflow', 'execution', 'show', id, '-f', 'json')).out) as { State: string }).State;
      if (state !== 'SUCCESS') await new Promise((r) => setTimeout(r, 200));
    }
    expect(state).toBe('SUCCESS');
    const output = await openstack('demo-member', 'workflow', 'execution', 'output', 'show', id);
    expect(JSON.parse(output.out)).toEqual({ message: 'Hello, Ada!' });
  }, 120_000);

  async function settled(user: KeystoneUser, id: string): Promise<string> {
    let state = 'RUNNING';
    for (let i = 0; i < 50 && (state === 'RUNNING' || state === 'IDLE'); i++) {
      state = (JSON.parse((await openstack(user, 'workflow', 'execution', 'show', id, '-f', 'json')).out) as { State: string }).State;
      if (state === 'RUNNING' || state === 'IDLE') await new Promise((r) => setTimeout(r, 200));
    }
    return state;
  }

  it('lists tasks, uses a stored environment and reruns a failed task', async () => {
    expect((await openstack('demo-member', 'workflow', 'create', CHOOSER)).ok).toBe(true);
    expect((await openstack('demo-member', 'workflow', 'env', 'create', ENV)).ok).toBe(true);
    const created = await openstack('demo-member', 'workflow', 'execution', 'create', 'chooser_ks', '{}', '{"env": "choose_ks"}', '-f', 'json');
    expect(created.err).toBe('');
    const id = (JSON.parse(created.out) as { ID: string }).ID;
    expect(await settled('demo-member', id)).toBe('ERROR');
    const tasks = JSON.parse((await openstack('demo-member', 'task', 'execution', 'list', id, '-f', 'json')).out) as Array<{ ID: string; Name: string; State: string }>;
    expect(tasks.map((t) => [t.Name, t.State])).toEqual([['pick', 'ERROR']]);
    const rerun = await openstack('demo-member', 'task', 'execution', 'rerun', tasks[0]?.ID ?? '', '--env', '{"which": "std.noop"}');
    expect(rerun.err).toBe('');
    expect(await settled('demo-member', id)).toBe('SUCCESS');
  }, 120_000);

  it('runs an action directly and manages cron triggers', async () => {
    const action = await openstack('demo-member', 'action', 'execution', 'run', 'std.echo', '{"output": "hi"}');
    expect(JSON.parse(action.out)).toEqual({ result: 'hi' });
    const trigger = await openstack('demo-member', 'cron', 'trigger', 'create', 'hourly_ks', 'greet_ks', '{"name": "cron"}', '--pattern', '0 * * * *', '-f', 'json');
    expect(trigger.err).toBe('');
    expect(JSON.parse(trigger.out)).toMatchObject({ Name: 'hourly_ks', Pattern: '0 * * * *' });
    const list = JSON.parse((await openstack('demo-member', 'cron', 'trigger', 'list', '-f', 'json')).out) as Array<{ Name: string }>;
    expect(list.map((t) => t.Name)).toContain('hourly_ks');
    expect((await openstack('other-member', 'cron', 'trigger', 'show', 'hourly_ks')).ok).toBe(false);
    expect((await openstack('demo-member', 'cron', 'trigger', 'delete', 'hourly_ks')).ok).toBe(true);
  }, 120_000);

  it("hides one project's workflows from another project", async () => {
    const list = await openstack('other-member', 'workflow', 'list', '-f', 'json');
    expect(list.ok).toBe(true);
    expect((JSON.parse(list.out) as Array<{ Name: string }>).map((w) => w.Name)).not.toContain('greet_ks');
    const show = await openstack('other-member', 'workflow', 'show', 'greet_ks');
    expect(show.ok).toBe(false);
    expect(show.err).toMatch(/not found/i);
  }, 60_000);

  it('lets a reader read but not write', async () => {
    const list = await openstack('demo-reader', 'workflow', 'list', '-f', 'json');
    expect((JSON.parse(list.out) as Array<{ Name: string }>).map((w) => w.Name)).toContain('greet_ks');
    const create = await openstack('demo-reader', 'workflow', 'execution', 'create', 'greet_ks', '{"name": "Eve"}');
    expect(create.ok).toBe(false);
    expect(create.err).toMatch(/403|forbidden|not allowed|read-only/i);
  }, 60_000);

  it('refuses a request without a token with Mistral\'s message', async () => {
    const res = await fetch(`${api.url}/v2/workflows`);
    expect(res.status).toBe(401);
    expect(res.headers.get('server-error-message')).toBe('Failed to validate access token: Authentication required');
  });
});
