import { expect, it } from 'vitest';
import { describeEachStore } from '../../store/testing/each-store.js';
import { ADMIN, MEMBER, OTHER, OTHER_ADMIN, READER, WIRE_TIME, useApi } from '../testing/api-harness.js';
import type { Caller } from '../testing/api-harness.js';

const WORKFLOWS = `version: '2.0'
hello:
  tags: [greeting]
  input: [name]
  output:
    greeting: <% $.greeting %>
  tasks:
    say:
      action: std.echo output=<% 'Hello ' + $.name %>
      publish:
        greeting: <% task().result %>
failing:
  tasks:
    boom:
      action: std.fail error_data="broken"
holding:
  tasks:
    hold:
      action: std.async_noop
chooser:
  tasks:
    pick:
      action: <% env().which %>
parent:
  tasks:
    call:
      workflow: child
      on-success: [done]
    done:
      action: std.noop
child:
  tasks:
    c1:
      action: std.noop
    c2:
      action: std.fail
`;

interface WireExecution {
  readonly id: string;
  readonly state: string;
  readonly [field: string]: unknown;
}

describeEachStore('REST /v2/executions', (ctx) => {
  const api = useApi(ctx);

  async function setup(as: Caller = MEMBER): Promise<void> {
    const res = await api.request('POST', '/v2/workflows', { yaml: WORKFLOWS, as });
    expect(res.statusCode, res.body).toBe(201);
  }

  async function start(body: Record<string, unknown>, as: Caller = MEMBER): Promise<WireExecution> {
    const res = await api.request('POST', '/v2/executions', { json: body, as });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as WireExecution;
  }

  async function settled(id: string, as: Caller = MEMBER): Promise<WireExecution> {
    await api.engine.executions.waitForSettled(id, 10_000);
    const res = await api.request('GET', `/v2/executions/${id}`, { as });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as WireExecution;
  }

  async function waitForState(id: string, state: string): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const row = await api.engine.store.db.selectFrom('workflow_executions').select('state').where('id', '=', id).executeTakeFirst();
      if (row?.state === state) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`execution ${id} never reached ${state}`);
  }

  it('starts an execution and shows it in Mistral wire format, JSON fields as strings', async () => {
    await setup();
    const wf = (await api.request('GET', '/v2/workflows/hello')).json() as { id: string };
    const created = await start({ workflow_name: 'hello', input: '{"name": "Ada"}', params: { env: { region: 'One' } }, description: 'first' });
    expect(created).toMatchObject({
      workflow_name: 'hello',
      workflow_id: wf.id,
      workflow_namespace: '',
      description: 'first',
      tags: ['greeting'],
      input: '{"name": "Ada"}',
      params: '{"env": {"region": "One"}}',
      task_execution_id: null,
      root_execution_id: null,
      source_execution_id: null,
      project_id: 'p1',
      created_at: expect.stringMatching(WIRE_TIME),
      updated_at: expect.stringMatching(WIRE_TIME),
    });
    expect(['RUNNING', 'SUCCESS']).toContain(created.state);
    const done = await settled(created.id);
    expect(done).toMatchObject({ state: 'SUCCESS', state_info: null, output: '{"greeting": "Hello Ada"}', published_global: expect.any(String) });
    expect((await api.request('GET', `/v2/executions/${created.id}?fields=state,output`)).json()).toEqual({
      id: created.id,
      state: 'SUCCESS',
      output: '{"greeting": "Hello Ada"}',
    });
    // By workflow id, and with an input object.
    const byId = await start({ workflow_id: wf.id, input: { name: 'Bob' } });
    expect((await settled(byId.id)).output).toBe('{"greeting": "Hello Bob"}');
  });

  it('refuses bad starts with 400/404 and creates nothing', async () => {
    await setup();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ input: '{}' }, 400, 'Workflow ID or workflow name must be provided'],
      [{ workflow_name: 'nope' }, 404, 'Workflow not found'],
      [{ workflow_name: 'hello' }, 400, 'name'],
      [{ workflow_name: 'hello', input: { name: 'x', extra: 1 } }, 400, 'extra'],
      [{ workflow_name: 'hello', input: '[1]' }, 400, 'input must be a JSON object'],
      [{ workflow_name: 'hello', input: { name: 'x' }, params: { env: 'missing-env' } }, 404, 'Environment not found [name=missing-env]'],
      [{ workflow_name: 'hello', colour: 'red' }, 400, 'Unknown attribute(s) in the request body: colour'],
    ];
    for (const [body, status, message] of cases) {
      const res = await api.request('POST', '/v2/executions', { json: body });
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect((res.json() as { faultstring: string }).faultstring).toContain(message);
    }
    expect((await api.request('GET', '/v2/executions')).json()).toEqual({ executions: [] });
  });

  it('is idempotent with a client id, without revealing other projects', async () => {
    await setup();
    const id = '3f2a8c1e-0000-4000-8000-000000000001';
    const first = await start({ id, workflow_name: 'hello', input: { name: 'A' } });
    expect(first.id).toBe(id);
    const again = await start({ id, workflow_name: 'hello', input: { name: 'B' } });
    expect(again).toMatchObject({ id, input: '{"name": "A"}' });
    expect((await api.request('GET', '/v2/executions')).json()).toMatchObject({ executions: [expect.objectContaining({ id })] });
    await setup(OTHER);
    const theirs = await api.request('POST', '/v2/executions', { json: { id, workflow_name: 'hello', input: { name: 'C' } }, as: OTHER });
    expect(theirs.statusCode).toBe(409);
    expect(theirs.body).not.toContain('"A"');
  });

  it('re-runs a previous execution as a new one (source_execution_id)', async () => {
    await setup();
    const source = await start({ workflow_name: 'hello', input: { name: 'Ada' }, description: 'orig' });
    await settled(source.id);
    const rerun = await start({ source_execution_id: source.id, description: 'again' });
    expect(rerun).toMatchObject({
      workflow_name: 'hello',
      input: '{"name": "Ada"}',
      source_execution_id: source.id,
      description: `again Based on the execution '${source.id}'`,
    });
    const changed = await start({ source_execution_id: source.id, input: { name: 'Bo' } });
    expect((await settled(changed.id)).output).toBe('{"greeting": "Hello Bo"}');
    expect((await api.request('POST', '/v2/executions', { json: { source_execution_id: source.id }, as: OTHER })).statusCode).toBe(404);
  });

  it('lists with filters, include_output, sorting and pages', async () => {
    await setup();
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c']) ids.push((await start({ workflow_name: 'hello', input: { name } })).id);
    const failed = await start({ workflow_name: 'failing' });
    for (const id of [...ids, failed.id]) await settled(id);

    const list = (await api.request('GET', '/v2/executions')).json() as { executions: Record<string, unknown>[] };
    expect(list.executions).toHaveLength(4);
    expect(list.executions[0]).not.toHaveProperty('output');
    expect(list.executions[0]).not.toHaveProperty('published_global');
    const withOutput = (await api.request('GET', '/v2/executions?include_output=true&workflow_name=failing')).json() as { executions: Record<string, unknown>[] };
    expect(withOutput.executions).toEqual([expect.objectContaining({ id: failed.id, state: 'ERROR', output: expect.any(String) })]);

    const byState = (await api.request('GET', '/v2/executions?state=in:SUCCESS,PAUSED&input=has:"b"')).json() as { executions: { id: string }[] };
    expect(byState.executions.map((e) => e.id)).toEqual([ids[1]]);
    const bad = await api.request('GET', '/v2/executions?state=DONE');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ faultstring: expect.stringContaining('"DONE" is not one of IDLE, RUNNING, SUCCESS, ERROR, PAUSED, CANCELLED') });
    expect((await api.request('GET', '/v2/executions?colour=red')).statusCode).toBe(400);

    const page1 = (await api.request('GET', '/v2/executions?workflow_name=hello&limit=2&sort_keys=created_at,id&sort_dirs=desc')).json() as {
      executions: { id: string }[];
      next: string;
    };
    expect(page1.executions).toHaveLength(2);
    expect(page1.next).toContain('/v2/executions?sort_keys=created_at,id&sort_dirs=desc,asc&workflow_name=hello&limit=2&marker=');
    const page2 = (await api.request('GET', page1.next.replace('http://localhost:80', ''))).json() as { executions: { id: string }[]; next?: string };
    expect(page2.executions).toHaveLength(1);
    expect(page2.next).toBeUndefined();
    expect(new Set([...page1.executions, ...page2.executions].map((e) => e.id))).toEqual(new Set(ids));

    // python-mistralclient's --rootsonly and its empty include_output.
    const roots = (await api.request('GET', '/v2/executions?nulls=root_execution_id&include_output=&fields=id,workflow_name,state')).json() as {
      executions: Record<string, unknown>[];
    };
    expect(roots.executions).toHaveLength(4);
    expect(Object.keys(roots.executions[0] ?? {})).toEqual(['id', 'workflow_name', 'state']);
  });

  it('keeps executions to their project: 404 across projects, 403 for readers and non-admin all_projects', async () => {
    await setup();
    const mine = await start({ workflow_name: 'hello', input: { name: 'x' } });
    await settled(mine.id);
    expect((await api.request('GET', `/v2/executions/${mine.id}`, { as: OTHER })).statusCode).toBe(404);
    expect((await api.request('GET', '/v2/executions', { as: OTHER })).json()).toEqual({ executions: [] });
    for (const [method, url, json] of [
      ['PUT', `/v2/executions/${mine.id}`, { description: 'x' }],
      ['DELETE', `/v2/executions/${mine.id}`, undefined],
      ['GET', `/v2/executions/${mine.id}/tasks`, undefined],
      ['GET', `/v2/executions/${mine.id}/report`, undefined],
      ['GET', `/v2/executions/${mine.id}/executions`, undefined],
    ] as const) {
      const res = await api.request(method, url, { as: OTHER, ...(json === undefined ? {} : { json }) });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json()).toEqual({ faultcode: 'Client', faultstring: `Execution not found [id=${mine.id}]`, debuginfo: null });
    }
    for (const [method, url, json] of [
      ['POST', '/v2/executions', { workflow_name: 'hello', input: { name: 'r' } }],
      ['PUT', `/v2/executions/${mine.id}`, { description: 'x' }],
      ['DELETE', `/v2/executions/${mine.id}`, undefined],
    ] as const) {
      const res = await api.request(method, url, { as: READER, ...(json === undefined ? {} : { json }) });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await api.request('GET', `/v2/executions/${mine.id}`, { as: READER })).statusCode).toBe(200);
    expect((await api.request('GET', '/v2/executions?all_projects=true')).statusCode).toBe(403);
    expect((await api.request('GET', '/v2/executions?project_id=p1')).statusCode).toBe(403);
    const all = (await api.request('GET', '/v2/executions?all_projects=true', { as: OTHER_ADMIN })).json() as { executions: { id: string }[] };
    expect(all.executions.map((e) => e.id)).toEqual([mine.id]);
    const filtered = (await api.request('GET', '/v2/executions?project_id=p1', { as: OTHER_ADMIN })).json() as { executions: { id: string }[] };
    expect(filtered.executions.map((e) => e.id)).toEqual([mine.id]);
    expect((await api.request('GET', '/v2/executions', { as: ADMIN })).json()).toMatchObject({ executions: [expect.objectContaining({ id: mine.id })] });
  });

  it('pauses, resumes with env, and refuses transitions that do not apply with a clear 400', async () => {
    await setup();
    const ex = await start({ workflow_name: 'holding' });
    await waitForState(ex.id, 'RUNNING');
    const paused = await api.request('PUT', `/v2/executions/${ex.id}`, { json: { state: 'PAUSED' } });
    expect(paused.statusCode, paused.body).toBe(200);
    expect(paused.json()).toMatchObject({ state: 'PAUSED' });
    const again = await api.request('PUT', `/v2/executions/${ex.id}`, { json: { state: 'PAUSED' } });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ faultstring: `Cannot pause execution ${ex.id}: it is PAUSED (allowed from RUNNING)` });

    // env alone while PAUSED merges into the env and shows in params.
    const env = await api.request('PUT', `/v2/executions/${ex.id}`, { json: { params: '{"env": {"a": 1}}' } });
    expect(env.statusCode, env.body).toBe(200);
    expect(env.json()).toMatchObject({ state: 'PAUSED', params: '{"env": {"a": 1}}' });
    const resumed = await api.request('PUT', `/v2/executions/${ex.id}`, { json: { state: 'RUNNING', params: { env: { b: 2 } } } });
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(resumed.json()).toMatchObject({ state: 'RUNNING' });
    const envRow = await api.engine.store.db.selectFrom('workflow_executions').select('env_json').where('id', '=', ex.id).executeTakeFirstOrThrow();
    expect(JSON.parse(envRow.env_json)).toEqual({ a: 1, b: 2 });
    // RUNNING again is a no-op; env on a running execution is refused.
    expect((await api.request('PUT', `/v2/executions/${ex.id}`, { json: { state: 'RUNNING' } })).json()).toMatchObject({ state: 'RUNNING' });
    const envRunning = await api.request('PUT', `/v2/executions/${ex.id}`, { json: { params: { env: { c: 3 } } } });
    expect(envRunning.statusCode).toBe(403);

    const cases: [Record<string, unknown>, string][] = [
      [{}, 'The property state, description, or env is not provided for update.'],
      [{ state: 'PAUSED', description: 'x' }, 'The property description must be updated separately from state.'],
      [{ state: 'PAUSED', params: { env: { a: 1 } } }, 'The property env can only be updated when workflow execution is not running or on resume from pause.'],
      [{ state: 'IDLE' }, "Cannot change state to IDLE. Allowed states are: 'RUNNING, PAUSED, SUCCESS, ERROR, CANCELLED'"],
      [{ state: 'SKIPPED' }, 'Cannot change state to SKIPPED'],
      [{ params: { env: [1] } }, 'params.env must be a JSON object'],
    ];
    for (const [body, message] of cases) {
      const res = await api.request('PUT', `/v2/executions/${ex.id}`, { json: body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect((res.json() as { faultstring: string }).faultstring).toContain(message);
    }

    const described = await api.request('PUT', `/v2/executions/${ex.id}`, { json: { description: 'renamed' } });
    expect(described.json()).toMatchObject({ description: 'renamed', state: 'RUNNING' });

    const cancelled = await api.request('PUT', `/v2/executions/${ex.id}`, { json: { state: 'CANCELLED', state_info: 'no longer needed' } });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ state: 'CANCELLED', state_info: 'no longer needed' });
    const late = await api.request('PUT', `/v2/executions/${ex.id}`, { json: { state: 'SUCCESS' } });
    expect(late.statusCode).toBe(400);
    expect(late.json()).toMatchObject({ faultstring: `Execution ${ex.id} is already CANCELLED` });
    const pauseDone = await api.request('PUT', `/v2/executions/${ex.id}`, { json: { state: 'PAUSED' } });
    expect(pauseDone.json()).toMatchObject({ faultstring: expect.stringContaining('it is CANCELLED') });
  });

  it('forces SUCCESS or ERROR with a reason', async () => {
    await setup();
    for (const state of ['SUCCESS', 'ERROR'] as const) {
      const ex = await start({ workflow_name: 'holding' });
      await waitForState(ex.id, 'RUNNING');
      const res = await api.request('PUT', `/v2/executions/${ex.id}`, { json: { state, state_info: `forced ${state}` } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ state, state_info: `forced ${state}` });
    }
  });

  it('deletes completed executions with their tree; running ones only with force', async () => {
    await setup();
    const running = await start({ workflow_name: 'holding' });
    await waitForState(running.id, 'RUNNING');
    const refused = await api.request('DELETE', `/v2/executions/${running.id}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ faultstring: `Only completed executions can be deleted. Execution ${running.id} is in RUNNING state` });
    expect((await api.request('DELETE', `/v2/executions/${running.id}?force=True`)).statusCode).toBe(204);
    expect((await api.request('GET', `/v2/executions/${running.id}`)).statusCode).toBe(404);

    const parent = await start({ workflow_name: 'parent' });
    await settled(parent.id);
    const all = (await api.request('GET', '/v2/executions')).json() as { executions: unknown[] };
    expect(all.executions).toHaveLength(2);
    expect((await api.request('DELETE', `/v2/executions/${parent.id}`)).statusCode).toBe(204);
    expect((await api.request('GET', '/v2/executions')).json()).toEqual({ executions: [] });
    expect((await api.request('GET', '/v2/tasks')).json()).toEqual({ tasks: [] });
    expect((await api.request('DELETE', `/v2/executions/${parent.id}`)).statusCode).toBe(404);
  });

  it('lists the tasks of an execution, with filters and a next link on /v2/tasks', async () => {
    await setup();
    const ex = await start({ workflow_name: 'parent' });
    await settled(ex.id);
    const tasks = (await api.request('GET', `/v2/executions/${ex.id}/tasks`)).json() as { tasks: Record<string, unknown>[] };
    expect(tasks.tasks.map((t) => t['name'])).toEqual(['call']);
    expect(tasks.tasks[0]).toMatchObject({ type: 'WORKFLOW', state: 'ERROR', workflow_execution_id: ex.id, workflow_name: 'parent' });
    expect(tasks.tasks[0]).not.toHaveProperty('result');
    const page = (await api.request('GET', `/v2/executions/${ex.id}/tasks?limit=1&state=ERROR`)).json() as { next: string };
    expect(page.next).toMatch(/\/v2\/tasks\?sort_keys=created_at&sort_dirs=asc&state=ERROR&limit=1&marker=/);
  });

  it('flattens the sub-execution tree and builds the report', async () => {
    await setup();
    const ex = await start({ workflow_name: 'parent' });
    const done = await settled(ex.id);
    expect(done.state).toBe('ERROR');
    const subs = (await api.request('GET', `/v2/executions/${ex.id}/executions?max_depth=-1&errors_only=`)).json() as { executions: Record<string, unknown>[] };
    expect(subs.executions.map((e) => e['workflow_name'])).toEqual(['parent', 'child']);
    const child = subs.executions[1] ?? {};
    expect(child).toMatchObject({ root_execution_id: ex.id, task_execution_id: expect.any(String), state: 'ERROR' });
    expect(child).not.toHaveProperty('output');
    const rootOnly = (await api.request('GET', `/v2/executions/${ex.id}/executions?max_depth=0&include_output=true`)).json() as { executions: Record<string, unknown>[] };
    expect(rootOnly.executions).toEqual([expect.objectContaining({ id: ex.id, output: expect.any(String) })]);
    // The child's list from the child.
    const fromChild = (await api.request('GET', `/v2/executions/${String(child['id'])}/executions`)).json() as { executions: unknown[] };
    expect(fromChild.executions).toHaveLength(1);

    const report = (await api.request('GET', `/v2/executions/${ex.id}/report`)).json() as {
      statistics: Record<string, number>;
      root_workflow_execution: Record<string, unknown>;
    };
    expect(report.statistics).toEqual({
      total_tasks_count: 3,
      running_tasks_count: 0,
      success_tasks_count: 1,
      error_tasks_count: 2,
      idle_tasks_count: 0,
      paused_tasks_count: 0,
    });
    const root = report.root_workflow_execution;
    expect(root).toMatchObject({ id: ex.id, name: 'parent', state: 'ERROR', created_at: expect.stringMatching(WIRE_TIME), finished_at: expect.stringMatching(WIRE_TIME) });
    const [call] = root['task_executions'] as Record<string, unknown>[];
    expect(call).toMatchObject({ name: 'call', type: 'WORKFLOW', state: 'ERROR', retry_count: 0, action_executions: [], duration: expect.any(Number) });
    const [sub] = (call?.['workflow_executions'] ?? []) as Record<string, unknown>[];
    expect(sub).toMatchObject({ name: 'child', state: 'ERROR' });
    const subTasks = sub?.['task_executions'] as Record<string, unknown>[];
    expect(subTasks.map((t) => t['name'])).toEqual(['c1', 'c2']);
    expect(subTasks[1]).toMatchObject({
      state: 'ERROR',
      action_executions: [expect.objectContaining({ name: 'std.fail', state: 'ERROR', accepted: true, started_at: expect.stringMatching(WIRE_TIME) })],
    });

    const errors = (await api.request('GET', `/v2/executions/${ex.id}/report?errors_only=true`)).json() as typeof report;
    expect(errors.statistics).toMatchObject({ total_tasks_count: 2, success_tasks_count: 0, error_tasks_count: 2 });
    const shallow = (await api.request('GET', `/v2/executions/${ex.id}/report?max_depth=0`)).json() as typeof report;
    expect(shallow.statistics.total_tasks_count).toBe(1);
    const shallowCall = (shallow.root_workflow_execution['task_executions'] as Record<string, unknown>[])[0];
    expect((shallowCall?.['workflow_executions'] as Record<string, unknown>[])[0]).not.toHaveProperty('task_executions');
    const stats = (await api.request('GET', `/v2/executions/${ex.id}/report?statistics_only=true`)).json() as Record<string, unknown>;
    expect(Object.keys(stats)).toEqual(['statistics']);
    expect((await api.request('GET', `/v2/executions/${ex.id}/report?max_depth=deep`)).statusCode).toBe(400);
  });
});
