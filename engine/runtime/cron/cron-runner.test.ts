/**
 * Firing cron triggers on both stores: one-shot and counted triggers, two engines sharing a
 * database, a process that died mid-firing, and triggers that came due while no engine ran.
 *
 * Time moves through an injected clock (Mistral wants first_execution_time a minute ahead), so
 * nothing waits longer than a second or two; every wait is bounded.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { createEngine, type ConvectionEngine, type OpenEngineOptions } from '../../index.js';
import { parseJson } from '../../language/values/json.js';
import { toJs } from '../../language/values/value.js';
import { claimDueCronTriggers } from '../../store/repositories/cron-triggers.js';
import { describeEachStore } from '../../store/testing/each-store.js';
import { occurrenceId } from './cron-runner.js';
import { CRON_WORKFLOWS, inputMap } from './testing/cron-fixtures.js';

const PROJECT = 'p1';

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** A clock the test can move forward; the engine's own timestamps stay on real time. */
function testClock(): { now: () => number; advance: (ms: number) => void } {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms) => void (offset += ms) };
}

describeEachStore('cron runner', (ctx) => {
  const engines: ConvectionEngine[] = [];

  async function open(options: OpenEngineOptions = {}): Promise<ConvectionEngine> {
    const engine = await createEngine(await ctx.openStore(), { pollMs: 50, ...options, cron: { pollMs: 50, ...options.cron } });
    engines.push(engine);
    return engine;
  }

  async function closeAll(): Promise<void> {
    for (const e of engines.splice(0)) await e.close();
  }

  async function withEngines(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } finally {
      await closeAll();
    }
  }

  function executions(e: ConvectionEngine) {
    return e.store.db.selectFrom('workflow_executions').select(['id', 'input_json', 'description', 'workflow_name']).where('project_id', '=', PROJECT).where('task_execution_id', 'is', null).orderBy('id').execute();
  }

  function triggerRow(e: ConvectionEngine, id: string) {
    return e.store.db.selectFrom('cron_triggers').selectAll().where('id', '=', id).executeTakeFirst();
  }

  it('a trigger due in about a second fires exactly once, with its input', async () => {
    await withEngines(async () => {
      const clock = testClock();
      const e = await open({ cron: { clock: clock.now } });
      await e.definitions.saveWorkflows(CRON_WORKFLOWS, { projectId: PROJECT });
      const first = clock.now() + 61_000;
      const t = await e.cron.create({ name: 'once', projectId: PROJECT, workflowName: 'greet', workflowInput: inputMap({ name: 'Ada' }), firstExecutionTime: first });
      await sleep(150);
      expect(await executions(e)).toEqual([]);

      clock.advance(60_000);
      await until('the one-shot trigger to be deleted', async () => (await triggerRow(e, t.id)) === undefined);
      // A few more polls: nothing else may fire.
      await sleep(200);
      const rows = await executions(e);
      expect(rows.map((r) => r.id)).toEqual([occurrenceId(t.id, first)]);
      // The execution gets the declared defaults, as any start does.
      expect(toJs(parseJson(rows[0]?.input_json ?? ''))).toEqual({ name: 'Ada', greeting: 'Hello' });
      expect(toJs(parseJson(rows[0]?.description ?? ''))).toEqual({
        description: `Workflow execution created by cron trigger '(${t.id})'.`,
        triggered_by: { type: 'cron_trigger', id: t.id, name: 'once' },
      });
      const done = await e.executions.waitForSettled(occurrenceId(t.id, first), 10_000);
      expect(done.state).toBe('SUCCESS');
      expect(toJs(done.output)).toEqual({ said: 'Hello, Ada' });
    });
  });

  it('count 2 with a per-second pattern fires twice, then the trigger is gone', async () => {
    await withEngines(async () => {
      const e = await open();
      await e.definitions.saveWorkflows(CRON_WORKFLOWS, { projectId: PROJECT });
      const t = await e.cron.create({ name: 'twice', projectId: PROJECT, workflowName: 'greet', workflowInput: inputMap({ name: 'Bo' }), pattern: '* * * * * *', remainingExecutions: 2 });
      const afterFirst = await until('the first firing', async () => {
        const row = await triggerRow(e, t.id);
        return row?.remaining_executions === 1 ? row : undefined;
      });
      expect(afterFirst.next_execution_time).toBeGreaterThan(t.nextExecutionTime);
      await until('the trigger to be deleted', async () => (await triggerRow(e, t.id)) === undefined);
      await sleep(200);
      const ids = (await executions(e)).map((r) => r.id).sort();
      expect(ids).toEqual([occurrenceId(t.id, t.nextExecutionTime), occurrenceId(t.id, afterFirst.next_execution_time)].sort());
    });
  });

  it('two engines on one database share the firing without doubles', async () => {
    await withEngines(async () => {
      const clock = testClock();
      // Small claims, so both runners take part.
      const a = await open({ autoStart: false, cron: { clock: clock.now, batchSize: 2 } });
      await a.definitions.saveWorkflows(CRON_WORKFLOWS, { projectId: PROJECT });
      const b = await open({ autoStart: false, cron: { clock: clock.now, batchSize: 2 } });
      const first = clock.now() + 61_000;
      const created = [];
      for (let i = 0; i < 6; i++) created.push(await a.cron.create({ name: `t${i}`, projectId: PROJECT, workflowName: 'greet', workflowInput: inputMap({ name: `n${i}` }), firstExecutionTime: first }));
      clock.advance(62_000);

      // Each runner counts only the occurrences it started; a double would push the sum over 6.
      const [fromA, fromB] = await Promise.all([a.cron.runner.tick(), b.cron.runner.tick()]);
      expect(fromA + fromB).toBe(6);
      expect((await executions(a)).map((r) => r.id).sort()).toEqual(created.map((t) => occurrenceId(t.id, first)).sort());
      expect(await a.store.db.selectFrom('cron_triggers').select('id').execute()).toEqual([]);
    });
  });

  it('two running engines fire a counted per-second trigger exactly count times', async () => {
    await withEngines(async () => {
      const a = await open({ cron: { pollMs: 10 } });
      await a.definitions.saveWorkflows(CRON_WORKFLOWS, { projectId: PROJECT });
      const b = await open({ cron: { pollMs: 10 } });
      const t = await b.cron.create({ name: 'shared', projectId: PROJECT, workflowName: 'greet', workflowInput: inputMap({ name: 'Cy' }), pattern: '* * * * * *', remainingExecutions: 3 });
      await until('the trigger to be deleted', async () => (await triggerRow(a, t.id)) === undefined);
      await sleep(200);
      const rows = await executions(a);
      expect(rows).toHaveLength(3);
      for (const r of rows) expect(toJs(parseJson(r.description))).toMatchObject({ triggered_by: { id: t.id } });
    });
  });

  it('an occurrence a dead process started is advanced, not started again', async () => {
    await withEngines(async () => {
      const clock = testClock();
      const e = await open({ autoStart: false, cron: { clock: clock.now, leaseMs: 30_000 } });
      await e.definitions.saveWorkflows(CRON_WORKFLOWS, { projectId: PROJECT });
      const first = clock.now() + 61_000;
      const t = await e.cron.create({ name: 'survivor', projectId: PROJECT, workflowName: 'greet', workflowInput: inputMap({ name: 'Di' }), pattern: '0 0 * * *', firstExecutionTime: first });
      clock.advance(62_000);

      // The dead process claimed the trigger and started the execution, then never advanced it.
      const claimed = await claimDueCronTriggers(e.store, { owner: 'dead', limit: 10, leaseMs: 30_000, now: clock.now() });
      expect(claimed.map((c) => c.id)).toEqual([t.id]);
      await e.executions.start({ id: occurrenceId(t.id, first), workflow: 'greet', projectId: PROJECT, input: inputMap({ name: 'Di' }) });
      expect(await e.cron.runner.tick()).toBe(0);

      clock.advance(31_000);
      expect(await e.cron.runner.tick()).toBe(1);
      expect((await executions(e)).map((r) => r.id)).toEqual([occurrenceId(t.id, first)]);
      const row = await triggerRow(e, t.id);
      expect(row).toMatchObject({ claimed_by: null, remaining_executions: null });
      expect(row?.next_execution_time).toBeGreaterThan(clock.now());
      expect((row?.next_execution_time ?? 0) % 86_400_000).toBe(0);
    });
  });

  it('triggers due while no engine ran fire once after a restart, then follow the pattern from now', async () => {
    const clock = testClock();
    const before = await open({ cron: { clock: clock.now } });
    await before.definitions.saveWorkflows(CRON_WORKFLOWS, { projectId: PROJECT });
    const first = clock.now() + 61_000;
    const once = await before.cron.create({ name: 'once', projectId: PROJECT, workflowName: 'greet', workflowInput: inputMap({ name: 'Ed' }), firstExecutionTime: first });
    const daily = await before.cron.create({ name: 'daily', projectId: PROJECT, workflowName: 'greet', workflowInput: inputMap({ name: 'Flo' }), pattern: '0 0 * * *' });
    await closeAll();

    // Three days pass with no engine: three daily slots and the one-shot are missed.
    clock.advance(3 * 86_400_000);
    await withEngines(async () => {
      const after = await open({ cron: { clock: clock.now } });
      await until('both triggers to fire', async () => (await executions(after)).length === 2);
      await until('the one-shot trigger to be deleted', async () => (await triggerRow(after, once.id)) === undefined);
      await sleep(200);
      expect((await executions(after)).map((r) => r.id).sort()).toEqual([occurrenceId(once.id, first), occurrenceId(daily.id, daily.nextExecutionTime)].sort());
      const row = await triggerRow(after, daily.id);
      const nextMidnight = Math.ceil(clock.now() / 86_400_000) * 86_400_000;
      expect(row?.next_execution_time).toBe(nextMidnight);
    });
  });
});
