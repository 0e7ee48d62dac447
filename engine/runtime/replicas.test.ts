/**
 * Several engines sharing one database: work started on either is finished exactly once, with
 * timers claimed by whichever engine polls first.
 */
import { expect, it } from 'vitest';
import { createEngine } from '../index.js';
import { fromJs } from '../language/values/value.js';
import { describeEachStore } from '../store/testing/each-store.js';

const WORKFLOW = `
version: '2.0'
shared:
  input: [n]
  output:
    total: <% $.total %>
  tasks:
    wait:
      wait-before: 1
      action: std.noop
      on-success: [fan]
    fan:
      with-items: x in <% range(0, 5) %>
      action: std.echo output=<% $.x + $.n %>
      publish:
        total: <% task().result.sum() %>
`;

describeEachStore('engine replicas', (ctx) => {
  it('two engines on one database finish every execution exactly once', async () => {
    const a = await createEngine(await ctx.openStore(), { pollMs: 30, leaseMs: 5_000 });
    const b = await createEngine(await ctx.openStore(), { pollMs: 30, leaseMs: 5_000 });
    try {
      await a.definitions.saveWorkflows(WORKFLOW, { projectId: 'p' });
      await b.definitions.loadCatalog();
      const started = await Promise.all(
        Array.from({ length: 40 }, (_, n) => (n % 2 === 0 ? a : b).executions.start({ workflow: 'shared', projectId: 'p', input: fromJs({ n }) as never })),
      );
      const settled = await Promise.all(started.map((e, n) => (n % 2 === 0 ? a : b).executions.waitForSettled(e.id, 30_000)));
      // A waiter only hears its own engine's events; read the final truth from the database.
      const rows = await a.store.db.selectFrom('workflow_executions').select(['id', 'state', 'output_json']).where('task_execution_id', 'is', null).execute();
      expect(rows).toHaveLength(40);
      expect(rows.every((r) => r.state === 'SUCCESS')).toBe(true);
      expect(settled.length).toBe(40);
      const actions = await a.store.db.selectFrom('action_executions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(actions.n)).toBe(40 * 6);
      const tasks = await a.store.db.selectFrom('task_executions').select(['workflow_execution_id', 'name']).execute();
      expect(tasks).toHaveLength(40 * 2);
      const timersBy = await a.store.db.selectFrom('jobs').select('id').execute();
      expect(timersBy).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);
});
