import { expect, it } from 'vitest';
import { describeEachStore } from '../../store/testing/each-store.js';
import { OTHER, READER, WIRE_TIME, useApi } from '../testing/api-harness.js';

const WORKFLOWS = `version: '2.0'
items:
  tasks:
    each:
      with-items: x in <% [1, 2, 3] %>
      action: std.echo output=<% $.x * 2 %>
      publish:
        doubled: <% task().result %>
      on-success: [last]
    last:
      action: std.noop
chooser:
  tasks:
    pick:
      action: <% env().which %>
      publish:
        picked: true
parent:
  tasks:
    call:
      workflow: child
child:
  tasks:
    c1:
      action: std.fail
`;

interface WireTask {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly [field: string]: unknown;
}

describeEachStore('REST /v2/tasks', (ctx) => {
  const api = useApi(ctx);

  async function run(body: Record<string, unknown>): Promise<string> {
    const created = await api.request('POST', '/v2/workflows', { yaml: WORKFLOWS });
    expect([201, 409]).toContain(created.statusCode);
    const res = await api.request('POST', '/v2/executions', { json: body });
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as { id: string }).id;
    await api.engine.executions.waitForSettled(id, 10_000);
    return id;
  }

  async function tasksOf(executionId: string): Promise<WireTask[]> {
    const res = await api.request('GET', `/v2/executions/${executionId}/tasks`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { tasks: WireTask[] }).tasks;
  }

  it('shows a task with its result, published and runtime context as JSON strings', async () => {
    const ex = await run({ workflow_name: 'items' });
    const [each, last] = await tasksOf(ex);
    expect(last?.name).toBe('last');
    const res = await api.request('GET', `/v2/tasks/${each?.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      id: each?.id,
      name: 'each',
      type: 'ACTION',
      workflow_name: 'items',
      workflow_namespace: '',
      workflow_id: expect.any(String),
      workflow_execution_id: ex,
      tags: [],
      state: 'SUCCESS',
      state_info: null,
      project_id: 'p1',
      runtime_context: '{"triggered_by": [], "retry_task_policy": {"retry_no": 0}, "with_items": {"count": 3, "capacity": 0, "concurrency": 0}}',
      result: '[2, 4, 6]',
      published: '{"doubled": [2, 4, 6]}',
      published_global: '{}',
      processed: true,
      created_at: expect.stringMatching(WIRE_TIME),
      updated_at: expect.stringMatching(WIRE_TIME),
      started_at: expect.stringMatching(WIRE_TIME),
      finished_at: expect.stringMatching(WIRE_TIME),
    });
    const lastTask = (await api.request('GET', `/v2/tasks/${last?.id}?fields=runtime_context,result`)).json() as Record<string, unknown>;
    expect(lastTask).toEqual({ id: last?.id, runtime_context: `{"triggered_by": [{"task_id": "${each?.id}", "event": "on-success"}], "retry_task_policy": {"retry_no": 0}}`, result: 'null' });
    const actions = (await api.request('GET', `/v2/tasks/${each?.id}/action_executions`)).json() as { action_executions: Record<string, unknown>[] };
    expect(actions.action_executions.map((a) => a['input'])).toEqual(['{"output": 2, "delay": 0}', '{"output": 4, "delay": 0}', '{"output": 6, "delay": 0}']);
    expect(actions.action_executions[0]).toMatchObject({ name: 'std.echo', task_name: 'each', task_execution_id: each?.id, workflow_name: 'items', accepted: true, state: 'SUCCESS' });
    expect(actions.action_executions[0]).not.toHaveProperty('output');
  });

  it('lists tasks with filters and pages', async () => {
    const a = await run({ workflow_name: 'items' });
    const b = await run({ workflow_name: 'chooser', params: { env: { which: 'std.fail' } } });
    const all = (await api.request('GET', '/v2/tasks?sort_keys=name')).json() as { tasks: WireTask[] };
    expect(all.tasks.map((t) => t.name)).toEqual(['each', 'last', 'pick']);
    expect(all.tasks[0]).not.toHaveProperty('result');
    const failed = (await api.request('GET', '/v2/tasks?state=ERROR')).json() as { tasks: WireTask[] };
    expect(failed.tasks).toEqual([expect.objectContaining({ name: 'pick', workflow_execution_id: b, state_info: expect.stringContaining('Fail action expected exception') })]);
    const byExecution = (await api.request('GET', `/v2/tasks?workflow_execution_id=${a}&name=in:each,pick`)).json() as { tasks: WireTask[] };
    expect(byExecution.tasks.map((t) => t.name)).toEqual(['each']);
    const published = (await api.request('GET', '/v2/tasks?published=has:doubled&processed=true')).json() as { tasks: WireTask[] };
    expect(published.tasks.map((t) => t.name)).toEqual(['each']);
    const page = (await api.request('GET', '/v2/tasks?limit=2&sort_keys=name&sort_dirs=desc')).json() as { tasks: WireTask[]; next: string };
    expect(page.tasks.map((t) => t.name)).toEqual(['pick', 'last']);
    const rest = (await api.request('GET', page.next.replace('http://localhost:80', ''))).json() as { tasks: WireTask[] };
    expect(rest.tasks.map((t) => t.name)).toEqual(['each']);
    expect((await api.request('GET', '/v2/tasks?state=BORED')).statusCode).toBe(400);
    expect((await api.request('GET', '/v2/tasks', { as: OTHER })).json()).toEqual({ tasks: [] });
  });

  it('reruns a failed task with reset and a new env; the execution succeeds', async () => {
    const ex = await run({ workflow_name: 'chooser', params: { env: { which: 'std.fail' } } });
    const [pick] = await tasksOf(ex);
    expect(pick?.state).toBe('ERROR');
    const url = `/v2/tasks/${pick?.id}`;

    const cases: [Record<string, unknown>, string][] = [
      [{ state: 'RUNNING' }, 'Reset field is mandatory to rerun task.'],
      [{ state: 'SKIPPED' }, 'Skipping a task (state SKIPPED) is not supported'],
      [{ state: 'SUCCESS', reset: true }, 'Invalid task state: SUCCESS'],
      [{ reset: true }, 'Invalid task state: (none)'],
      [{ state: 'RUNNING', reset: true, name: 'other' }, 'Task name does not match'],
      [{ state: 'RUNNING', reset: true, workflow_name: 'other' }, 'Workflow name does not match'],
      [{ state: 'RUNNING', reset: true, id: 'not-this-one' }, 'is not the task\'s id'],
      [{ state: 'RUNNING', reset: false }, 'reset=false is only allowed for with-items tasks'],
      [{ state: 'RUNNING', reset: true, env: '[1]' }, 'env must be a JSON object'],
      [{ state: 'RUNNING', reset: true, colour: 'red' }, 'Unknown attribute(s) in the request body: colour'],
    ];
    for (const [body, message] of cases) {
      const res = await api.request('PUT', url, { json: body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect((res.json() as { faultstring: string }).faultstring).toContain(message);
    }
    expect((await api.request('PUT', url, { json: { state: 'RUNNING', reset: true }, as: OTHER })).statusCode).toBe(404);
    expect((await api.request('PUT', url, { json: { state: 'RUNNING', reset: true }, as: READER })).statusCode).toBe(403);
    expect((await api.request('GET', url, { as: OTHER })).statusCode).toBe(404);

    // As python-mistralclient sends it: the id again, env as a JSON string.
    const res = await api.request('PUT', url, { json: { id: pick?.id, state: 'RUNNING', reset: true, env: '{"which": "std.noop"}' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: pick?.id, name: 'pick' });
    const done = await api.engine.executions.waitForSettled(ex, 10_000);
    expect(done.state).toBe('SUCCESS');
    expect((await api.request('GET', url)).json()).toMatchObject({ state: 'SUCCESS', published: '{"picked": true}' });
    const actions = (await api.request('GET', `${url}/action_executions?sort_keys=created_at`)).json() as { action_executions: Record<string, unknown>[] };
    expect(actions.action_executions.map((a) => [a['name'], a['state'], a['accepted']])).toEqual([
      ['std.fail', 'ERROR', false],
      ['std.noop', 'SUCCESS', true],
    ]);
    const again = await api.request('PUT', url, { json: { state: 'RUNNING', reset: true } });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ faultstring: expect.stringContaining('only a task in ERROR can be rerun') });
  });

  it('reruns with an env updated on the failed execution beforehand', async () => {
    const ex = await run({ workflow_name: 'chooser', params: { env: { which: 'std.fail' } } });
    const env = await api.request('PUT', `/v2/executions/${ex}`, { json: { params: { env: { which: 'std.echo', unused: 1 } } } });
    expect(env.statusCode, env.body).toBe(200);
    expect(env.json()).toMatchObject({ state: 'ERROR', params: '{"env": {"which": "std.echo", "unused": 1}}' });
    const [pick] = await tasksOf(ex);
    // std.echo needs `output`: the new env was used, and the task fails again, differently.
    expect((await api.request('PUT', `/v2/tasks/${pick?.id}`, { json: { state: 'RUNNING', reset: true } })).statusCode).toBe(200);
    await api.engine.executions.waitForSettled(ex, 10_000);
    const task = (await api.request('GET', `/v2/tasks/${pick?.id}`)).json() as WireTask;
    expect(task).toMatchObject({ state: 'ERROR', state_info: "Invalid input [action=std.echo, missing=['output']]" });
  });

  it('lists the executions a task started', async () => {
    const ex = await run({ workflow_name: 'parent' });
    const [call] = await tasksOf(ex);
    const subs = (await api.request('GET', `/v2/tasks/${call?.id}/workflow_executions`)).json() as { executions: Record<string, unknown>[] };
    expect(subs.executions).toEqual([expect.objectContaining({ workflow_name: 'child', task_execution_id: call?.id, root_execution_id: ex, state: 'ERROR' })]);
    const tree = (await api.request('GET', `/v2/tasks/${call?.id}/executions?max_depth=-1&errors_only=true`)).json() as { executions: Record<string, unknown>[] };
    expect(tree.executions.map((e) => e['workflow_name'])).toEqual(['child']);
    const none = (await api.request('GET', `/v2/tasks/${call?.id}/executions?max_depth=-1`)).json() as { executions: unknown[] };
    expect(none.executions).toHaveLength(1);
    expect((await api.request('GET', `/v2/tasks/${call?.id}/workflow_executions`, { as: OTHER })).statusCode).toBe(404);
    expect((await api.request('GET', `/v2/tasks/${call?.id}/action_executions`, { as: OTHER })).statusCode).toBe(404);
  });
});
