/**
 * The client commands against a real API (engine on a SQLite file, noauth) in-process: each
 * command's table and --json output, exit codes, and the messages for bad input, unknown
 * objects and a server that is down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, eventually, runCli, startTestServer } from './client/testing/test-server.js';
import type { TestServer } from './client/testing/test-server.js';

const WORKFLOWS = `version: '2.0'
cli_greet:
  input: [name]
  output: {greeting: <% $.greeting %>}
  tasks:
    greet:
      action: std.echo output="Hello, <% $.name %>"
      publish: {greeting: <% task().result %>}
cli_fail:
  tasks:
    boom:
      action: std.fail
cli_choose:
  tasks:
    pick:
      action: <% env().which %>
cli_wait:
  tasks:
    nap:
      action: std.sleep seconds=600
cli_async:
  output: {got: <% $.got %>}
  tasks:
    hold:
      action: std.async_noop
      publish: {got: <% task().result %>}
`;

let server: TestServer;
let env: Record<string, string>;
let workflowsFile: string;

const cli = (...args: string[]) => runCli(env, ...args);
const json = <T>(text: string): T => JSON.parse(text) as T;

interface Wire {
  id: string;
  state: string;
  name?: string;
  workflow_name?: string;
  output?: string;
}

async function startAndSettle(workflow: string, ...more: string[]): Promise<Wire> {
  const started = json<Wire>((await cli('execution', 'start', workflow, '--json', ...more)).out);
  return eventually(async () => {
    const e = json<Wire>((await cli('execution', 'show', started.id, '--json')).out);
    return e.state === 'RUNNING' || e.state === 'IDLE' ? undefined : e;
  }, `execution ${started.id} to settle`);
}

beforeAll(async () => {
  server = await startTestServer('convection-cli-client-');
  env = { CONVECTION_URL: server.api.url };
  workflowsFile = server.file('workflows.yaml', WORKFLOWS);
  const created = await cli('workflow', 'create', workflowsFile);
  expect(created.err).toBe('');
}, 60_000);

afterAll(async () => server?.close());

describe('workflow commands', () => {
  it('lists workflows as a table and as JSON', async () => {
    const table = await cli('workflow', 'list');
    expect(table.code).toBe(0);
    expect(table.out.split('\n')[0]).toMatch(/^ID\s+Name\s+Namespace\s+Input\s+Scope\s+Created$/);
    expect(table.out).toMatch(/cli_greet\s+name\s+private/);
    const list = json<Wire[]>((await cli('workflow', 'list', '--json')).out);
    expect(list.map((w) => w.name).sort()).toEqual(['cli_async', 'cli_choose', 'cli_fail', 'cli_greet', 'cli_wait']);
  });

  it('shows one workflow with its definition', async () => {
    const shown = await cli('workflow', 'show', 'cli_greet');
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/^Name\s+cli_greet$/m);
    expect(shown.out).toContain('action: std.echo output="Hello, <% $.name %>"');
    expect(json<Wire>((await cli('workflow', 'show', 'cli_greet', '--json')).out).name).toBe('cli_greet');
  });

  it('refuses to create a workflow twice, with the server message and exit 1', async () => {
    const again = await cli('workflow', 'create', workflowsFile);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^convection: .*(Duplicate|already exists).*\n$/);
  });

  it('updates and deletes workflows', async () => {
    const path = server.file('temp.yaml', "version: '2.0'\ncli_temp:\n  tasks:\n    t:\n      action: std.noop\n");
    expect((await cli('workflow', 'create', path)).code).toBe(0);
    const updated = await cli('workflow', 'update', path, '--json');
    expect(json<Wire[]>(updated.out).map((w) => w.name)).toEqual(['cli_temp']);
    expect(await cli('workflow', 'delete', 'cli_temp')).toMatchObject({ code: 0, out: 'deleted workflow cli_temp\n' });
    const gone = await cli('workflow', 'show', 'cli_temp');
    expect(gone.code).toBe(1);
    expect(gone.err).toMatch(/^convection: Workflow not found.*cli_temp/);
  });

  it('validates on the server: OK with exit 0, every problem with exit 2', async () => {
    expect(await cli('workflow', 'validate', workflowsFile)).toMatchObject({ code: 0, out: 'OK\n' });
    const bad = server.file('bad.yaml', "version: '2.0'\nbad_flow:\n  tasks:\n    a:\n      action: std.noop\n      on-success: [missing]\n");
    const r = await cli('workflow', 'validate', bad);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/Invalid workflow definition \(1 problem\):\n- .*unknown task "missing"/);
    expect(json<{ valid: boolean }>((await cli('workflow', 'validate', bad, '--json')).out).valid).toBe(false);
  });

  it('says when the file cannot be read (exit 2, before connecting)', async () => {
    const r = await runCli({ CONVECTION_URL: `http://127.0.0.1:${await closedPort()}` }, 'workflow', 'create', '/nonexistent/wf.yaml');
    expect(r).toMatchObject({ code: 2, err: 'convection: cannot read /nonexistent/wf.yaml: ENOENT\n' });
  });
});

describe('execution commands', () => {
  it('starts and watches to SUCCESS (exit 0), printing the output', async () => {
    const r = await cli('execution', 'start', 'cli_greet', '--input', '{"name": "Ada"}', '--watch');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^State\s+SUCCESS$/m);
    expect(r.out).toContain('"greeting": "Hello, Ada"');
    expect(r.err).toMatch(/cli_greet SUCCESS\s+█+ 1\/1 tasks\n$/);
  });

  it('prints the final execution as JSON with --watch --json', async () => {
    const r = await cli('execution', 'start', 'cli_greet', '--input', '{"name": "Bo"}', '--watch', '--json');
    const e = json<Wire>(r.out);
    expect(e.state).toBe('SUCCESS');
    expect(JSON.parse(e.output as string)).toEqual({ greeting: 'Hello, Bo' });
  });

  it('exits 1 when the watched execution fails and 3 when it is cancelled', async () => {
    const failed = await cli('execution', 'start', 'cli_fail', '--watch');
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/^State\s+ERROR$/m);
    const started = json<Wire>((await cli('execution', 'start', 'cli_wait', '--json')).out);
    const watching = cli('execution', 'watch', started.id);
    expect((await cli('execution', 'cancel', started.id, '--reason', 'enough')).code).toBe(0);
    const watched = await watching;
    expect(watched.code).toBe(3);
    expect(watched.out).toMatch(/^State\s+CANCELLED$/m);
    expect(watched.out).toMatch(/^State info\s+enough$/m);
  });

  it('reports bad JSON input and unknown workflows plainly', async () => {
    const bad = await cli('execution', 'start', 'cli_greet', '--input', '{"name": ');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^convection: --input: invalid JSON: /);
    expect((await cli('execution', 'start', 'cli_greet', '--input', '[1]')).err).toBe('convection: --input: expected a JSON object\n');
    const unknown = await cli('execution', 'start', 'no_such_flow');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe('convection: Workflow not found [workflow_identifier=no_such_flow, namespace=]\n');
    const missing = await cli('execution', 'start', 'cli_greet');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^convection: .*name/);
  });

  it('reads --input from a file', async () => {
    const path = server.file('input.json', '{"name": "File"}');
    const r = await cli('execution', 'start', 'cli_greet', '--input', `@${path}`, '--watch', '--json');
    expect(JSON.parse(json<Wire>(r.out).output as string)).toEqual({ greeting: 'Hello, File' });
  });

  it('lists executions filtered by state and workflow, newest first, with a limit', async () => {
    const table = await cli('execution', 'list', '--workflow', 'cli_greet', '--state', 'success');
    expect(table.code).toBe(0);
    expect(table.out.split('\n')[0]).toMatch(/^ID\s+Workflow\s+State\s+Created\s+Updated\s+State info$/);
    const rows = table.out.trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) expect(row).toMatch(/cli_greet\s+SUCCESS/);
    const limited = json<Wire[]>((await cli('execution', 'list', '--limit', '2', '--json')).out);
    expect(limited).toHaveLength(2);
    expect((await cli('execution', 'list', '--limit', 'x')).err).toBe('convection: --limit: expected a positive whole number, got "x"\n');
  });

  it('pauses, resumes, resubmits and deletes executions', async () => {
    const started = json<Wire>((await cli('execution', 'start', 'cli_wait', '--json')).out);
    expect(json<Wire>((await cli('execution', 'pause', started.id, '--json')).out).state).toBe('PAUSED');
    const resumed = await cli('execution', 'resume', started.id);
    expect(resumed.out).toMatch(/cli_wait\s+RUNNING/);
    const refused = await cli('execution', 'delete', started.id);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/Only completed executions can be deleted/);
    expect(await cli('execution', 'delete', started.id, '--force')).toMatchObject({ code: 0, out: `deleted execution ${started.id}\n` });
    const greet = await startAndSettle('cli_greet', '--input', '{"name": "Re"}');
    const again = json<Wire>((await cli('execution', 'resubmit', greet.id, '--watch', '--json')).out);
    expect(again.id).not.toBe(greet.id);
    expect(JSON.parse(again.output as string)).toEqual({ greeting: 'Hello, Re' });
    const gone = await cli('execution', 'show', '00000000-0000-4000-8000-000000000000');
    expect(gone).toMatchObject({ code: 1 });
    expect(gone.err).toMatch(/^convection: .*not found/i);
  });

  it('retries the failed task of an execution after its env was fixed', async () => {
    const failed = await startAndSettle('cli_choose', '--env', '{"which": "std.fail"}');
    expect(failed.state).toBe('ERROR');
    await server.engine.executions.updateEnv(failed.id, new Map([['which', 'std.noop']]));
    const retried = await cli('execution', 'retry', failed.id, '--watch');
    expect(retried.code).toBe(0);
    expect(retried.out).toMatch(/^State\s+SUCCESS$/m);
    const nothing = await cli('execution', 'retry', failed.id);
    expect(nothing.code).toBe(1);
    expect(nothing.err).toBe(`convection: execution ${failed.id} has no failed task to rerun (it is SUCCESS)\n`);
  });
});

describe('task commands', () => {
  it('lists, shows and reruns tasks', async () => {
    const failed = await startAndSettle('cli_choose', '--env', '{"which": "std.fail"}');
    const table = await cli('task', 'list', '--execution', failed.id);
    expect(table.out.split('\n')[0]).toMatch(/^ID\s+Name\s+Workflow\s+Execution\s+State\s+Duration\s+State info$/);
    expect(table.out).toMatch(/pick\s+cli_choose\s+\S+\s+ERROR/);
    const [task] = json<Wire[]>((await cli('task', 'list', '--execution', failed.id, '--json')).out);
    const shown = await cli('task', 'show', task?.id as string);
    expect(shown.out).toMatch(/^State\s+ERROR$/m);
    const badEnv = await cli('task', 'rerun', task?.id as string, '--env', 'nope');
    expect(badEnv.code).toBe(2);
    const rerun = await cli('task', 'rerun', task?.id as string, '--env', '{"which": "std.noop"}', '--json');
    expect(rerun.code).toBe(0);
    expect(json<Wire>(rerun.out).id).toBe(task?.id);
    await eventually(async () => (json<Wire>((await cli('execution', 'show', failed.id, '--json')).out).state === 'SUCCESS' ? true : undefined), 'the rerun to succeed');
    const notFailed = await cli('task', 'rerun', task?.id as string);
    expect(notFailed.code).toBe(2);
    expect(notFailed.err).toMatch(/^convection: .+\n$/);
  });
});

describe('action-execution complete', () => {
  it('completes an asynchronous action with its result, or with --error', async () => {
    for (const [flags, state] of [[[], 'SUCCESS'], [['--error'], 'ERROR']] as const) {
      const started = json<Wire>((await cli('execution', 'start', 'cli_async', '--json')).out);
      const action = await eventually(() => actionOf(started.id), 'the async action');
      const bad = await cli('action-execution', 'complete', action, '--output', '{oops');
      expect(bad.code).toBe(2);
      const done = await cli('action-execution', 'complete', action, '--output', '{"ok": 1}', ...flags);
      expect(done.code).toBe(0);
      expect(done.out).toMatch(new RegExp(`^State\\s+${state}$`, 'm'));
      const final = await eventually(async () => {
        const e = json<Wire>((await cli('execution', 'show', started.id, '--json')).out);
        return e.state === 'RUNNING' ? undefined : e;
      }, 'the execution to finish');
      expect(final.state).toBe(state);
    }
  });
});

async function actionOf(executionId: string): Promise<string | undefined> {
  const tasks = json<Wire[]>((await cli('task', 'list', '--execution', executionId, '--json')).out);
  if (tasks.length === 0) return undefined;
  const res = await fetch(`${server.api.url}/v2/tasks/${tasks[0]?.id}/action_executions`);
  const body = (await res.json()) as { action_executions: Wire[] };
  return body.action_executions[0]?.id;
}

describe('cron and env commands', () => {
  it('creates, lists and deletes cron triggers', async () => {
    const created = await cli('cron', 'create', 'nightly', 'cli_greet', '--pattern', '0 3 * * *', '--input', '{"name": "Cron"}');
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/nightly\s+cli_greet\s+0 3 \* \* \*/);
    const list = json<Wire[]>((await cli('cron', 'list', '--json')).out);
    expect(list.map((c) => c.name)).toEqual(['nightly']);
    expect((await cli('cron', 'create', 'x', 'cli_greet')).err).toBe('convection: give --pattern, --first-time, or both\n');
    expect(await cli('cron', 'delete', 'nightly')).toMatchObject({ code: 0, out: 'deleted cron trigger nightly\n' });
    expect((await cli('cron', 'list')).out).toBe('(none)\n');
  });

  it('creates, lists and deletes environments', async () => {
    const created = await cli('env', 'create', 'staging', '--variables', '{"region": "RegionOne"}', '--description', 'for tests');
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/staging\s+for tests\s+\{"region": "RegionOne"\}/);
    expect(json<Wire[]>((await cli('env', 'list', '--json')).out).map((e) => e.name)).toEqual(['staging']);
    const ran = await cli('execution', 'start', 'cli_choose', '--env', 'staging', '--json');
    expect(ran.code).toBe(0);
    expect(await cli('env', 'delete', 'staging')).toMatchObject({ code: 0, out: 'deleted environment staging\n' });
    const gone = await cli('env', 'delete', 'staging');
    expect(gone.code).toBe(1);
    expect(gone.err).toMatch(/^convection: .*staging/);
  });
});

