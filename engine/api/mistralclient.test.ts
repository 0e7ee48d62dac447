/**
 * Wire compatibility with the real python-mistralclient CLI, when the machine has it (Debian's
 * python3-mistralclient installs /usr/bin/mistral); skipped elsewhere.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../index.js';
import type { ConvectionEngine } from '../index.js';
import { openStore } from '../store/open-store.js';
import { serveApi } from './server.js';
import type { RunningApi } from './server.js';

const MISTRAL = '/usr/bin/mistral';
const run = promisify(execFile);

describe.skipIf(!existsSync(MISTRAL))('python-mistralclient against the API', () => {
  let engine: ConvectionEngine;
  let api: RunningApi;
  let dir: string;

  beforeAll(async () => {
    engine = await createEngine(await openStore('sqlite::memory:'), { autoStart: false });
    api = await serveApi(engine, { port: 0, authMode: 'noauth' });
    dir = mkdtempSync(join(tmpdir(), 'convection-mistralclient-'));
  });
  afterAll(async () => {
    await api.close();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  async function mistral(...args: string[]): Promise<string> {
    const { stdout } = await run('/usr/bin/python3', [MISTRAL, '--os-mistral-url', `${api.url}/v2`, ...args], { timeout: 30_000 });
    return stdout;
  }

  async function mistralFails(...args: string[]): Promise<string> {
    try {
      await mistral(...args);
    } catch (e) {
      return String((e as { stderr?: unknown }).stderr ?? e);
    }
    throw new Error(`mistral ${args.join(' ')} succeeded`);
  }

  it('creates, lists, updates and deletes definitions', async () => {
    const wf = file('wf.yaml', `version: '2.0'\nhello:\n  input: [name, greeting: Hi]\n  tasks:\n    say:\n      action: std.echo output=<% $.name %>\n`);
    const created = JSON.parse(await mistral('workflow-create', wf, '-f', 'json')) as { Name: string; Input: string }[];
    expect(created).toEqual([expect.objectContaining({ Name: 'hello', Input: 'name, greeting="Hi"' })]);
    expect(await mistralFails('workflow-create', wf)).toContain('Duplicate entry for workflow hello');
    const listed = JSON.parse(await mistral('workflow-list', '--filter', 'name=in:hello,x', '-f', 'json')) as { Name: string }[];
    expect(listed.map((w) => w.Name)).toEqual(['hello']);
    expect(await mistral('workflow-get-definition', 'hello')).toContain('action: std.echo');
    expect(JSON.parse(await mistral('workflow-update', wf, '-f', 'json'))).toEqual([expect.objectContaining({ Name: 'hello' })]);

    const bad = file('bad.yaml', `version: '2.0'\nbad:\n  tasks:\n    t:\n      acton: std.noop\n`);
    expect(JSON.parse(await mistral('workflow-validate', bad, '-f', 'json'))).toMatchObject({ Valid: false, Error: expect.stringContaining('line 5, column 7') });
    expect(await mistralFails('workflow-create', bad)).toContain('(line 5, column 7)');

    const actions = file('actions.yaml', `version: '2.0'\nmy_act:\n  description: mine\n  base: std.echo output="hi"\n`);
    expect(JSON.parse(await mistral('action-create', actions, '-f', 'json'))).toEqual([expect.objectContaining({ Name: 'my_act', 'Is system': false })]);
    expect(JSON.parse(await mistral('action-get', 'std.echo', '-f', 'json'))).toMatchObject({ Name: 'std.echo', Input: 'output, delay=0' });
    expect(await mistralFails('action-delete', 'std.echo')).toContain('Unable to delete');
    await mistral('action-delete', 'my_act');

    const env = file('env.json', '{"name": "env1", "variables": {"a": 1.0}}');
    expect(JSON.parse(await mistral('environment-create', env, '-f', 'json'))).toMatchObject({ Name: 'env1', Variables: expect.stringContaining('1.0') });
    await mistral('environment-delete', 'env1');
    await mistral('workflow-delete', 'hello');
    expect(await (await fetch(`${api.url}/v2/workflows`)).json()).toEqual({ workflows: [] });
  });
});
