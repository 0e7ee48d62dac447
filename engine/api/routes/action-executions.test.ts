import { expect, it } from 'vitest';
import { describeEachStore } from '../../store/testing/each-store.js';
import { OTHER, READER, WIRE_TIME, useApi } from '../testing/api-harness.js';

const WORKFLOWS = `version: '2.0'
holding:
  output:
    got: <% $.got %>
  tasks:
    hold:
      action: std.async_noop
      publish:
        got: <% task().result %>
`;

interface WireActionExecution {
  readonly id: string;
  readonly state: string;
  readonly [field: string]: unknown;
}

describeEachStore('REST /v2/action_executions', (ctx) => {
  const api = useApi(ctx);

  async function runAction(body: Record<string, unknown>, status = 201): Promise<WireActionExecution> {
    const res = await api.request('POST', '/v2/action_executions', { json: body });
    expect(res.statusCode, res.body).toBe(status);
    return res.json() as WireActionExecution;
  }

  async function until(id: string, state: string): Promise<WireActionExecution> {
    for (let i = 0; i < 200; i++) {
      const res = (await api.request('GET', `/v2/action_executions/${id}`)).json() as WireActionExecution;
      if (res.state === state) return res;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`action execution ${id} never reached ${state}`);
  }

  /** The action execution of the async task of a started `holding` execution. */
  async function holding(): Promise<{ execution: string; action: WireActionExecution }> {
    await api.request('POST', '/v2/workflows', { yaml: WORKFLOWS });
    const ex = (await api.request('POST', '/v2/executions', { json: { workflow_name: 'holding' } })).json() as { id: string };
    for (let i = 0; i < 200; i++) {
      const list = (await api.request('GET', `/v2/action_executions?name=std.async_noop&state=RUNNING`)).json() as { action_executions: WireActionExecution[] };
      const action = list.action_executions.find((a) => a['workflow_name'] === 'holding');
      if (action !== undefined) return { execution: ex.id, action };
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the async action never started');
  }

  it('runs a synchronous action directly and stores nothing', async () => {
    const res = await runAction({ name: 'std.echo', input: '{"output": {"a": 1.0}}' });
    expect(res).toEqual({
      name: 'std.echo',
      workflow_namespace: '',
      description: '',
      state: 'SUCCESS',
      state_info: null,
      input: '{"output": {"a": 1.0}}',
      output: '{"result": {"a": 1.0}}',
    });
    const failed = await runAction({ name: 'std.fail', input: { error_data: 'nope' } });
    expect(failed).toMatchObject({ state: 'ERROR', state_info: 'nope', output: '{"result": "nope"}' });
    const slow = await runAction({ name: 'std.sleep', input: { seconds: 5 }, params: { timeout: 0.1 } });
    expect(slow).toMatchObject({ state: 'ERROR', output: '{"result": "Action std.sleep timed out after 0.1 seconds"}' });
    expect((await api.request('GET', '/v2/action_executions')).json()).toEqual({ action_executions: [] });
  });

  it('stores a saved run, synchronously or in the background', async () => {
    const sync = await runAction({ name: 'std.echo', input: { output: 'kept' }, params: '{"save_result": true, "run_sync": true}', description: 'mine' });
    expect(sync).toEqual({
      id: expect.any(String),
      name: 'std.echo',
      workflow_name: null,
      workflow_namespace: '',
      task_name: null,
      task_execution_id: null,
      state: 'SUCCESS',
      state_info: null,
      tags: [],
      description: 'mine',
      project_id: 'p1',
      accepted: true,
      input: '{"output": "kept"}',
      output: '{"result": "kept"}',
      created_at: expect.stringMatching(WIRE_TIME),
      updated_at: expect.stringMatching(WIRE_TIME),
    });
    expect((await api.request('GET', `/v2/action_executions/${sync.id}`)).json()).toEqual(sync);

    const later = await runAction({ name: 'std.echo', input: { output: 'later' }, params: { save_result: true } });
    expect(later).toMatchObject({ state: 'RUNNING', output: '{}' });
    expect((await until(later.id, 'SUCCESS')).output).toBe('{"result": "later"}');

    const list = (await api.request('GET', '/v2/action_executions?sort_keys=created_at&include_output=true')).json() as { action_executions: WireActionExecution[] };
    expect(list.action_executions.map((a) => a['output'])).toEqual(['{"result": "kept"}', '{"result": "later"}']);
    const filtered = (await api.request('GET', '/v2/action_executions?description=mine')).json() as { action_executions: WireActionExecution[] };
    expect(filtered.action_executions.map((a) => a.id)).toEqual([sync.id]);
    expect(filtered.action_executions[0]).not.toHaveProperty('output');

    // Deletable once finished, being standalone.
    expect((await api.request('DELETE', `/v2/action_executions/${sync.id}`, { as: OTHER })).statusCode).toBe(404);
    expect((await api.request('DELETE', `/v2/action_executions/${sync.id}`, { as: READER })).statusCode).toBe(403);
    expect((await api.request('DELETE', `/v2/action_executions/${sync.id}`)).statusCode).toBe(204);
    expect((await api.request('GET', `/v2/action_executions/${sync.id}`)).statusCode).toBe(404);
  });

  it('refuses bad direct runs with 400', async () => {
    await api.request('POST', '/v2/actions', { yaml: `version: '2.0'\nmy_echo:\n  base: std.echo output="hi"\n` });
    const cases: [Record<string, unknown>, string][] = [
      [{ input: {} }, 'Please provide at least action name to run action.'],
      [{ name: 'std.nope' }, 'Failed to find action [action_name=std.nope, namespace=]'],
      [{ name: 'std.echo', input: { bogus: 1 } }, "Invalid input for action std.echo: missing required parameter 'output'; unexpected parameter 'bogus'"],
      [{ name: 'std.async_noop', params: { run_sync: true } }, 'Action std.async_noop is asynchronous and cannot be run synchronously (run_sync)'],
      [{ name: 'std.echo', input: { output: 1 }, params: { timeout: -1 } }, 'params.timeout must be a positive number of seconds'],
      [{ name: 'std.echo', input: '[1]' }, 'input must be a JSON object'],
      [{ name: 'my_echo' }, 'Action my_echo is an ad-hoc action'],
    ];
    for (const [body, message] of cases) {
      const res = await api.request('POST', '/v2/action_executions', { json: body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect((res.json() as { faultstring: string }).faultstring).toContain(message);
    }
    expect((await api.request('POST', '/v2/action_executions', { json: { name: 'std.noop' }, as: READER })).statusCode).toBe(403);
  });

  it('completes a standalone asynchronous action through PUT', async () => {
    const started = await runAction({ name: 'std.async_noop' });
    expect(started).toMatchObject({ state: 'RUNNING', accepted: false, output: '{}' });
    expect((await api.request('DELETE', `/v2/action_executions/${started.id}`)).json()).toMatchObject({ faultstring: 'Only completed action execution can be deleted.' });
    const done = await api.request('PUT', `/v2/action_executions/${started.id}`, { json: { state: 'SUCCESS', output: '{"x": 1}' } });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ id: started.id, state: 'SUCCESS', accepted: true, output: '{"result": {"x": 1}}' });
    const again = await api.request('PUT', `/v2/action_executions/${started.id}`, { json: { state: 'ERROR' } });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ faultstring: `Action execution ${started.id} (std.async_noop) is already SUCCESS` });
  });

  it("completes a workflow's asynchronous action through PUT, and the workflow goes on", async () => {
    const { execution, action } = await holding();
    expect(action).toMatchObject({ task_name: 'hold', workflow_name: 'holding', state: 'RUNNING' });
    const url = `/v2/action_executions/${action.id}`;
    expect((await api.request('PUT', url, { json: { state: 'SUCCESS' }, as: OTHER })).statusCode).toBe(404);
    expect((await api.request('PUT', url, { json: { state: 'SUCCESS' }, as: READER })).statusCode).toBe(403);
    expect((await api.request('GET', url, { as: OTHER })).statusCode).toBe(404);
    const wrong = await api.request('PUT', url, { json: { state: 'DONE' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ faultstring: 'Error. Expected one of ["SUCCESS","ERROR","CANCELLED","PAUSED","RUNNING"], actual: DONE' });
    const paused = await api.request('PUT', url, { json: { state: 'PAUSED' } });
    expect(paused.statusCode).toBe(400);

    const res = await api.request('PUT', url, { json: { state: 'SUCCESS', output: { answer: 42 } } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'SUCCESS', output: '{"result": {"answer": 42}}' });
    const ex = await api.engine.executions.waitForSettled(execution, 10_000);
    expect(ex.state).toBe('SUCCESS');
    const wire = (await api.request('GET', `/v2/executions/${execution}`)).json() as { output: string };
    expect(wire.output).toBe('{"got": {"answer": 42}}');
    const del = await api.request('DELETE', url);
    expect(del.statusCode).toBe(403);
    expect(del.json()).toMatchObject({ faultstring: 'Only ad-hoc action execution can be deleted.' });
  });

  it("fails a workflow's action with 'Unknown error' when ERROR comes without output", async () => {
    const { execution, action } = await holding();
    const res = await api.request('PUT', `/v2/action-executions/${action.id}`, { json: { state: 'ERROR' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'ERROR', output: '{"result": "Unknown error"}' });
    expect((await api.engine.executions.waitForSettled(execution, 10_000)).state).toBe('ERROR');
  });
});
