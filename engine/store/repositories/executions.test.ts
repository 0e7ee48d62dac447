import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachStore } from '../testing/each-store.js';
import { T0, newActionExecution, newTaskExecution, newWorkflowExecution } from '../testing/fixtures.js';
import type { WorkflowExecution } from '../schema.js';
import { getActionExecution, insertActionExecutions } from './action-executions.js';
import {
  deleteWorkflowExecution,
  getWorkflowExecution,
  insertWorkflowExecution,
  listExecutionTree,
  listWorkflowExecutions,
  lockWorkflowExecution,
  updateWorkflowExecution,
} from './executions.js';
import type { WorkflowExecutionFilter } from './executions.js';
import type { PageRequest } from './pagination.js';
import { getTaskExecution, insertTaskExecution } from './tasks.js';

describeEachStore('workflow executions', (ctx) => {
  it('stores JSON text exactly as given and starts at version 1', async () => {
    const input = '{"b": 1, "a": [1.0, "x"]}';
    const row = await insertWorkflowExecution(ctx.store.db, newWorkflowExecution({ input_json: input }));
    expect(row.version).toBe(1);
    expect(row.created_at).toBe(T0);
    const read = await getWorkflowExecution(ctx.store.db, row.id);
    expect(read?.input_json).toBe(input);
    expect(read?.output_json).toBeNull();
  });

  it('applies an update only at the version the caller read', async () => {
    const row = await insertWorkflowExecution(ctx.store.db, newWorkflowExecution());
    const patch = { state: 'SUCCESS' as const, output_json: '{"r": 1}', finished_at: T0 + 5, updated_at: T0 + 5 };
    expect(await updateWorkflowExecution(ctx.store.db, { id: row.id, version: 1, patch })).toBe(true);
    expect(await updateWorkflowExecution(ctx.store.db, { id: row.id, version: 1, patch: { state: 'ERROR' } })).toBe(false);
    const read = await getWorkflowExecution(ctx.store.db, row.id);
    expect(read).toMatchObject({ version: 2, state: 'SUCCESS', output_json: '{"r": 1}', finished_at: T0 + 5 });
  });

  it('lets exactly one of two concurrent writers at the same version win', async () => {
    const other = await ctx.openStore();
    const row = await insertWorkflowExecution(ctx.store.db, newWorkflowExecution());
    const write = (store: typeof other, by: string) =>
      store.transaction((tx) => updateWorkflowExecution(tx, { id: row.id, version: 1, patch: { description: by } }));
    const results = await Promise.all([write(ctx.store, 'a'), write(other, 'b')]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await getWorkflowExecution(ctx.store.db, row.id))?.version).toBe(2);
  });

  it('reads a row for update inside a transaction', async () => {
    const row = await insertWorkflowExecution(ctx.store.db, newWorkflowExecution());
    const locked = await ctx.store.transaction((tx) => lockWorkflowExecution(tx, row.id));
    expect(locked?.id).toBe(row.id);
  });

  it('pages by (created_at, id) in both directions without gaps or repeats, ties included', async () => {
    const rows: WorkflowExecution[] = [];
    for (let i = 0; i < 7; i++) {
      // Pairs share a created_at so the id tie-break matters.
      rows.push(await insertWorkflowExecution(ctx.store.db, newWorkflowExecution({ created_at: T0 + Math.floor(i / 2) })));
    }
    await insertWorkflowExecution(ctx.store.db, newWorkflowExecution({ project_id: 'p2' }));
    const expected = [...rows].sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1)).map((r) => r.id);

    const collect = async (sort: 'asc' | 'desc') => {
      const seen: string[] = [];
      let page: PageRequest = { limit: 3, sort };
      for (;;) {
        const result = await listWorkflowExecutions(ctx.store.db, { projectId: 'p1' }, page);
        seen.push(...result.items.map((r) => r.id));
        if (result.next === undefined) return seen;
        expect(result.items).toHaveLength(3);
        page = { ...page, after: result.next };
      }
    };
    expect(await collect('asc')).toEqual(expected);
    expect(await collect('desc')).toEqual([...expected].reverse());
  });

  it('filters by project, states, workflow, parent and creation time', async () => {
    const db = ctx.store.db;
    const root = await insertWorkflowExecution(db, newWorkflowExecution({ state: 'RUNNING', workflow_name: 'a' }));
    const task = await insertTaskExecution(db, newTaskExecution(root, { type: 'WORKFLOW' }));
    const child = await insertWorkflowExecution(
      db,
      newWorkflowExecution({ state: 'ERROR', task_execution_id: task.id, root_execution_id: root.id, created_at: T0 + 10 }),
    );
    await insertWorkflowExecution(db, newWorkflowExecution({ project_id: 'p2', state: 'PAUSED', created_at: T0 + 20 }));
    const ids = async (filter: WorkflowExecutionFilter) =>
      (await listWorkflowExecutions(db, filter, { limit: 10 })).items.map((r) => r.id).sort();

    expect(await ids({ projectId: 'p1' })).toEqual([root.id, child.id].sort());
    expect(await ids({ state: ['ERROR', 'PAUSED'] })).toHaveLength(2);
    expect(await ids({ state: [] })).toEqual([]);
    expect(await ids({ projectId: 'p1', state: 'ERROR' })).toEqual([child.id]);
    expect(await ids({ workflowName: 'a' })).toEqual([root.id]);
    expect(await ids({ projectId: 'p1', taskExecutionId: null })).toEqual([root.id]);
    expect(await ids({ rootExecutionId: root.id })).toEqual([child.id]);
    expect(await ids({ createdFrom: T0 + 10, createdTo: T0 + 20 })).toEqual([child.id]);
  });

  it('filters by tags', async () => {
    const tagged = await insertWorkflowExecution(ctx.store.db, newWorkflowExecution({ tags_json: '["nightly", "db"]' }));
    await insertWorkflowExecution(ctx.store.db, newWorkflowExecution({ tags_json: '["nightly"]' }));
    const page = await listWorkflowExecutions(ctx.store.db, { tags: ['db', 'nightly'] }, { limit: 10 });
    expect(page.items.map((r) => r.id)).toEqual([tagged.id]);
  });

  it('lists and deletes an execution with its sub-workflows, tasks and actions', async () => {
    const db = ctx.store.db;
    const root = await insertWorkflowExecution(db, newWorkflowExecution());
    const rootTask = await insertTaskExecution(db, newTaskExecution(root, { type: 'WORKFLOW' }));
    const child = await insertWorkflowExecution(
      db,
      newWorkflowExecution({ task_execution_id: rootTask.id, root_execution_id: root.id, created_at: T0 + 1 }),
    );
    const childTask = await insertTaskExecution(db, newTaskExecution(child, { type: 'WORKFLOW' }));
    const grandchild = await insertWorkflowExecution(
      db,
      newWorkflowExecution({ task_execution_id: childTask.id, root_execution_id: root.id, created_at: T0 + 2 }),
    );
    const leafTask = await insertTaskExecution(db, newTaskExecution(grandchild));
    const [action] = await insertActionExecutions(db, [
      newActionExecution({ task_execution_id: leafTask.id, workflow_execution_id: grandchild.id }),
    ]);

    expect((await listExecutionTree(db, root.id)).map((r) => r.id)).toEqual([root.id, child.id, grandchild.id]);
    expect((await listExecutionTree(db, child.id)).map((r) => r.id)).toEqual([child.id, grandchild.id]);

    expect(await deleteWorkflowExecution(db, child.id)).toBe(2);
    expect(await getWorkflowExecution(db, root.id)).toBeDefined();
    expect(await getTaskExecution(db, rootTask.id)).toBeDefined();
    expect(await getWorkflowExecution(db, grandchild.id)).toBeUndefined();
    expect(await getTaskExecution(db, leafTask.id)).toBeUndefined();
    expect(await getActionExecution(db, action?.id ?? '')).toBeUndefined();
    expect(await deleteWorkflowExecution(db, randomUUID())).toBe(0);
  });
});
