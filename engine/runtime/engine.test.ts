/**
 * The engine against real databases (a SQLite file and PostgreSQL): operator actions, async
 * completion, bad input, durable timers across a restart, and the history it keeps.
 */
import { expect, it } from 'vitest';
import { createEngine, EngineError, type ConvectionEngine } from '../index.js';
import { fromJs, toJs } from '../language/values/value.js';
import { describeEachStore } from '../store/testing/each-store.js';

const PROJECT = 'p1';

const WORKFLOWS = `
version: '2.0'
approval:
  output:
    applied: <% $.applied %>
  tasks:
    prepare:
      action: std.noop
      on-success: [pause, apply]
    apply:
      action: std.noop
      publish: {applied: true}
sleepy:
  tasks:
    nap:
      action: std.sleep seconds=60
chooser:
  tasks:
    pick:
      action: <% env().which %>
items:
  tasks:
    each:
      with-items: x in <% ['a', 'b', 'c'] %>
      action: <% env().get($.x) %>
waiter:
  tasks:
    later:
      wait-before: 1
      action: std.echo output="waited"
      publish: {said: <% task().result %>}
external:
  tasks:
    ask:
      action: std.async_noop
      publish: {answer: <% task().result %>}
env_user:
  output:
    url: <% env().url %>
  tasks:
    t:
      action: std.noop
broken_expr:
  tasks:
    t:
      action: std.echo output=<% $.nope %>
`;

