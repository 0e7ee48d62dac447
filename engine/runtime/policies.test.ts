/**
 * Task policies and sub-workflow behaviour against real stores: wait-after, pause-before,
 * keep-result, fail-on, retry with continue-on and with exponential backoff, sub-workflow failure
 * propagation, and pause/cancel cascading to children.
 */
import { expect, it } from 'vitest';
import { createEngine, type ConvectionEngine } from '../index.js';
import { fromJs, toJs } from '../language/values/value.js';
import { describeEachStore } from '../store/testing/each-store.js';

const PROJECT = 'p1';

const WORKFLOWS = `
version: '2.0'
after:
  output: {r: <% $.r %>}
  tasks:
    t:
      action: std.echo output=7
      wait-after: 1
      publish: {r: <% task().result %>}
gate:
  tasks:
    first:
      action: std.noop
      on-success: [second]
    second:
      pause-before: true
      action: std.echo output="approved"
forget:
  output:
    seen: <% task(t).result %>
  tasks:
    t:
      action: std.echo output="secret"
      keep-result: false
failon:
  tasks:
    t:
      action: std.echo output=5
      fail-on: <% task().result > 3 %>
again:
  tasks:
    t:
      action: std.echo output=5
      retry:
        count: 3
        delay: 0
        continue-on: <% task().result < 10 %>
backoff:
  tasks:
    t:
      action: std.fail
      retry:
        count: 2
        delay: 1
        backoff: exponential
parent:
  output:
    got: <% $.got %>
  tasks:
    call:
      workflow: child
      input: {fail: <% $.fail %>}
      publish: {got: <% task().result %>}
      publish-on-error: {got: <% task().result %>}
  input:
    - fail: false
child:
  input: [fail]
  output: {ok: yes}
  output-on-error: {why: "child gave up"}
  tasks:
    work:
      action: std.echo output=1
      on-success:
        - fail msg="child failed on purpose": <% $.fail %>
holder:
  tasks:
    call:
      workflow: napper
napper:
  tasks:
    nap:
      action: std.sleep seconds=60
`;

describeEachStore('policies', (ctx) => {
  async function withEngine<T>(fn: (e: ConvectionEngine) => Promise<T>): Promise<T> {
    const engine = await createEngine(await ctx.openStore(), { pollMs: 50 });
    try {
      await engine.definitions.saveWorkflows(WORKFLOWS, { projectId: PROJECT });
      return await fn(engine);
    } finally {
      await engine.close();
    }
  }

  async function run(e: ConvectionEngine, workflow: string, input: Record<string, unknown> = {}) {
    const ex = await e.executions.start({ workflow, projectId: PROJECT, input: fromJs(input) as never });
    return e.executions.waitForSettled(ex.id, 20_000);
  }

  async function history(e: ConvectionEngine, executionId: string) {
    return e.store.db.selectFrom('execution_events').select(['entity_type', 'name', 'state', 'state_info']).where('execution_id', '=', executionId).orderBy('id').execute();
  }

  it('wait-after holds the task in DELAYED, then finishes it', async () => {
    await withEngine(async (e) => {
      const done = await run(e, 'after');
      expect(done.state).toBe('SUCCESS');
      expect(toJs(done.output)).toEqual({ r: 7 });
      const states = (await history(e, done.id)).filter((h) => h.entity_type === 'task').map((h) => h.state);
      expect(states).toEqual(['RUNNING', 'DELAYED', 'SUCCESS']);
    });
  });

  it('pause-before pauses the workflow until resumed', async () => {
    await withEngine(async (e) => {
      const paused = await run(e, 'gate');
      expect(paused.state).toBe('PAUSED');
      const tasks = await e.executions.tasks(paused.id);
      expect(tasks.map((t) => [t.name, t.state])).toEqual([
        ['first', 'SUCCESS'],
        ['second', 'IDLE'],
      ]);
      expect(tasks[1]?.stateInfo).toBe("Set by 'pause-before' policy");
      await e.executions.resume(paused.id);
      expect((await e.executions.waitForSettled(paused.id)).state).toBe('SUCCESS');
    });
  });

  it('keep-result false stores no result', async () => {
    await withEngine(async (e) => {
      const done = await run(e, 'forget');
      expect(toJs(done.output)).toEqual({ seen: null });
    });
  });

  it('fail-on turns a success into an error', async () => {
    await withEngine(async (e) => {
      const done = await run(e, 'failon');
      expect(done.state).toBe('ERROR');
      const [t] = await e.executions.tasks(done.id);
      expect(t?.stateInfo).toBe("Failed by 'fail-on' policy");
    });
  });

  it('retry with continue-on repeats a successful task count + 1 times', async () => {
    await withEngine(async (e) => {
      const done = await run(e, 'again');
      expect(done.state).toBe('SUCCESS');
      const actions = await e.store.db.selectFrom('action_executions').select('id').where('workflow_execution_id', '=', done.id).execute();
      expect(actions).toHaveLength(4);
    });
  });

  it('exponential backoff doubles the retry delay', async () => {
    await withEngine(async (e) => {
      const done = await run(e, 'backoff');
      expect(done.state).toBe('ERROR');
      const delays = (await history(e, done.id)).filter((h) => h.state === 'DELAYED').map((h) => h.state_info);
      expect(delays).toEqual(["Delayed by 'retry' policy [delay=1]", "Delayed by 'retry' policy [delay=2]"]);
    });
  });

  it('a sub-workflow result becomes the task result, and its failure the task failure', async () => {
    await withEngine(async (e) => {
      const ok = await run(e, 'parent');
      expect(ok.state).toBe('SUCCESS');
      // PyYAML reads `yes` as a boolean, and so do we.
      expect(toJs(ok.output)).toEqual({ got: { ok: true } });
      const failed = await run(e, 'parent', { fail: true });
      expect(failed.state).toBe('ERROR');
      expect(toJs(failed.output)).toMatchObject({ got: { result: 'child failed on purpose', why: 'child gave up' } });
      const [task] = await e.executions.tasks(failed.id);
      expect(task?.stateInfo).toBe('child failed on purpose');
    });
  });

  it('pause and cancel cascade to a running sub-workflow', async () => {
    await withEngine(async (e) => {
      const ex = await e.executions.start({ workflow: 'holder', projectId: PROJECT });
      await e.engine.whenIdle();
      const child = await e.store.db.selectFrom('workflow_executions').select(['id', 'state']).where('root_execution_id', '=', ex.id).executeTakeFirstOrThrow();
      expect(child.state).toBe('RUNNING');
      await e.executions.pause(ex.id);
      await e.engine.whenIdle();
      expect((await e.executions.get(child.id)).state).toBe('PAUSED');
      await e.executions.cancel(ex.id);
      await e.engine.whenIdle();
      expect((await e.executions.get(child.id)).state).toBe('CANCELLED');
      expect((await e.executions.get(ex.id)).state).toBe('CANCELLED');
    });
  });
});