describe('analytics', () => {
  it('prints per-task durations and failure rates with bar charts', async () => {
    const r = await cli('analytics', 'cli_choose', '--since', '1d');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^cli_choose: \d+ executions since .* UTC · success \d+% · errors \d+% · avg .* · p95 /);
    expect(r.out).toMatch(/^Task\s+Runs\s+Avg\s+P95\s+Duration \(avg, p95 scale\)\s+Failed\s+Critical$/m);
    expect(r.out).toMatch(/^pick\s+\d+\s+.*[█▏▎▍▌▋▊▉].*\d+%/m);
    const data = json<{ workflow: { count: number }; tasks: { tasks: { name: string; failure_rate: number }[] } }>((await cli('analytics', 'cli_choose', '--json')).out);
    expect(data.tasks.tasks.map((t) => t.name)).toEqual(['pick']);
    expect(data.tasks.tasks[0]?.failure_rate).toBeGreaterThan(0);
    expect((await cli('analytics', 'cli_choose', '--since', 'yesterday-ish')).code).toBe(2);
  });
});

describe('top without a terminal', () => {
  it('prints one snapshot table, or JSON', async () => {
    const started = json<Wire>((await cli('execution', 'start', 'cli_wait', '--json')).out);
    const table = await cli('top');
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^RUNNING \d+  PAUSED \d+  IDLE \d+  ERROR \d+  CANCELLED \d+  SUCCESS \d+$/m);
    expect(table.out).toMatch(new RegExp(`^${started.id}\\s+cli_wait\\s+RUNNING\\s+0/1\\s+\\S+\\s+nap$`, 'm'));
    const snapshot = json<{ executions: { id: string; state: string; current_task: string; tasks_total: number }[] }>((await cli('top', '--json')).out);
    expect(snapshot.executions.find((e) => e.id === started.id)).toMatchObject({ state: 'RUNNING', current_task: 'nap', tasks_total: 1 });
    await cli('execution', 'cancel', started.id);
  });
});

