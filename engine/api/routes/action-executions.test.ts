import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { createEngine } from '../../index.js';
import type { ConvectionEngine } from '../../index.js';
import { describeEachStore } from '../../store/testing/each-store.js';
import { buildApp } from '../app.js';
import { MEMBER, OTHER, READER, WIRE_TIME, headerAuth, useApi } from '../testing/api-harness.js';

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

/** Ad-hoc actions in a workbook (short names resolve inside it first) and a workflow using them. */
const OPS = `version: '2.0'
name: ops
actions:
  shout:
    input:
      - text
      - suffix: "!"
    base: std.echo
    base-input:
      output: <% $.text.toUpper() + $.suffix %>
    output:
      loud: <% $ %>
  whisper:
    input:
      - text
    base: shout
    base-input:
      text: <% $.text.toLower() %>
    output:
      said: <% $.loud %>
  picky:
    input:
      - value
    base: std.echo
    base-input:
      output: <% $.value %>
    output: <% $.nope %>
  later:
    base: std.async_noop
    output:
      wrapped: <% $ %>
workflows:
  main:
    input: [word]
    output:
      res: <% $.r %>
    tasks:
      t:
        action: whisper text=<% $.word %>
        publish:
          r: <% task().result %>
`;

/** A top-level action named like the workbook's: the workbook's own must win inside it. */
const TOP_LEVEL_SHOUT = `version: '2.0'
shout:
  base: std.echo output="the top-level shout"
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
      [{ name: 'my_echo', input: { nope: 1 } }, 'Invalid input [action=my_echo, unexpected=["nope"]]'],
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

  it('runs an ad-hoc action directly: expanded to its built-in, output transformed, as in a workflow', async () => {
    expect((await api.request('POST', '/v2/workbooks', { yaml: OPS })).statusCode).toBe(201);
    expect((await api.request('POST', '/v2/actions', { yaml: TOP_LEVEL_SHOUT })).statusCode).toBe(201);

    // Defaults apply (suffix), base-input sees the call's input, the nested base resolves in the
    // workbook (ops.shout, not the top-level shout), and transforms apply innermost first.
    const direct = await runAction({ name: 'ops.whisper', input: { text: 'HeY' } });
    expect(direct).toEqual({
      name: 'ops.whisper',
      workflow_namespace: '',
      description: '',
      state: 'SUCCESS',
      state_info: null,
      input: '{"text": "HeY"}',
      output: '{"result": {"said": "HEY!"}}',
    });
    const ex = (await api.request('POST', '/v2/executions', { json: { workflow_name: 'ops.main', input: { word: 'HeY' } } })).json() as { id: string };
    expect((await api.engine.executions.waitForSettled(ex.id, 10_000)).state).toBe('SUCCESS');
    const wf = (await api.request('GET', `/v2/executions/${ex.id}`)).json() as { output: string };
    expect(wf.output).toBe('{"res": {"said": "HEY!"}}');

    expect(await runAction({ name: 'ops.shout', input: { text: 'a', suffix: '?' } })).toMatchObject({ output: '{"result": {"loud": "A?"}}' });
    expect(await runAction({ name: 'shout' })).toMatchObject({ state: 'SUCCESS', output: '{"result": "the top-level shout"}' });
    // A falsy result skips the transform; a failing transform fails the run.
    expect(await runAction({ name: 'ops.picky', input: { value: '' } })).toMatchObject({ state: 'SUCCESS', output: '{"result": ""}' });
    const broken = await runAction({ name: 'ops.picky', input: { value: 'x' } });
    expect(broken).toMatchObject({ state: 'ERROR', state_info: expect.stringContaining('Can not evaluate YAQL expression [expression= $.nope') });

    const bad = await api.request('POST', '/v2/action_executions', { json: { name: 'ops.whisper', input: { txt: 'x' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ faultstring: 'Invalid input [action=ops.whisper, missing=["text"], unexpected=["txt"]]' });
    // Another project does not see the workbook's actions.
    const hidden = await api.request('POST', '/v2/action_executions', { json: { name: 'ops.whisper', input: { text: 'x' } }, as: OTHER });
    expect(hidden.statusCode).toBe(400);
  });

  it('stores ad-hoc runs under their own name, with transforms on every way they finish', async () => {
    await api.request('POST', '/v2/workbooks', { yaml: OPS });
    const sync = await runAction({ name: 'ops.whisper', input: { text: 'Yo' }, params: { save_result: true, run_sync: true } });
    expect(sync).toMatchObject({ name: 'ops.whisper', state: 'SUCCESS', input: '{"text": "Yo"}', output: '{"result": {"said": "YO!"}}' });

    const later = await runAction({ name: 'ops.whisper', input: { text: 'Bg' }, params: { save_result: true } });
    expect(later).toMatchObject({ name: 'ops.whisper', state: 'RUNNING' });
    expect((await until(later.id, 'SUCCESS')).output).toBe('{"result": {"said": "BG!"}}');

    const failing = await runAction({ name: 'ops.picky', input: { value: 'x' }, params: { save_result: true } });
    expect((await until(failing.id, 'ERROR')).state_info).toContain('Can not evaluate YAQL expression');

    // Asynchronous underneath: stays RUNNING, and the completion goes through the transform.
    const pending = await runAction({ name: 'ops.later' });
    expect(pending).toMatchObject({ name: 'ops.later', state: 'RUNNING', accepted: false });
    const res = await api.request('PUT', `/v2/action_executions/${pending.id}`, { json: { state: 'SUCCESS', output: { x: 1 } } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'SUCCESS', output: '{"result": {"wrapped": {"x": 1}}}' });
    const refused = await api.request('POST', '/v2/action_executions', { json: { name: 'ops.later', params: { run_sync: true } } });
    expect(refused.json()).toMatchObject({ faultstring: 'Action ops.later is asynchronous and cannot be run synchronously (run_sync)' });
  });

  // Short, but over the engine's 1 s lease renewal, so a running action keeps its claim.
  const LEASE_MS = 1_500;

  /** An engine of its own with a short lease, and the app over it, as a separate API process would be. */
  async function process(options: { http?: boolean } = {}): Promise<{ engine: ConvectionEngine; app: FastifyInstance }> {
    const engine = await createEngine(await ctx.openStore(), { pollMs: 50, leaseMs: LEASE_MS, ...(options.http === true ? { actions: { http: { allowPrivateTargets: true } } } : {}) });
    const app = await buildApp({ authMode: 'keystone', auth: headerAuth, engine });
    return { engine, app };
  }

  async function post(app: FastifyInstance, body: Record<string, unknown>): Promise<WireActionExecution> {
    const res = await app.inject({ method: 'POST', url: '/v2/action_executions', headers: { 'x-test-project': MEMBER.project, 'x-test-roles': MEMBER.roles.join(','), 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as WireActionExecution;
  }

  async function jobsOf(id: string): Promise<number> {
    return (await ctx.store.db.selectFrom('jobs').select('id').where('entity_id', '=', id).execute()).length;
  }

  it('finishes a saved run on another engine when its engine stops first, the action being safe to repeat', async () => {
    const first = await process();
    let second: ConvectionEngine | undefined;
    try {
      const started = await post(first.app, { name: 'std.echo', input: { output: 'late', delay: 1 }, params: { save_result: true } });
      expect(started.state).toBe('RUNNING');
      expect(await jobsOf(started.id)).toBe(1);
      // Stopping aborts the action in flight; its job stays claimed until the lease runs out.
      await first.engine.engine.stop();
      expect((await api.request('GET', `/v2/action_executions/${started.id}`)).json()).toMatchObject({ state: 'RUNNING' });
      second = await createEngine(await ctx.openStore(), { pollMs: 50, leaseMs: LEASE_MS });
      const done = await until(started.id, 'SUCCESS');
      expect(done).toMatchObject({ output: '{"result": "late"}', accepted: true });
      expect(await jobsOf(started.id)).toBe(0);
    } finally {
      await first.app.close();
      await first.engine.close();
      await second?.close();
    }
  });

  it('marks a saved run ERROR when its engine stops first and the action must not run twice', async () => {
    let hits = 0;
    const server: Server = createServer((_req, res) => {
      hits++;
      // Never answered in time: the engine stops while the request is out.
      setTimeout(() => res.end('{}'), 10_000).unref();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const first = await process({ http: true });
    let second: ConvectionEngine | undefined;
    try {
      const started = await post(first.app, { name: 'std.http', input: { url: `http://127.0.0.1:${port}/charge` }, params: { save_result: true } });
      for (let i = 0; i < 200 && hits === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(hits).toBe(1);
      await first.engine.engine.stop();
      second = await createEngine(await ctx.openStore(), { pollMs: 50, leaseMs: LEASE_MS });
      const failed = await until(started.id, 'ERROR');
      expect(failed.state_info).toBe('Action std.http was interrupted: the engine running it stopped before it finished, and std.http is not safe to run twice');
      expect(failed.output).toBe(`{"result": ${JSON.stringify(failed.state_info)}}`);
      expect(hits).toBe(1);
      expect(await jobsOf(started.id)).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await first.app.close();
      await first.engine.close();
      await second?.close();
    }
  });

  it('fails a saved run that outlives its timeout, counted from its start', async () => {
    const started = await runAction({ name: 'std.echo', input: { output: 'slow', delay: 5 }, params: { save_result: true, timeout: 0.2 } });
    const failed = await until(started.id, 'ERROR');
    expect(failed).toMatchObject({ state_info: 'Action std.echo timed out after 0.2 seconds' });
  });
});