describeEachStore('engine', (ctx) => {
  async function withEngine<T>(fn: (e: ConvectionEngine) => Promise<T>): Promise<T> {
    const engine = await createEngine(await ctx.openStore(), { pollMs: 50, leaseMs: 5_000 });
    try {
      return await fn(engine);
    } finally {
      await engine.close();
    }
  }

  async function setup(e: ConvectionEngine): Promise<void> {
    await e.definitions.saveWorkflows(WORKFLOWS, { projectId: PROJECT });
  }

  it('pauses on the pause command and finishes after resume', async () => {
    await withEngine(async (e) => {
      await setup(e);
      const ex = await e.executions.start({ workflow: 'approval', projectId: PROJECT });
      expect((await e.executions.waitForSettled(ex.id)).state).toBe('PAUSED');
      await e.executions.resume(ex.id);
      const done = await e.executions.waitForSettled(ex.id);
      expect(done.state).toBe('SUCCESS');
      expect(toJs(done.output)).toEqual({ applied: true });
    });
  });

  it('cancels a running execution and its timers stop mattering', async () => {
    await withEngine(async (e) => {
      await setup(e);
      const ex = await e.executions.start({ workflow: 'sleepy', projectId: PROJECT });
      expect((await e.executions.get(ex.id)).state).toBe('RUNNING');
      const cancelled = await e.executions.cancel(ex.id, 'operator said stop');
      expect(cancelled.state).toBe('CANCELLED');
      expect(toJs(cancelled.output)).toEqual({ result: 'operator said stop' });
      const tasks = await e.executions.tasks(ex.id);
      expect(tasks.map((t) => t.state)).toEqual(['CANCELLED']);
      await expect(e.executions.pause(ex.id)).rejects.toThrow(/is CANCELLED/);
    });
  });

  it('reruns a failed task with a new env', async () => {
    await withEngine(async (e) => {
      await setup(e);
      const ex = await e.executions.start({ workflow: 'chooser', projectId: PROJECT, params: fromJs({ env: { which: 'std.fail' } }) as never });
      expect((await e.executions.waitForSettled(ex.id)).state).toBe('ERROR');
      const [task] = await e.executions.tasks(ex.id);
      await e.executions.rerunTask(task?.id ?? '', { env: fromJs({ which: 'std.noop' }) as never });
      const done = await e.executions.waitForSettled(ex.id);
      expect(done.state).toBe('SUCCESS');
    });
  });

  it('reruns only the failed iterations of a with-items task when reset is false', async () => {
    await withEngine(async (e) => {
      await setup(e);
      const env = { a: 'std.noop', b: 'std.fail', c: 'std.noop' };
      const ex = await e.executions.start({ workflow: 'items', projectId: PROJECT, params: fromJs({ env }) as never });
      expect((await e.executions.waitForSettled(ex.id)).state).toBe('ERROR');
      const [task] = await e.executions.tasks(ex.id);
      await expect(e.executions.rerunTask(task?.id ?? '', { reset: false, env: fromJs({ b: 'std.noop' }) as never })).resolves.toBeDefined();
      expect((await e.executions.waitForSettled(ex.id)).state).toBe('SUCCESS');
      const actions = await e.store.db.selectFrom('action_executions').select(['item_index', 'accepted']).where('workflow_execution_id', '=', ex.id).execute();
      expect(actions).toHaveLength(4);
      expect(actions.filter((a) => Boolean(a.accepted)).map((a) => a.item_index).sort()).toEqual([0, 1, 2]);
    });
  });

  it('completes an asynchronous action from outside', async () => {
    await withEngine(async (e) => {
      await setup(e);
      const ex = await e.executions.start({ workflow: 'external', projectId: PROJECT });
      await e.engine.whenIdle();
      const action = await e.store.db.selectFrom('action_executions').select(['id', 'state']).where('workflow_execution_id', '=', ex.id).executeTakeFirstOrThrow();
      expect(action.state).toBe('RUNNING');
      await e.executions.completeAction(action.id, { state: 'SUCCESS', output: 42 });
      const done = await e.executions.waitForSettled(ex.id);
      expect(toJs(done.output)).toEqual({ answer: 42 });
      await expect(e.executions.completeAction(action.id, { state: 'SUCCESS', output: 1 })).rejects.toThrow(/already SUCCESS/);
    });
  });

  it('rejects bad starts with specific errors and stores nothing', async () => {
    await withEngine(async (e) => {
      await setup(e);
      await expect(e.executions.start({ workflow: 'missing', projectId: PROJECT })).rejects.toMatchObject({ code: 'not-found' });
      await expect(e.executions.start({ workflow: 'approval', projectId: 'other' })).rejects.toBeInstanceOf(EngineError);
      const huge = fromJs({ blob: 'x'.repeat(2 * 1024 * 1024) }) as never;
      await expect(e.executions.start({ workflow: 'approval', projectId: PROJECT, input: huge })).rejects.toMatchObject({ code: 'too-large' });
      await expect(e.executions.start({ workflow: 'approval', projectId: PROJECT, input: fromJs({ x: 1 }) as never })).rejects.toThrow(/unexpected=\['x'\]/);
      const count = await e.store.db.selectFrom('workflow_executions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(0);
    });
  });

  it('evaluates env values once at start, unless evaluate_env is false', async () => {
    await withEngine(async (e) => {
      await setup(e);
      const env = { host: 'api.example', url: 'https://<% env().host %>/v2' };
      const evaluated = await e.executions.start({ workflow: 'env_user', projectId: PROJECT, params: fromJs({ env }) as never });
      expect(toJs((await e.executions.waitForSettled(evaluated.id)).output)).toEqual({ url: 'https://api.example/v2' });
      const raw = await e.executions.start({ workflow: 'env_user', projectId: PROJECT, params: fromJs({ env, evaluate_env: false }) as never });
      expect(toJs((await e.executions.waitForSettled(raw.id)).output)).toEqual({ url: 'https://<% env().host %>/v2' });
      await expect(e.executions.start({ workflow: 'env_user', projectId: PROJECT, params: fromJs({ env: { x: '<% env().nope %>' } }) as never })).rejects.toThrow(/Invalid env/);
    });
  });

  it('fails the task, not the engine, on an expression error at run time', async () => {
    await withEngine(async (e) => {
      await setup(e);
      const ex = await e.executions.start({ workflow: 'broken_expr', projectId: PROJECT });
      const done = await e.executions.waitForSettled(ex.id);
      expect(done.state).toBe('ERROR');
      const [task] = await e.executions.tasks(ex.id);
      expect(task?.stateInfo).toContain('$.nope');
    });
  });

  it('fires a stored timer after the engine restarts', async () => {
    const id = await withEngine(async (e) => {
      await setup(e);
      const ex = await e.executions.start({ workflow: 'waiter', projectId: PROJECT });
      const [task] = await e.executions.tasks(ex.id);
      expect(task?.state).toBe('DELAYED');
      return ex.id;
    });
    await withEngine(async (e) => {
      const done = await e.executions.waitForSettled(id, 10_000);
      expect(done.state).toBe('SUCCESS');
      expect(toJs(done.output)).toEqual({ said: 'waited' });
    });
  });

  it('keeps an ordered history of every state change', async () => {
    await withEngine(async (e) => {
      await setup(e);
      const ex = await e.executions.start({ workflow: 'approval', projectId: PROJECT });
      await e.executions.waitForSettled(ex.id);
      await e.executions.resume(ex.id);
      await e.executions.waitForSettled(ex.id);
      const events = await e.store.db.selectFrom('execution_events').select(['id', 'entity_type', 'name', 'state']).where('root_execution_id', '=', ex.id).orderBy('id').execute();
      const workflowStates = events.filter((x) => x.entity_type === 'workflow').map((x) => x.state);
      expect(workflowStates).toEqual(['RUNNING', 'PAUSED', 'RUNNING', 'SUCCESS']);
      expect(events.filter((x) => x.entity_type === 'task').map((x) => `${x.name}:${x.state}`)).toEqual(['prepare:RUNNING', 'prepare:SUCCESS', 'apply:RUNNING', 'apply:SUCCESS']);
    });
  });
});
