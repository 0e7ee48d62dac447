/**
 * The execution tree query must read by index whatever the store holds. With many top-level
 * executions (no parent task), SQLite's statistics once made the sub-workflow index look useless
 * and every step of the query scanned the whole table (migration 0006). This checks the plan.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seed } from '../../bench/api-bench.js';
import { openStore, type Store } from '../open-store.js';
import { newTaskExecution, newWorkflowExecution } from '../testing/fixtures.js';
import { executionTreeIdsQuery, insertWorkflowExecution, listExecutionTreeIds } from './executions.js';
import { insertTaskExecution } from './tasks.js';

let dir: string;
let store: Store;
let file: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'convection-tree-plan-'));
  file = join(dir, 'plan.db');
  store = await openStore(`sqlite:${file}`);
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('walks an execution tree by index among thousands of top-level executions (SQLite statistics)', async () => {
  await seed(store.db, 100_000);
  // Statistics gathered while the store held only top-level executions (as after an import).
  await sql`analyze`.execute(store.db);
  const root = await insertWorkflowExecution(store.db, newWorkflowExecution());
  const task = await insertTaskExecution(store.db, newTaskExecution(root));
  const child = await insertWorkflowExecution(store.db, newWorkflowExecution({ task_execution_id: task.id, root_execution_id: root.id }));

  expect((await listExecutionTreeIds(store.db, root.id)).sort()).toEqual([root.id, child.id].sort());
  const query = executionTreeIdsQuery(store.db, root.id).compile();
  const reader = new Database(file, { readonly: true });
  try {
    const plan = reader.prepare(`explain query plan ${query.sql}`).all(...query.parameters) as { detail: string }[];
    // The executions table must never be read whole (`SCAN child` without an index): that is one
    // pass over every execution of the store per level of the tree.
    const scans = plan.map((step) => step.detail).filter((detail) => /^SCAN (child|workflow_executions)$/.test(detail));
    expect(scans, plan.map((step) => step.detail).join('\n')).toEqual([]);
  } finally {
    reader.close();
  }
});
