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

// Each step starts a Python client process: seconds apiece on a busy CI machine.
describe.skipIf(!existsSync(MISTRAL))('python-mistralclient against the API', { timeout: 180_000 }, () => {
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
    const { stdout } = await run('/usr/bin/python3', [MISTRAL, '--os-mistral-url', `${api.url}/v2`, ...args], { timeout: 120_000 });
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

  type Row = Record<string, unknown>;

  async function json<T = Row>(...args: string[]): Promise<T> {
    return JSON.parse(await mistral(...args, '-f', 'json')) as T;
  }

  /** A CLI list; an empty one prints a single row of blanks. */
  async function rows(...args: string[]): Promise<Row[]> {
    return (await json<Row[]>(...args)).filter((r) => Object.values(r).some((v) => v !== ''));
  }

  /** Polls `execution-get` as a user watching an execution would. */
  async function watch(id: string, until: readonly string[]): Promise<Row> {
    for (let i = 0; i < 50; i++) {
      const ex = await json('execution-get', id);
      if (until.includes(String(ex['State']))) return ex;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`execution ${id} never reached ${until.join('|')}`);
  }

  const RUNTIME_WORKFLOWS = [
    "version: '2.0'",
    'greet:',
    '  input: [name]',
    '  output:',
    '    greeting: <% $.greeting %>',
    '  tasks:',
    '    say:',
    "      action: std.echo output=<% 'Hello ' + $.name %>",
    '      publish:',
    '        greeting: <% task().result %>',
    'chooser:',
    '  tasks:',
    '    pick:',
    '      action: <% env().which %>',
    '',
  ].join('\n');

  it('runs an execution, lists executions and tasks, and reruns a failed task', async () => {
    await mistral('workflow-create', file('runtime.yaml', RUNTIME_WORKFLOWS));
    const created = await json('execution-create', 'greet', '{"name": "CLI"}', '-d', 'from the CLI');
    expect(created).toMatchObject({ 'Workflow name': 'greet', Description: 'from the CLI', 'Task Execution ID': '<none>', 'Root Execution ID': '<none>' });
    const id = String(created['ID']);
    const done = await watch(id, ['SUCCESS', 'ERROR']);
    expect(done).toMatchObject({ ID: id, State: 'SUCCESS', 'Workflow ID': expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(JSON.parse(await mistral('execution-get-output', id))).toEqual({ greeting: 'Hello CLI' });
    expect(JSON.parse(await mistral('execution-get-input', id))).toEqual({ name: 'CLI' });

    const listed = await json<Row[]>('execution-list');
    expect(listed).toEqual([expect.objectContaining({ ID: id, 'Workflow name': 'greet', State: 'SUCCESS' })]);
    expect(await json<Row[]>('execution-list', '--rootsonly', '--filter', 'workflow_name=greet')).toHaveLength(1);
    const tasks = await json<Row[]>('task-list', id);
    expect(tasks).toEqual([expect.objectContaining({ Name: 'say', 'Workflow name': 'greet', 'Workflow Execution ID': id, State: 'SUCCESS' })]);
    expect(JSON.parse(await mistral('task-get-result', String(tasks[0]?.['ID'])))).toBe('Hello CLI');
    expect(await mistral('execution-get-report', id, '--no-errors-only')).toContain(`task 'say' [SUCCESS]`);

    // An env stored by name picks the failing action; the rerun's env picks one that works.
    const env = file('choose.json', '{"name": "choose", "variables": {"which": "std.fail"}}');
    await mistral('environment-create', env);
    const failing = await json('execution-create', 'chooser', '{}', '{"env": "choose"}');
    const failed = await watch(String(failing['ID']), ['SUCCESS', 'ERROR']);
    expect(failed['State']).toBe('ERROR');
    const [pick] = await json<Row[]>('task-list', String(failing['ID']));
    expect(pick).toMatchObject({ Name: 'pick', State: 'ERROR' });
    expect(await mistralFails('task-rerun', String(failing['ID']))).toContain('Task execution not found');
    const rerun = await json('task-rerun', String(pick?.['ID']), '--env', '{"which": "std.noop"}');
    expect(rerun).toMatchObject({ ID: pick?.['ID'], Name: 'pick' });
    expect((await watch(String(failing['ID']), ['SUCCESS', 'ERROR']))['State']).toBe('SUCCESS');

    expect(await mistralFails('execution-update', id, '-s', 'PAUSED')).toContain('it is SUCCESS');
    expect(await json('execution-update', id, '-d', 'renamed')).toMatchObject({ Description: 'renamed' });
    await mistral('execution-delete', id, String(failing['ID']));
    expect(await rows('execution-list')).toEqual([]);
    await mistral('environment-delete', 'choose');
  });

  it('runs actions directly and completes an asynchronous one', async () => {
    expect(JSON.parse(await mistral('run-action', 'std.echo', '{"output": {"n": 1}}'))).toEqual({ result: { n: 1 } });
    expect(await mistralFails('run-action', 'std.nope')).toContain('Failed to find action');
    const saved = await json('run-action', 'std.echo', '{"output": "kept"}', '-s');
    expect(saved).toMatchObject({ Name: 'std.echo', 'Task ID': null });
    const pending = await json('run-action', 'std.async_noop', '-s');
    expect(pending).toMatchObject({ Name: 'std.async_noop', State: 'RUNNING' });
    const completed = await json('action-execution-update', String(pending['ID']), '--state', 'SUCCESS', '--output', '{"done": true}');
    expect(completed).toMatchObject({ State: 'SUCCESS' });
    expect(JSON.parse(await mistral('action-execution-get-output', String(pending['ID'])))).toEqual({ result: { done: true } });
    const listed = await json<Row[]>('action-execution-list');
    expect(listed.map((a) => a['Name']).sort()).toEqual(['std.async_noop', 'std.echo']);
  });

  it('creates, lists and deletes cron triggers', async () => {
    await mistral('workflow-create', file('cron.yaml', RUNTIME_WORKFLOWS.replace('greet:', 'cron_greet:').replace('chooser:', 'cron_chooser:')));
    const trigger = await json('cron-trigger-create', 'hourly', 'cron_greet', '{"name": "cron"}', '--pattern', '0 * * * *', '--count', '3');
    expect(trigger).toMatchObject({ Name: 'hourly', Workflow: 'cron_greet', Pattern: '0 * * * *', 'Remaining executions': 3, Params: '{}' });
    expect(String(trigger['Next execution time'])).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:00:00$/);
    expect(await mistralFails('cron-trigger-create', 'bad', 'cron_greet', '{"name": "x"}', '--pattern', 'never')).toContain('Invalid cron pattern');
    expect(await mistralFails('cron-trigger-create', 'hourly', 'cron_greet', '{"name": "y"}', '--pattern', '5 * * * *')).toContain('Duplicate entry');
    expect(await json<Row[]>('cron-trigger-list')).toEqual([expect.objectContaining({ Name: 'hourly', 'Remaining executions': 3 })]);
    expect(await json('cron-trigger-get', 'hourly')).toMatchObject({ Name: 'hourly' });
    await mistral('cron-trigger-delete', 'hourly');
    expect(await rows('cron-trigger-list')).toEqual([]);
  });
});
