/**
 * Workflow executions. Updates are optimistic: the caller names the version it read and the update
 * applies only if nobody changed the row since, bumping the version by one.
 */
import { dialectOf } from '../dialect.js';
import type {
  EpochMs,
  ExecutionState,
  NewWorkflowExecution,
  StoreDb,
  WorkflowExecution,
  WorkflowExecutionUpdate,
} from '../schema.js';
import { keysetPage, toPage } from './pagination.js';
import type { Page, PageRequest } from './pagination.js';
import { hasTags, oneOf } from './rows.js';

/** Every updatable column except `version`, which the update maintains itself. */
export type WorkflowExecutionPatch = Omit<WorkflowExecutionUpdate, 'version'>;

export interface VersionedUpdate<P> {
  readonly id: string;
  /** The version the caller read; the update applies only if it is still current. */
  readonly version: number;
  readonly patch: P;
}

export interface WorkflowExecutionFilter {
  /** Omit to list every project (admins). */
  readonly projectId?: string;
  readonly state?: ExecutionState | readonly ExecutionState[];
  readonly workflowName?: string;
  readonly workflowId?: string;
  /** `null` keeps only executions that are not sub-workflows. */
  readonly taskExecutionId?: string | null;
  readonly rootExecutionId?: string | null;
  /** Inclusive lower bound on created_at. */
  readonly createdFrom?: EpochMs;
  /** Exclusive upper bound on created_at. */
  readonly createdTo?: EpochMs;
  readonly tags?: readonly string[];
}

export function insertWorkflowExecution(db: StoreDb, row: NewWorkflowExecution): Promise<WorkflowExecution> {
  return db.insertInto('workflow_executions').values(row).returningAll().executeTakeFirstOrThrow();
}

export function getWorkflowExecution(db: StoreDb, id: string): Promise<WorkflowExecution | undefined> {
  return db.selectFrom('workflow_executions').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Reads the row and, on PostgreSQL, locks it until the transaction ends, for callers that prefer
 * waiting over retrying a stale version. On SQLite the transaction already excludes other writers.
 */
export function lockWorkflowExecution(db: StoreDb, id: string): Promise<WorkflowExecution | undefined> {
  const q = db.selectFrom('workflow_executions').selectAll().where('id', '=', id);
  return dialectOf(db).lockForUpdate(q).executeTakeFirst();
}

/** Applies `patch` if the row is still at `version`; returns whether it did (the new version is `version + 1`). */
export async function updateWorkflowExecution(
  db: StoreDb,
  update: VersionedUpdate<WorkflowExecutionPatch>,
): Promise<boolean> {
  const result = await db
    .updateTable('workflow_executions')
    .set((eb) => ({ ...update.patch, version: eb('version', '+', 1) }))
    .where('id', '=', update.id)
    .where('version', '=', update.version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function listWorkflowExecutions(
  db: StoreDb,
  filter: WorkflowExecutionFilter,
  page: PageRequest,
): Promise<Page<WorkflowExecution>> {
  let q = db.selectFrom('workflow_executions').selectAll();
  if (filter.projectId !== undefined) q = q.where('project_id', '=', filter.projectId);
  if (filter.state !== undefined) q = q.where(oneOf('state', filter.state));
  if (filter.workflowName !== undefined) q = q.where('workflow_name', '=', filter.workflowName);
  if (filter.workflowId !== undefined) q = q.where('workflow_id', '=', filter.workflowId);
  if (filter.taskExecutionId === null) q = q.where('task_execution_id', 'is', null);
  else if (filter.taskExecutionId !== undefined) q = q.where('task_execution_id', '=', filter.taskExecutionId);
  if (filter.rootExecutionId === null) q = q.where('root_execution_id', 'is', null);
  else if (filter.rootExecutionId !== undefined) q = q.where('root_execution_id', '=', filter.rootExecutionId);
  if (filter.createdFrom !== undefined) q = q.where('created_at', '>=', filter.createdFrom);
  if (filter.createdTo !== undefined) q = q.where('created_at', '<', filter.createdTo);
  for (const condition of hasTags(db, filter.tags ?? [])) q = q.where(condition);
  return toPage(await keysetPage(q, page).execute(), page);
}

/** The query behind {@link listExecutionTreeIds} (its plan is tested: it must stay by index). */
export function executionTreeIdsQuery(db: StoreDb, id: string) {
  return db
    .withRecursive('tree(id)', (qc) =>
      qc
        .selectFrom('workflow_executions')
        .select('id')
        .where('id', '=', id)
        .unionAll(
          qc
            .selectFrom('workflow_executions as child')
            .innerJoin('task_executions as task', 'task.id', 'child.task_execution_id')
            .innerJoin('tree', 'tree.id', 'task.workflow_execution_id')
            .select('child.id'),
        ),
    )
    .selectFrom('tree')
    .select('id');
}

/** Ids of an execution and of every sub-workflow below it, at any depth. */
export async function listExecutionTreeIds(db: StoreDb, id: string): Promise<string[]> {
  const rows = await executionTreeIdsQuery(db, id).execute();
  return rows.map((r) => r.id);
}

/** An execution and every sub-workflow below it, oldest first. */
export async function listExecutionTree(db: StoreDb, id: string): Promise<WorkflowExecution[]> {
  const ids = await listExecutionTreeIds(db, id);
  if (ids.length === 0) return [];
  return db
    .selectFrom('workflow_executions')
    .selectAll()
    .where('id', 'in', ids)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/**
 * Deletes an execution with its sub-workflows; their tasks and action executions go by cascade.
 * History (execution_events) and jobs are left alone. Returns the number of executions deleted.
 */
export async function deleteWorkflowExecution(db: StoreDb, id: string): Promise<number> {
  const ids = await listExecutionTreeIds(db, id);
  if (ids.length === 0) return 0;
  const result = await db.deleteFrom('workflow_executions').where('id', 'in', ids).executeTakeFirst();
  return Number(result.numDeletedRows);
}
