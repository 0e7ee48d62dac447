/**
 * Durable work: the outbox and the timer table in one. The runtime inserts jobs in the transaction
 * that implies them; workers claim due jobs in batches under a lease and delete them when done.
 * A claim whose lease ran out (its worker died) is claimable again, so every job runs at least
 * once: handlers must tolerate a repeat.
 */
import type { Store } from '../open-store.js';
import type { EpochMs, Job, NewJob, StoreDb } from '../schema.js';
import { orderLike } from './rows.js';

export interface ClaimJobsOptions {
  /** Worker identity, recorded on the claim. */
  readonly owner: string;
  readonly limit: number;
  readonly leaseMs: number;
  readonly now: EpochMs;
  /** Only these kinds (e.g. a worker pool dedicated to timers). */
  readonly kinds?: readonly string[];
}

export async function enqueueJobs(db: StoreDb, jobs: readonly NewJob[]): Promise<void> {
  if (jobs.length === 0) return;
  // SQLite turns an omitted column of a multi-row insert into NULL, not its default.
  const rows = jobs.map((j) => ({ ...j, attempts: j.attempts ?? 0 }));
  // Chunks keep each statement under the databases' limits on bound parameters.
  for (let i = 0; i < rows.length; i += 1_000) await db.insertInto('jobs').values(rows.slice(i, i + 1_000)).execute();
}

/**
 * Claims up to `limit` due jobs, oldest due first, for `leaseMs`, in its own transaction. Two
 * workers never receive the same job while its lease lasts: PostgreSQL skips rows another claimer
 * has locked, and SQLite's IMMEDIATE transaction admits one claimer at a time.
 */
export function claimDueJobs(store: Store, options: ClaimJobsOptions): Promise<Job[]> {
  const { owner, limit, leaseMs, now, kinds } = options;
  return store.transaction(async (tx) => {
    let due = tx
      .selectFrom('jobs')
      .select('id')
      .where('due_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]));
    if (kinds !== undefined) {
      if (kinds.length === 0) return [];
      due = due.where('kind', 'in', kinds);
    }
    const picked = await store.dialect.lockForClaim(due.orderBy('due_at').orderBy('id').limit(limit)).execute();
    if (picked.length === 0) return [];
    const ids = picked.map((p) => p.id);
    const claimed = await tx
      .updateTable('jobs')
      .set((eb) => ({ claimed_by: owner, claimed_until: now + leaseMs, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', ids)
      .returningAll()
      .execute();
    return orderLike(claimed, ids);
  });
}

/**
 * Deletes a finished job. With `owner`, only while that worker still holds the claim, so a worker
 * whose lease expired and was taken over cannot remove the new holder's job.
 */
export async function completeJob(db: StoreDb, id: string, owner?: string): Promise<boolean> {
  let q = db.deleteFrom('jobs').where('id', '=', id);
  if (owner !== undefined) q = q.where('claimed_by', '=', owner);
  const result = await q.executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Deletes finished jobs in one statement (a batch of handled events). */
export async function completeJobs(db: StoreDb, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) await db.deleteFrom('jobs').where('id', 'in', ids.slice(i, i + 500)).execute();
}

/** Gives a claimed job back untouched, claimable at once (e.g. on shutdown). */
export async function releaseJob(db: StoreDb, id: string, owner?: string): Promise<boolean> {
  let q = db.updateTable('jobs').set({ claimed_by: null, claimed_until: null }).where('id', '=', id);
  if (owner !== undefined) q = q.where('claimed_by', '=', owner);
  const result = await q.executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Releases a job to run again at `dueAt` (backoff after a failure), recording why. */
export async function rescheduleJob(
  db: StoreDb,
  job: { readonly id: string; readonly dueAt: EpochMs; readonly owner?: string; readonly lastError?: string | null },
): Promise<boolean> {
  let q = db
    .updateTable('jobs')
    .set({ claimed_by: null, claimed_until: null, due_at: job.dueAt, last_error: job.lastError ?? null })
    .where('id', '=', job.id);
  if (job.owner !== undefined) q = q.where('claimed_by', '=', job.owner);
  const result = await q.executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Extends the lease of a long-running job; false when the claim was lost. */
export async function renewJobLease(
  db: StoreDb,
  job: { readonly id: string; readonly owner: string; readonly until: EpochMs },
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ claimed_until: job.until })
    .where('id', '=', job.id)
    .where('claimed_by', '=', job.owner)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface JobSelector {
  readonly rootExecutionId?: string;
  readonly entityId?: string;
  readonly kind?: string;
}

/** Deletes pending jobs (e.g. timers of a cancelled execution); returns how many. */
export async function cancelJobs(db: StoreDb, selector: JobSelector): Promise<number> {
  if (selector.rootExecutionId === undefined && selector.entityId === undefined && selector.kind === undefined) {
    return 0;
  }
  let q = db.deleteFrom('jobs');
  if (selector.rootExecutionId !== undefined) q = q.where('root_execution_id', '=', selector.rootExecutionId);
  if (selector.entityId !== undefined) q = q.where('entity_id', '=', selector.entityId);
  if (selector.kind !== undefined) q = q.where('kind', '=', selector.kind);
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function getJob(db: StoreDb, id: string): Promise<Job | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listJobs(db: StoreDb, selector: JobSelector): Promise<Job[]> {
  let q = db.selectFrom('jobs').selectAll();
  if (selector.rootExecutionId !== undefined) q = q.where('root_execution_id', '=', selector.rootExecutionId);
  if (selector.entityId !== undefined) q = q.where('entity_id', '=', selector.entityId);
  if (selector.kind !== undefined) q = q.where('kind', '=', selector.kind);
  return q.orderBy('due_at').orderBy('id').execute();
}

/** The earliest time any job becomes claimable, so an idle worker knows how long to sleep. */
export async function nextJobDueAt(db: StoreDb): Promise<EpochMs | undefined> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) =>
      eb.fn
        .min<EpochMs | null>(
          eb
            .case()
            .when('claimed_until', '>', eb.ref('due_at'))
            .then(eb.ref('claimed_until'))
            .else(eb.ref('due_at'))
            .end(),
        )
        .as('at'),
    )
    .executeTakeFirst();
  return row?.at ?? undefined;
}
