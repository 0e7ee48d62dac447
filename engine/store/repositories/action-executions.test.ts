import { expect, it } from 'vitest';
import { describeEachStore } from '../testing/each-store.js';
import { T0, newActionExecution, newTaskExecution, newWorkflowExecution } from '../testing/fixtures.js';
import {
  acquireActionLease,
  deleteActionExecution,
  getActionExecution,
  insertActionExecutions,
  listActionExecutions,
  listActionsOfTask,
  listExpiredActionLeases,
  releaseActionLease,
  renewActionLease,
  updateActionExecution,
} from './action-executions.js';
import { insertWorkflowExecution } from './executions.js';
import { insertTaskExecution } from './tasks.js';

describeEachStore('action executions', (ctx) => {
  it('stores a standalone run with defaults filled in', async () => {
    const [row] = await insertActionExecutions(ctx.store.db, [newActionExecution()]);
    expect(row).toMatchObject({
      task_execution_id: null,
      workflow_namespace: '',
      accepted: false,
      attempt: 1,
      idempotent: false,
      version: 1,
      item_index: null,
    });
  });

  it('keeps the runs of a with-items task in index order', async () => {
    const ex = await insertWorkflowExecution(ctx.store.db, newWorkflowExecution());
    const task = await insertTaskExecution(ctx.store.db, newTaskExecution(ex));
    const runs = [2, 0, 1].map((i) =>
      newActionExecution({ task_execution_id: task.id, workflow_execution_id: ex.id, item_index: i, idempotent: i === 1 }),
    );
    const inserted = await insertActionExecutions(ctx.store.db, runs);
    expect(inserted.map((r) => r.id)).toEqual(runs.map((r) => r.id));
    const listed = await listActionsOfTask(ctx.store.db, task.id);
    expect(listed.map((r) => r.item_index)).toEqual([0, 1, 2]);
    expect(listed.map((r) => r.idempotent)).toEqual([false, true, false]);
  });

  it('completes with a version check and filters on accepted', async () => {
    const [row] = await insertActionExecutions(ctx.store.db, [newActionExecution()]);
    const id = row?.id ?? '';
    const patch = { state: 'SUCCESS' as const, accepted: true, output_json: '{"result": 1}', updated_at: T0 + 1 };
    expect(await updateActionExecution(ctx.store.db, { id, version: 1, patch })).toBe(true);
    expect(await updateActionExecution(ctx.store.db, { id, version: 1, patch: { state: 'ERROR' } })).toBe(false);
    const accepted = await listActionExecutions(ctx.store.db, { accepted: true }, { limit: 5 });
    expect(accepted.items.map((r) => r.id)).toEqual([id]);
    expect(accepted.items[0]).toMatchObject({ accepted: true, state: 'SUCCESS', version: 2 });
  });

  it('grants a lease to one holder at a time until it expires', async () => {
    const [row] = await insertActionExecutions(ctx.store.db, [newActionExecution()]);
    const id = row?.id ?? '';
    const lease = { id, leaseId: 'l1', owner: 'w1', now: T0, expiresAt: T0 + 100 };
    expect(await acquireActionLease(ctx.store.db, lease)).toBe(true);
    expect(await acquireActionLease(ctx.store.db, { ...lease, leaseId: 'l2', owner: 'w2', now: T0 + 50 })).toBe(false);
    expect(await renewActionLease(ctx.store.db, { id, leaseId: 'l1', now: T0 + 60, expiresAt: T0 + 160 })).toBe(true);
    expect(await listExpiredActionLeases(ctx.store.db, { now: T0 + 159, limit: 10 })).toEqual([]);
    expect((await listExpiredActionLeases(ctx.store.db, { now: T0 + 160, limit: 10 })).map((r) => r.id)).toEqual([id]);

    expect(await acquireActionLease(ctx.store.db, { ...lease, leaseId: 'l2', owner: 'w2', now: T0 + 160 })).toBe(true);
    expect(await renewActionLease(ctx.store.db, { id, leaseId: 'l1', now: T0 + 170, expiresAt: T0 + 300 })).toBe(false);
    expect(await releaseActionLease(ctx.store.db, { id, leaseId: 'l1' })).toBe(false);
    expect(await releaseActionLease(ctx.store.db, { id, leaseId: 'l2' })).toBe(true);
    expect(await getActionExecution(ctx.store.db, id)).toMatchObject({
      lease_id: null,
      lease_owner: null,
      last_heartbeat_at: T0 + 160,
      version: 1,
    });
  });

  it('deletes a standalone run', async () => {
    const [row] = await insertActionExecutions(ctx.store.db, [newActionExecution()]);
    expect(await deleteActionExecution(ctx.store.db, row?.id ?? '')).toBe(true);
    expect(await deleteActionExecution(ctx.store.db, row?.id ?? '')).toBe(false);
  });
});
