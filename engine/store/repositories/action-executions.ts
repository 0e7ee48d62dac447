/**
 * Action executions: one per run of an action (per with-items index and attempt), or a standalone
 * run started through the API. State changes are version-checked; leases are not, so an executor's
 * heartbeat never makes a completion look stale.
 */
import type {
  ActionExecution,
  ActionExecutionUpdate,
  EpochMs,
  ExecutionState,
  NewActionExecution,
  StoreDb,
} from '../schema.js';
import type { VersionedUpdate } from './executions.js';
import { keysetPage, toPage } from './pagination.js';
import type { Page, PageRequest } from './pagination.js';
import { oneOf, orderLike } from './rows.js';

type LeaseColumns = 'lease_id' | 'lease_owner' | 'lease_expires_at' | 'last_heartbeat_at' | 'version';
export type ActionExecutionPatch = Omit<ActionExecutionUpdate, LeaseColumns>;

export interface ActionExecutionFilter {
  /** Omit to list every project (admins). */
  readonly projectId?: string;
  readonly taskExecutionId?: string;
  readonly workflowExecutionId?: string;
  readonly state?: ExecutionState | readonly ExecutionState[];
  readonly name?: string;
  readonly workflowName?: string;
  readonly taskName?: string;
  readonly accepted?: boolean;
}

export interface ActionLease {
  readonly id: string;
  /** Identifies this hold of the lease; renew and release must present it. */
  readonly leaseId: string;
  readonly owner: string;
  readonly now: EpochMs;
  readonly expiresAt: EpochMs;
}

export async function insertActionExecutions(
  db: StoreDb,
  rows: readonly NewActionExecution[],
): Promise<ActionExecution[]> {
  if (rows.length === 0) return [];
  const inserted = await db.insertInto('action_executions').values(rows.map(withDefaults)).returningAll().execute();
  return orderLike(inserted, rows.map((r) => r.id));
}

export function getActionExecution(db: StoreDb, id: string): Promise<ActionExecution | undefined> {
  return db.selectFrom('action_executions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Applies `patch` if the row is still at `version`; returns whether it did. */
export async function updateActionExecution(
  db: StoreDb,
  update: VersionedUpdate<ActionExecutionPatch>,
): Promise<boolean> {
  const result = await db
    .updateTable('action_executions')
    .set((eb) => ({ ...update.patch, version: eb('version', '+', 1) }))
    .where('id', '=', update.id)
    .where('version', '=', update.version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The runs of one task, by with-items index, then creation. */
export function listActionsOfTask(db: StoreDb, taskExecutionId: string): Promise<ActionExecution[]> {
  return db
    .selectFrom('action_executions')
    .selectAll()
    .where('task_execution_id', '=', taskExecutionId)
    .orderBy('item_index')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function listActionExecutions(
  db: StoreDb,
  filter: ActionExecutionFilter,
  page: PageRequest,
): Promise<Page<ActionExecution>> {
  let q = db.selectFrom('action_executions').selectAll();
  if (filter.projectId !== undefined) q = q.where('project_id', '=', filter.projectId);
  if (filter.taskExecutionId !== undefined) q = q.where('task_execution_id', '=', filter.taskExecutionId);
  if (filter.workflowExecutionId !== undefined) q = q.where('workflow_execution_id', '=', filter.workflowExecutionId);
  if (filter.state !== undefined) q = q.where(oneOf('state', filter.state));
  if (filter.name !== undefined) q = q.where('name', '=', filter.name);
  if (filter.workflowName !== undefined) q = q.where('workflow_name', '=', filter.workflowName);
  if (filter.taskName !== undefined) q = q.where('task_name', '=', filter.taskName);
  if (filter.accepted !== undefined) q = q.where('accepted', '=', filter.accepted);
  return toPage(await keysetPage(q, page).execute(), page);
}

export async function deleteActionExecution(db: StoreDb, id: string): Promise<boolean> {
  const result = await db.deleteFrom('action_executions').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Takes the lease if nobody holds a live one; returns whether this caller now holds it. */
export async function acquireActionLease(db: StoreDb, lease: ActionLease): Promise<boolean> {
  const result = await db
    .updateTable('action_executions')
    .set({
      lease_id: lease.leaseId,
      lease_owner: lease.owner,
      lease_expires_at: lease.expiresAt,
      last_heartbeat_at: lease.now,
    })
    .where('id', '=', lease.id)
    .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<=', lease.now)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Heartbeat: extends a lease the caller still holds; false means it was lost. */
export async function renewActionLease(db: StoreDb, lease: Omit<ActionLease, 'owner'>): Promise<boolean> {
  const result = await db
    .updateTable('action_executions')
    .set({ lease_expires_at: lease.expiresAt, last_heartbeat_at: lease.now })
    .where('id', '=', lease.id)
    .where('lease_id', '=', lease.leaseId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function releaseActionLease(
  db: StoreDb,
  lease: { readonly id: string; readonly leaseId: string },
): Promise<boolean> {
  const result = await db
    .updateTable('action_executions')
    .set({ lease_id: null, lease_owner: null, lease_expires_at: null })
    .where('id', '=', lease.id)
    .where('lease_id', '=', lease.leaseId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Running actions whose executor stopped heartbeating: candidates for `run-lost` handling. */
export function listExpiredActionLeases(
  db: StoreDb,
  options: { readonly now: EpochMs; readonly limit: number },
): Promise<ActionExecution[]> {
  return db
    .selectFrom('action_executions')
    .selectAll()
    .where('lease_expires_at', '<=', options.now)
    .where('state', '=', 'RUNNING')
    .orderBy('lease_expires_at')
    .limit(options.limit)
    .execute();
}

// SQLite turns an omitted column of a multi-row insert into NULL, not its default.
function withDefaults(row: NewActionExecution): NewActionExecution {
  return {
    ...row,
    workflow_namespace: row.workflow_namespace ?? '',
    accepted: row.accepted ?? false,
    attempt: row.attempt ?? 1,
    idempotent: row.idempotent ?? false,
    version: row.version ?? 1,
  };
}
