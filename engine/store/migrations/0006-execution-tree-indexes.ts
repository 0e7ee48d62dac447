/**
 * Indexes that keep reading one execution tree independent of the store's size. Frozen in time like
 * 0001: imports nothing from the application.
 *
 * - Action executions by their workflow execution: the engine reads them so for every event of an
 *   execution (its snapshot) and the report for a tree; without an index both scanned every action
 *   of the store.
 * - Sub-workflows by the task that started them, now only over sub-workflows: top-level executions
 *   (nearly all rows) have no task, and SQLite's statistics counted them all as one value of the
 *   old index, so it judged the index useless and scanned every execution on each step of the tree
 *   query (about 90 ms at a million executions instead of well under 1 ms).
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

type Db = Kysely<unknown>;

export async function up(db: Db): Promise<void> {
  await db.schema.createIndex('action_ex_wf_ex_idx').on('action_executions').columns(['workflow_execution_id', 'created_at']).execute();
  await db.schema.dropIndex('wf_ex_task_idx').execute();
  await db.schema
    .createIndex('wf_ex_task_idx')
    .on('workflow_executions')
    .column('task_execution_id')
    .where(sql.ref('task_execution_id'), 'is not', null)
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('wf_ex_task_idx').execute();
  await db.schema.createIndex('wf_ex_task_idx').on('workflow_executions').column('task_execution_id').execute();
  await db.schema.dropIndex('action_ex_wf_ex_idx').ifExists().execute();
}
