import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { isUniqueViolation } from '../dialect.js';
import { describeEachStore } from '../testing/each-store.js';
import { T0 } from '../testing/fixtures.js';
import type { NewCronTrigger, NewEventTrigger } from '../schema.js';
import type { Store } from '../open-store.js';
import {
  advanceCronTrigger,
  claimDueCronTriggers,
  deleteCronTrigger,
  findCronTrigger,
  getCronTrigger,
  insertCronTrigger,
  listCronTriggers,
  releaseCronTrigger,
  workflowHasCronTriggers,
} from './cron-triggers.js';
import {
  deleteEventTrigger,
  findEventTriggersFor,
  insertEventTrigger,
  listEventTriggers,
  updateEventTrigger,
  workflowHasEventTriggers,
} from './event-triggers.js';

const rejection = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

function cron(overrides: Partial<NewCronTrigger> = {}): NewCronTrigger {
  return {
    id: randomUUID(),
    name: `cron-${randomUUID()}`,
    project_id: 'p1',
    scope: 'private',
    pattern: '* * * * *',
    next_execution_time: T0,
    workflow_name: 'wf',
    workflow_id: 'wf-1',
    workflow_input_json: '{}',
    workflow_params_json: '{}',
    created_at: T0,
    updated_at: T0,
    ...overrides,
  };
}

function eventTrigger(overrides: Partial<NewEventTrigger> = {}): NewEventTrigger {
  return {
    id: randomUUID(),
    name: '',
    project_id: 'p1',
    scope: 'private',
    exchange: 'nova',
    topic: 'notifications',
    event: 'compute.instance.create.end',
    workflow_id: 'wf-1',
    workflow_input_json: '{}',
    workflow_params_json: '{}',
    created_at: T0,
    updated_at: T0,
    ...overrides,
  };
}

describeEachStore('cron triggers', (ctx) => {
  const claim = (owner: string, now: number, store: Store = ctx.store) =>
    claimDueCronTriggers(store, { owner, limit: 10, leaseMs: 1000, now });

  it('refuses a taken name and a duplicate of the same schedule', async () => {
    const first = await insertCronTrigger(ctx.store.db, cron({ name: 'nightly', dedupe_key: 'h1' }));
    expect(isUniqueViolation(await rejection(insertCronTrigger(ctx.store.db, cron({ name: 'nightly' }))))).toBe(true);
    expect(isUniqueViolation(await rejection(insertCronTrigger(ctx.store.db, cron({ dedupe_key: 'h1' }))))).toBe(true);
    await insertCronTrigger(ctx.store.db, cron({ name: 'nightly', project_id: 'p2', dedupe_key: 'h1' }));
    expect((await findCronTrigger(ctx.store.db, { name: 'nightly', projectId: 'p1' }))?.id).toBe(first.id);
    expect((await listCronTriggers(ctx.store.db, { viewer: { projectId: 'p1' } }, { limit: 10 })).items).toHaveLength(1);
    expect(await workflowHasCronTriggers(ctx.store.db, 'wf-1')).toBe(true);
  });

  it('claims due triggers under a lease and advances them only for the claim holder', async () => {
    const due = await insertCronTrigger(ctx.store.db, cron({ remaining_executions: 3 }));
    await insertCronTrigger(ctx.store.db, cron({ next_execution_time: T0 + 60_000 }));
    const [claimed] = await claim('s1', T0 + 10);
    expect(claimed).toMatchObject({ id: due.id, claimed_by: 's1', claimed_until: T0 + 1010 });
    expect(await claim('s2', T0 + 10)).toEqual([]);

    const advance = { id: due.id, nextExecutionTime: T0 + 60_000, remainingExecutions: 2, now: T0 + 20 };
    expect(await advanceCronTrigger(ctx.store.db, { ...advance, owner: 's2' })).toBe(false);
    expect(await advanceCronTrigger(ctx.store.db, { ...advance, owner: 's1' })).toBe(true);
    expect(await getCronTrigger(ctx.store.db, due.id)).toMatchObject({
      next_execution_time: T0 + 60_000,
      remaining_executions: 2,
      claimed_by: null,
      claimed_until: null,
    });
  });

  it('lets another scheduler take over an expired claim', async () => {
    const trigger = await insertCronTrigger(ctx.store.db, cron());
    await claim('s1', T0);
    expect((await claim('s2', T0 + 1000)).map((t) => t.id)).toEqual([trigger.id]);
    expect(await releaseCronTrigger(ctx.store.db, trigger.id, 's1')).toBe(false);
    expect(await deleteCronTrigger(ctx.store.db, trigger.id, 's1')).toBe(false);
    expect(await deleteCronTrigger(ctx.store.db, trigger.id, 's2')).toBe(true);
  });

  it('never hands a trigger to two concurrent schedulers', async () => {
    const others = [await ctx.openStore({ transactionAttempts: 50 }), await ctx.openStore({ transactionAttempts: 50 })];
    for (let i = 0; i < 20; i++) await insertCronTrigger(ctx.store.db, cron({ next_execution_time: T0 + i }));
    const results = await Promise.all(
      others.map((store, i) => claimDueCronTriggers(store, { owner: `s${i}`, limit: 15, leaseMs: 1000, now: T0 + 100 })),
    );
    const ids = results.flat().map((t) => t.id);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
  });
});

describeEachStore('event triggers', (ctx) => {
  it('is unique per routing, workflow and project, and found by routing across projects', async () => {
    const mine = await insertEventTrigger(ctx.store.db, eventTrigger());
    expect(isUniqueViolation(await rejection(insertEventTrigger(ctx.store.db, eventTrigger())))).toBe(true);
    const theirs = await insertEventTrigger(ctx.store.db, eventTrigger({ project_id: 'p2', created_at: T0 + 1 }));
    await insertEventTrigger(ctx.store.db, eventTrigger({ event: 'compute.instance.delete.end' }));

    const fired = await findEventTriggersFor(ctx.store.db, {
      exchange: 'nova',
      topic: 'notifications',
      event: 'compute.instance.create.end',
    });
    expect(fired.map((t) => t.id)).toEqual([mine.id, theirs.id]);
    const listed = await listEventTriggers(ctx.store.db, { viewer: { projectId: 'p1' }, workflowId: 'wf-1' }, { limit: 10 });
    expect(listed.items).toHaveLength(2);
    expect(await workflowHasEventTriggers(ctx.store.db, 'wf-1')).toBe(true);
  });

  it('updates the workflow side and deletes', async () => {
    const trigger = await insertEventTrigger(ctx.store.db, eventTrigger());
    const updated = await updateEventTrigger(ctx.store.db, trigger.id, { workflow_input_json: '{"a": 1}', updated_at: T0 + 1 });
    expect(updated).toMatchObject({ workflow_input_json: '{"a": 1}', exchange: 'nova' });
    expect(await deleteEventTrigger(ctx.store.db, trigger.id)).toBe(true);
  });
});
