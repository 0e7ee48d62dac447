/**
 * Cron triggers, unique per (name, project). A scheduler claims due triggers under a lease (the
 * jobs pattern), then, in the transaction that starts the execution, advances or deletes each one
 * while still holding the claim, so a trigger fires once per due time even across crashes.
 */
import type { Store } from '../open-store.js';
import type { CronTrigger, EpochMs, NewCronTrigger, StoreDb } from '../schema.js';
import { keysetPage, toPage } from './pagination.js';
import type { Page, PageRequest } from './pagination.js';
import { orderLike } from './rows.js';
import { visibleTo } from './visibility.js';
import type { Viewer } from './visibility.js';

export interface CronTriggerFilter {
  readonly viewer: Viewer;
  readonly name?: string;
  readonly workflowId?: string;
  readonly workflowName?: string;
}

/** Fails as a unique violation on a taken name, or on a taken `dedupe_key` in the project. */
export function insertCronTrigger(db: StoreDb, row: NewCronTrigger): Promise<CronTrigger> {
  return db.insertInto('cron_triggers').values(row).returningAll().executeTakeFirstOrThrow();
}

export function getCronTrigger(db: StoreDb, id: string, viewer?: Viewer): Promise<CronTrigger | undefined> {
  let q = db.selectFrom('cron_triggers').selectAll().where('id', '=', id);
  if (viewer !== undefined) q = q.where(visibleTo(viewer));
  return q.executeTakeFirst();
}

export function findCronTrigger(
  db: StoreDb,
  key: { readonly name: string; readonly projectId: string },
): Promise<CronTrigger | undefined> {
  return db
    .selectFrom('cron_triggers')
    .selectAll()
    .where('name', '=', key.name)
    .where('project_id', '=', key.projectId)
    .executeTakeFirst();
}

export async function listCronTriggers(
  db: StoreDb,
  filter: CronTriggerFilter,
  page: PageRequest,
): Promise<Page<CronTrigger>> {
  let q = db.selectFrom('cron_triggers').selectAll().where(visibleTo(filter.viewer));
  if (filter.name !== undefined) q = q.where('name', '=', filter.name);
  if (filter.workflowId !== undefined) q = q.where('workflow_id', '=', filter.workflowId);
  if (filter.workflowName !== undefined) q = q.where('workflow_name', '=', filter.workflowName);
  return toPage(await keysetPage(q, page).execute(), page);
}

/** Whether any cron trigger starts this workflow (a workflow in use cannot be deleted). */
export async function workflowHasCronTriggers(db: StoreDb, workflowId: string): Promise<boolean> {
  const row = await db.selectFrom('cron_triggers').select('id').where('workflow_id', '=', workflowId).limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function deleteCronTrigger(db: StoreDb, id: string, owner?: string): Promise<boolean> {
  let q = db.deleteFrom('cron_triggers').where('id', '=', id);
  if (owner !== undefined) q = q.where('claimed_by', '=', owner);
  const result = await q.executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Claims up to `limit` triggers due at `now` for `leaseMs`, in its own transaction. */
export function claimDueCronTriggers(
  store: Store,
  options: { readonly owner: string; readonly limit: number; readonly leaseMs: number; readonly now: EpochMs },
): Promise<CronTrigger[]> {
  const { owner, limit, leaseMs, now } = options;
  return store.transaction(async (tx) => {
    const due = tx
      .selectFrom('cron_triggers')
      .select('id')
      .where('next_execution_time', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
      .orderBy('next_execution_time')
      .orderBy('id')
      .limit(limit);
    const picked = await store.dialect.lockForClaim(due).execute();
    if (picked.length === 0) return [];
    const ids = picked.map((p) => p.id);
    const claimed = await tx
      .updateTable('cron_triggers')
      .set({ claimed_by: owner, claimed_until: now + leaseMs })
      .where('id', 'in', ids)
      .returningAll()
      .execute();
    return orderLike(claimed, ids);
  });
}

/**
 * Records a firing: sets the next due time and remaining count and drops the claim. Applies only
 * while `owner` holds the claim; false means another scheduler took the trigger over, and the
 * caller should roll back the execution it started.
 */
export async function advanceCronTrigger(
  db: StoreDb,
  update: {
    readonly id: string;
    readonly owner: string;
    readonly nextExecutionTime: EpochMs;
    readonly remainingExecutions: number | null;
    readonly now: EpochMs;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('cron_triggers')
    .set({
      next_execution_time: update.nextExecutionTime,
      remaining_executions: update.remainingExecutions,
      claimed_by: null,
      claimed_until: null,
      updated_at: update.now,
    })
    .where('id', '=', update.id)
    .where('claimed_by', '=', update.owner)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Drops a claim without firing (e.g. the scheduler is shutting down). */
export async function releaseCronTrigger(db: StoreDb, id: string, owner: string): Promise<boolean> {
  const result = await db
    .updateTable('cron_triggers')
    .set({ claimed_by: null, claimed_until: null })
    .where('id', '=', id)
    .where('claimed_by', '=', owner)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
