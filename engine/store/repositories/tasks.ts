/**
 * Task executions. Like workflow executions, updates are optimistic (version-checked). A task
 * with a `unique_key` can exist only once: inserting a second join task for the same execution
 * fails as a unique violation, which tells the caller another decision created it first.
 */
import { dialectOf } from '../dialect.js';
import type {
  ExecutionState,
  NewTaskExecution,
  StoreDb,
  TaskExecution,
  TaskExecutionUpdate,
} from '../schema.js';
import type { VersionedUpdate } from './executions.js';
import { keysetPage, toPage } from './pagination.js';
import type { Page, PageRequest } from './pagination.js';
import { hasTags, oneOf, orderLike } from './rows.js';

export type TaskExecutionPatch = Omit<TaskExecutionUpdate, 'version'>;

export interface TaskExecutionFilter {
  /** Omit to list every project (admins). */
  readonly projectId?: string;
  readonly workflowExecutionId?: string;
  readonly rootExecutionId?: string;
  readonly state?: ExecutionState | readonly ExecutionState[];
  readonly name?: string;
  readonly workflowName?: string;
  readonly workflowId?: string;
  readonly processed?: boolean;
  readonly tags?: readonly string[];
}

export async function insertTaskExecutions(db: StoreDb, rows: readonly NewTaskExecution[]): Promise<TaskExecution[]> {
  if (rows.length === 0) return [];
  const inserted = await db.insertInto('task_executions').values(rows.map(withDefaults)).returningAll().execute();
  return orderLike(inserted, rows.map((r) => r.id));
}

export function insertTaskExecution(db: StoreDb, row: NewTaskExecution): Promise<TaskExecution> {
  return db.insertInto('task_executions').values(row).returningAll().executeTakeFirstOrThrow();
}

export function getTaskExecution(db: StoreDb, id: string): Promise<TaskExecution | undefined> {
  return db.selectFrom('task_executions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reads the row and, on PostgreSQL, locks it until the transaction ends. */
export function lockTaskExecution(db: StoreDb, id: string): Promise<TaskExecution | undefined> {
  const q = db.selectFrom('task_executions').selectAll().where('id', '=', id);
  return dialectOf(db).lockForUpdate(q).executeTakeFirst();
}

export function findTaskByUniqueKey(db: StoreDb, uniqueKey: string): Promise<TaskExecution | undefined> {
  return db.selectFrom('task_executions').selectAll().where('unique_key', '=', uniqueKey).executeTakeFirst();
}

/** Applies `patch` if the row is still at `version`; returns whether it did. */
export async function updateTaskExecution(db: StoreDb, update: VersionedUpdate<TaskExecutionPatch>): Promise<boolean> {
  const result = await db
    .updateTable('task_executions')
    .set((eb) => ({ ...update.patch, version: eb('version', '+', 1) }))
    .where('id', '=', update.id)
    .where('version', '=', update.version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Every task of one workflow execution, in creation order (what a decision loads). */
export function listTasksOfExecution(db: StoreDb, workflowExecutionId: string): Promise<TaskExecution[]> {
  return db
    .selectFrom('task_executions')
    .selectAll()
    .where('workflow_execution_id', '=', workflowExecutionId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function listTaskExecutions(
  db: StoreDb,
  filter: TaskExecutionFilter,
  page: PageRequest,
): Promise<Page<TaskExecution>> {
  let q = db.selectFrom('task_executions').selectAll();
  if (filter.projectId !== undefined) q = q.where('project_id', '=', filter.projectId);
  if (filter.workflowExecutionId !== undefined) q = q.where('workflow_execution_id', '=', filter.workflowExecutionId);
  if (filter.rootExecutionId !== undefined) q = q.where('root_execution_id', '=', filter.rootExecutionId);
  if (filter.state !== undefined) q = q.where(oneOf('state', filter.state));
  if (filter.name !== undefined) q = q.where('name', '=', filter.name);
  if (filter.workflowName !== undefined) q = q.where('workflow_name', '=', filter.workflowName);
  if (filter.workflowId !== undefined) q = q.where('workflow_id', '=', filter.workflowId);
  if (filter.processed !== undefined) q = q.where('processed', '=', filter.processed);
  for (const condition of hasTags(db, filter.tags ?? [])) q = q.where(condition);
  return toPage(await keysetPage(q, page).execute(), page);
}

/** Task counts per state for one workflow execution (the report's statistics). */
export async function countTasksByState(
  db: StoreDb,
  workflowExecutionId: string,
): Promise<Partial<Record<ExecutionState, number>>> {
  const rows = await db
    .selectFrom('task_executions')
    .select((eb) => ['state', eb.fn.countAll<number>().as('count')])
    .where('workflow_execution_id', '=', workflowExecutionId)
    .groupBy('state')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.count)]));
}

// SQLite turns an omitted column of a multi-row insert into NULL, not its default.
function withDefaults(row: NewTaskExecution): NewTaskExecution {
  return {
    ...row,
    processed: row.processed ?? false,
    error_handled: row.error_handled ?? false,
    has_next_tasks: row.has_next_tasks ?? false,
    version: row.version ?? 1,
  };
}
