/**
 * The client commands with the real Keystone: demo-member's OS_* settings log in, find the API
 * (CONVECTION_URL here; the catalog's workflowv2 entry is checked through `connect`), and work in
 * their project; a wrong password, missing credentials and an unknown region each get their own
 * message.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine } from '../engine/index.js';
import type { ConvectionEngine } from '../engine/index.js';
import { authConfigFromEnv } from '../engine/api/auth/auth-config.js';
import { beforeAllKeystone, credentials, describeWithKeystone } from '../engine/api/auth/keystone-fixture.js';
import type { KeystoneInstance } from '../engine/api/auth/keystone-fixture.js';
import { createAuthResolver } from '../engine/api/auth/resolve-auth.js';
import { serveApi } from '../engine/api/server.js';
import type { RunningApi } from '../engine/api/server.js';
import { openStore } from '../engine/store/open-store.js';
import { connect } from '../lib/engine-client/index.js';
import { runCli } from './client/testing/test-server.js';

describeWithKeystone('convection client commands through Keystone', () => {
  let keystone: KeystoneInstance;
  let engine: ConvectionEngine;
  let api: RunningApi;
  const dir = mkdtempSync(join(tmpdir(), 'convection-cli-keystone-'));
  const workflow = join(dir, 'wf.yaml');
  writeFileSync(workflow, "version: '2.0'\ncli_ks_greet:\n  input: [name]\n  output: {msg: <% $.msg %>}\n  tasks:\n    greet:\n      action: std.echo output=\"Hi <% $.name %>\"\n      publish: {msg: <% task().result %>}\n");

  beforeAllKeystone((k) => {
    keystone = k;
  });

  beforeAll(async () => {
    engine = await createEngine(await openStore(`sqlite:${join(dir, 'api.db')}`), { pollMs: 50 });
    const config = authConfigFromEnv({ ...keystone.env, CONVECTION_AUTH: 'keystone' });
    api = await serveApi(engine, { port: 0, authMode: 'keystone', auth: createAuthResolver(config), logger: false });
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function memberEnv(overrides: Record<string, string> = {}): Record<string, string> {
    const c = credentials(keystone, 'demo-member');
    return {
      OS_AUTH_URL: keystone.authUrl,
      OS_USERNAME: c.username,
      OS_PASSWORD: c.password,
      OS_PROJECT_NAME: c.projectName,
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_NAME: 'Default',
      CONVECTION_URL: api.url,
      ...overrides,
    };
  }

  it('logs demo-member in and works in the demo project', async () => {
    const env = memberEnv();
    const created = await runCli(env, 'workflow', 'create', workflow, '--json');
    expect(created.err).toBe('');
    const [wf] = JSON.parse(created.out) as { name: string; project_id: string }[];
    expect(wf?.name).toBe('cli_ks_greet');
    const ran = await runCli(env, 'execution', 'start', 'cli_ks_greet', '--input', '{"name": "Ks"}', '--watch', '--json');
    expect(ran.code).toBe(0);
    const execution = JSON.parse(ran.out) as { state: string; output: string; project_id: string };
    expect(execution.state).toBe('SUCCESS');
    expect(JSON.parse(execution.output)).toEqual({ msg: 'Hi Ks' });
    expect(execution.project_id).toBe(wf?.project_id);
    // Another project sees nothing of it.
    const other = credentials(keystone, 'other-member');
    const theirs = await runCli(memberEnv({ OS_USERNAME: other.username, OS_PASSWORD: other.password, OS_PROJECT_NAME: other.projectName }), 'workflow', 'list', '--json');
    expect((JSON.parse(theirs.out) as { name: string }[]).map((w) => w.name)).not.toContain('cli_ks_greet');
  }, 120_000);

  it('explains a wrong password (exit 4) without showing it', async () => {
    const r = await runCli(memberEnv({ OS_PASSWORD: 'not-the-password' }), 'workflow', 'list');
    expect(r.code).toBe(4);
    expect(r.err).toBe(
      `convection: Keystone at ${keystone.authUrl} refused the login of user "demo-member" (domain Default) to project "demo" (domain Default): wrong password, unknown user, or no role on that project\n`,
    );
    expect(r.err).not.toContain('not-the-password');
  }, 60_000);

  it('says the API needs credentials when none are set', async () => {
    const r = await runCli({ CONVECTION_URL: api.url }, 'execution', 'list');
    expect(r).toMatchObject({
      code: 4,
      err: `convection: the API at ${api.url}/v2 requires authentication: set OS_AUTH_URL, OS_USERNAME, OS_PASSWORD and OS_PROJECT_NAME (or OS_TOKEN)\n`,
    });
  }, 60_000);

  it('finds the workflowv2 endpoint in the catalog, and says when a region has none', async () => {
    const { CONVECTION_URL: _url, ...withoutUrl } = memberEnv();
    const client = await connect({ env: withoutUrl });
    // scripts/keystone.sh registers the API's default address for every interface.
    expect(client.endpoint).toBe('http://127.0.0.1:8989/v2');
    const r = await runCli({ ...withoutUrl, OS_REGION_NAME: 'Nowhere' }, 'workflow', 'list');
    expect(r).toMatchObject({
      code: 4,
      err: "convection: Keystone's service catalog has no workflowv2 endpoint for interface public, region Nowhere: check OS_REGION_NAME and OS_INTERFACE, or set CONVECTION_URL\n",
    });
  }, 60_000);

  it('accepts a token (OS_TOKEN) instead of a password', async () => {
    const { CONVECTION_URL: _url, ...withoutUrl } = memberEnv();
    const session = await fetch(`${keystone.authUrl}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: { methods: ['password'], password: { user: { name: 'demo-member', domain: { name: 'Default' }, password: withoutUrl['OS_PASSWORD'] } } },
          scope: { project: { name: 'demo', domain: { name: 'Default' } } },
        },
      }),
    });
    const value = session.headers.get('x-subject-token') as string;
    const r = await runCli({ OS_TOKEN: value, OS_AUTH_URL: keystone.authUrl, CONVECTION_URL: api.url }, 'workflow', 'list', '--json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { name: string }[]).map((w) => w.name)).toContain('cli_ks_greet');
    const bad = await runCli({ OS_TOKEN: 'garbage', OS_AUTH_URL: keystone.authUrl }, 'workflow', 'list');
    expect(bad).toMatchObject({ code: 4, err: `convection: Keystone at ${keystone.authUrl} does not accept the token in OS_TOKEN: it is invalid or expired\n` });
  }, 60_000);
});
