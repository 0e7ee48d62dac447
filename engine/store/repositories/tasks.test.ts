import { expect, it } from 'vitest';
import { isRetryable, isUniqueViolation } from '../dialect.js';
import { describeEachStore } from '../testing/each-store.js';
import { T0, newTaskExecution, newWorkflowExecution } from '../testing/fixtures.js';
import type { Store } from '../open-store.js';
import { insertWorkflowExecution } from './executions.js';
import {
  countTasksByState,
  findTaskByUniqueKey,
  getTaskExecution,
  insertTaskExecution,
  insertTaskExecutions,
  listTaskExecutions,
  listTasksOfExecution,
  lockTaskExecution,
  updateTaskExecution,
} from './tasks.js';

describeEachStore('task executions', (ctx) => {
  const execution = () => insertWorkflowExecution(ctx.store.db, newWorkflowExecution());

  it('refuses a second join task with the same unique key as a unique violation', async () => {
    const ex = await execution();
    const key = `join-task-${ex.id}-join`;
    await insertTaskExecution(ctx.store.db, newTaskExecution(ex, { name: 'join', unique_key: key }));
    const error = await insertTaskExecution(ctx.store.db, newTaskExecution(ex, { name: 'join', unique_key: key })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isUniqueViolation(error)).toBe(true);
    expect(isRetryable(error)).toBe(false);
    expect((await findTaskByUniqueKey(ctx.store.db, key))?.name).toBe('join');
  });

  it('lets only one of two concurrent transactions create the join task', async () => {
    const other = await ctx.openStore();
    const ex = await execution();
    const key = `join-task-${ex.id}-join`;
    const create = (store: Store) =>
      store.transaction((tx) => insertTaskExecution(tx, newTaskExecution(ex, { name: 'join', unique_key: key })));
    const results = await Promise.allSettled([create(ctx.store), create(other)]);
    const failures = results.filter((r) => r.status === 'rejected');
    expect(failures).toHaveLength(1);
    expect(isUniqueViolation(failures[0]?.status === 'rejected' ? failures[0].reason : undefined)).toBe(true);
    expect(await listTasksOfExecution(ctx.store.db, ex.id)).toHaveLength(1);
  });

  it('allows any number of tasks without a unique key', async () => {
    const ex = await execution();
    await insertTaskExecutions(ctx.store.db, [newTaskExecution(ex), newTaskExecution(ex), newTaskExecution(ex)]);
    expect(await listTasksOfExecution(ctx.store.db, ex.id)).toHaveLength(3);
  });

  it('returns flags as booleans and filters on them', async () => {
    const ex = await execution();
    const [plain, done] = await insertTaskExecutions(ctx.store.db, [
      newTaskExecution(ex, { name: 'plain' }),
      newTaskExecution(ex, { name: 'done', processed: true, has_next_tasks: true, created_at: T0 + 1 }),
    ]);
    expect(plain).toMatchObject({ name: 'plain', processed: false, error_handled: false, has_next_tasks: false });
    expect(done).toMatchObject({ name: 'done', processed: true, has_next_tasks: true });
    const processed = await listTaskExecutions(ctx.store.db, { workflowExecutionId: ex.id, processed: true }, { limit: 5 });
    expect(processed.items.map((t) => t.name)).toEqual(['done']);
    expect(typeof processed.items[0]?.processed).toBe('boolean');
  });

  it('refuses a stale version and bumps the version on success', async () => {
    const ex = await execution();
    const task = await insertTaskExecution(ctx.store.db, newTaskExecution(ex));
    const patch = { state: 'SUCCESS' as const, result_json: '"ok"', processed: true, updated_at: T0 + 1 };
    expect(await updateTaskExecution(ctx.store.db, { id: task.id, version: 1, patch })).toBe(true);
    expect(await updateTaskExecution(ctx.store.db, { id: task.id, version: 1, patch: { state: 'ERROR' } })).toBe(false);
    expect(await getTaskExecution(ctx.store.db, task.id)).toMatchObject({
      version: 2,
      state: 'SUCCESS',
      result_json: '"ok"',
      processed: true,
    });
  });

  it('lists by project and state, and counts by state', async () => {
    const ex = await execution();
    await insertTaskExecutions(ctx.store.db, [
      newTaskExecution(ex, { state: 'SUCCESS' }),
      newTaskExecution(ex, { state: 'SUCCESS' }),
      newTaskExecution(ex, { state: 'ERROR' }),
      newTaskExecution(ex, { state: 'RUNNING', project_id: 'p2' }),
    ]);
    const errors = await listTaskExecutions(ctx.store.db, { projectId: 'p1', state: ['ERROR'] }, { limit: 5 });
    expect(errors.items).toHaveLength(1);
    expect(await countTasksByState(ctx.store.db, ex.id)).toEqual({ SUCCESS: 2, ERROR: 1, RUNNING: 1 });
  });

  it('reads a task for update inside a transaction', async () => {
    const ex = await execution();
    const task = await insertTaskExecution(ctx.store.db, newTaskExecution(ex));
    expect((await ctx.store.transaction((tx) => lockTaskExecution(tx, task.id)))?.id).toBe(task.id);
  });
});
