/**
 * Indexes for the analytics API, which reads executions by when they finished rather than when
 * they were created. Frozen in time like 0001: imports nothing from the application.
 *
 * Task reads per workflow are served by 0001's `task_ex_analytics_idx`
 * (project_id, workflow_name, name, finished_at).
 */
import type { Kysely } from 'kysely';

type Db = Kysely<unknown>;

export async function up(db: Db): Promise<void> {
  // Workflow stats, slowest executions and failure groups over a finished_at window, per project.
  await db.schema.createIndex('wf_ex_project_finished_idx').on('workflow_executions').columns(['project_id', 'finished_at']).execute();
  // The same across projects, for admins asking all_projects.
  await db.schema.createIndex('wf_ex_finished_idx').on('workflow_executions').column('finished_at').execute();
  // Failed tasks of a project in a window (the errors view); the state leads so only failures are read.
  await db.schema.createIndex('task_ex_project_state_finished_idx').on('task_executions').columns(['project_id', 'state', 'finished_at']).execute();
}

export async function down(db: Db): Promise<void> {
  for (const name of ['task_ex_project_state_finished_idx', 'wf_ex_finished_idx', 'wf_ex_project_finished_idx']) {
    await db.schema.dropIndex(name).ifExists().execute();
  }
}