describe('connection failures and completion', () => {
  it('says the server is down (exit 4)', async () => {
    const port = await closedPort();
    const r = await runCli({ CONVECTION_URL: `http://127.0.0.1:${port}` }, 'execution', 'list');
    expect(r).toMatchObject({ code: 4, out: '' });
    expect(r.err).toBe(`convection: cannot reach the Convection API at http://127.0.0.1:${port}/v2: connection refused (is the server running? check CONVECTION_URL or the catalog)\n`);
  });

  it('says which Keystone settings are missing', async () => {
    const r = await runCli({ OS_USERNAME: 'ada' }, 'workflow', 'list');
    expect(r).toMatchObject({ code: 4, err: 'convection: incomplete Keystone credentials: set OS_PASSWORD, OS_PROJECT_NAME (or OS_PROJECT_ID), OS_AUTH_URL\n' });
  });

  it('lets --url override CONVECTION_URL', async () => {
    const r = await runCli({ CONVECTION_URL: `http://127.0.0.1:${await closedPort()}` }, 'workflow', 'list', '--url', server.api.url);
    expect(r.code).toBe(0);
  });

  it('prints bash and zsh completion scripts built from the commands', async () => {
    const bash = await cli('completion', 'bash');
    expect(bash.code).toBe(0);
    expect(bash.out).toContain('complete -o default -F _convection convection');
    expect(bash.out).toMatch(/"execution"\) words="start list show watch pause resume cancel resubmit retry delete/);
    expect((await cli('completion', 'zsh')).out).toMatch(/^#compdef convection/);
    expect(await cli('completion', 'fish')).toMatchObject({ code: 2, err: 'convection: completion: unsupported shell "fish" (use bash or zsh)\n' });
  });
});
