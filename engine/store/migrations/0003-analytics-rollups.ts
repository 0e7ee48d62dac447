/**
 * Hourly rollups for the analytics API, so a window over a million task rows reads a few hundred
 * summary rows instead. An hour is rolled up once, after it is over (the "sealed" watermark in
 * `analytics_state`); the API adds the unsealed rest of a window from the raw rows. Frozen in
 * time like 0001: imports nothing from the application.
 */
import type { Kysely } from 'kysely';

type Db = Kysely<unknown>;

export async function up(db: Db): Promise<void> {
  // One row per (project, workflow, hour) for every execution of that workflow, root or
  // sub-workflow, that finished in the hour. The root_* columns describe root executions only.
  await db.schema
    .createTable('analytics_workflow_hours')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('workflow_name', 'text', (c) => c.notNull())
    .addColumn('hour_start', 'bigint', (c) => c.notNull())
    .addColumn('root_count', 'integer', (c) => c.notNull())
    .addColumn('root_success', 'integer', (c) => c.notNull())
    .addColumn('root_error', 'integer', (c) => c.notNull())
    .addColumn('root_cancelled', 'integer', (c) => c.notNull())
    .addColumn('root_duration_sum', 'bigint', (c) => c.notNull())
    .addColumn('root_duration_max', 'bigint')
    .addColumn('root_durations_json', 'text', (c) => c.notNull())
    .addColumn('runs_with_tasks', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_workflow_hours_pk', ['project_id', 'workflow_name', 'hour_start'])
    .execute();
  await db.schema.createIndex('analytics_workflow_hours_hour_idx').on('analytics_workflow_hours').columns(['hour_start']).execute();

  // One row per (project, workflow, task name, hour of the execution's end).
  await db.schema
    .createTable('analytics_task_hours')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('workflow_name', 'text', (c) => c.notNull())
    .addColumn('task_name', 'text', (c) => c.notNull())
    .addColumn('hour_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('error', 'integer', (c) => c.notNull())
    .addColumn('run_count', 'integer', (c) => c.notNull())
    .addColumn('run_sum', 'bigint', (c) => c.notNull())
    .addColumn('wait_count', 'integer', (c) => c.notNull())
    .addColumn('wait_sum', 'bigint', (c) => c.notNull())
    .addColumn('retries', 'integer', (c) => c.notNull())
    .addColumn('critical', 'integer', (c) => c.notNull())
    .addColumn('run_durations_json', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_task_hours_pk', ['project_id', 'workflow_name', 'task_name', 'hour_start'])
    .execute();
  await db.schema.createIndex('analytics_task_hours_wf_idx').on('analytics_task_hours').columns(['workflow_name', 'hour_start']).execute();

  // A single row: every hour before `sealed_until` is rolled up.
  await db.schema
    .createTable('analytics_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('sealed_until', 'bigint', (c) => c.notNull())
    .execute();
  // Executions of any level by end time, for rolling up an hour.
  await db.schema.createIndex('wf_ex_finished_wf_idx').on('workflow_executions').columns(['finished_at', 'workflow_name']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('wf_ex_finished_wf_idx').ifExists().execute();
  for (const table of ['analytics_state', 'analytics_task_hours', 'analytics_workflow_hours']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
