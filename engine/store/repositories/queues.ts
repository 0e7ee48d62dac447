/**
 * Task queues: action executions handed to external workers (`queue_name` set), their leases, and
 * per-queue limits (`task_queues`).
 *
 * A queued action execution is RUNNING throughout; its lease columns say where it is:
 * - available: `lease_id` null;
 * - leased: `lease_id` set, `lease_expires_at` in the future;
 * - expired: `lease_id` set, `lease_expires_at` past (the sweeper fails the attempt);
 * - settled: `lease_id` set, `lease_expires_at` null (completed by its worker, or swept).
 * Every transition is one conditional UPDATE, so a completion and an expiry can never both win.
 */
import { sql } from 'kysely';
import type { Store } from '../open-store.js';
import type { ActionExecution, ActionExecutionUpdate, EpochMs, JsonText, StoreDb, TaskQueue } from '../schema.js';
import { orderLike } from './rows.js';

export interface ClaimRequest {
  readonly queue: string;
  /** The caller's project; null claims from every project (admins). */
  readonly projectId: string | null;
  readonly limit: number;
  readonly leaseMs: number;
  readonly now: EpochMs;
  /** The worker, recorded on the lease. */
  readonly owner: string;
  /** Each lease id is this prefix followed by the action execution id. */
  readonly leasePrefix: string;
}

export interface QueueLimits {
  readonly maxConcurrency: number | null;
  readonly ratePerSecond: number | null;
  readonly burst: number | null;
}

export interface QueueStats {
  readonly projectId: string;
  readonly name: string;
  /** Waiting for a worker. */
  readonly depth: number;
  /** Held by a live lease. */
  readonly leased: number;
  readonly limits: QueueLimits;
}

export interface QueueEntry {
  readonly id: string;
  readonly queue: string;
  /** The worker's input, JSON. */
  readonly inputJson: JsonText;
}

/** Hands RUNNING action executions to their queues (those already queued are left alone). */
export function markQueued(store: Store, entries: readonly QueueEntry[], now: EpochMs): Promise<void> {
  return store.transaction(async (tx) => {
    for (const e of entries) {
      await tx
        .updateTable('action_executions')
        .set({ queue_name: e.queue, queue_input_json: e.inputJson, updated_at: now })
        .where('id', '=', e.id)
        .where('queue_name', 'is', null)
        .where('state', '=', 'RUNNING')
        .execute();
    }
  });
}

function bucketTokens(q: TaskQueue, now: EpochMs): number {
  const rate = q.rate_per_second ?? 0;
  const burst = q.burst ?? Math.max(1, rate);
  return Math.min(burst, Number(q.tokens) + (Math.max(0, now - Number(q.refilled_at)) / 1000) * rate);
}

/** How many more leases the queue's limits allow now. */
async function allowance(tx: StoreDb, q: TaskQueue, now: EpochMs): Promise<number> {
  let allowed = Number.POSITIVE_INFINITY;
  if (q.max_concurrency !== null) {
    const row = await tx
      .selectFrom('action_executions')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('queue_name', '=', q.name)
      .where('project_id', '=', q.project_id)
      .where('state', '=', 'RUNNING')
      .where('lease_expires_at', '>', now)
      .executeTakeFirst();
    allowed = Math.max(0, q.max_concurrency - Number(row?.n ?? 0));
  }
  if (q.rate_per_second !== null) allowed = Math.min(allowed, Math.floor(bucketTokens(q, now)));
  return allowed;
}

/**
 * Leases up to `limit` available action executions of the queue, oldest first, in one transaction.
 * A queue with limits is locked while it is claimed from (FOR UPDATE on PostgreSQL; SQLite's
 * IMMEDIATE transaction already admits one writer), so its concurrency count and token bucket
 * cannot be raced; the rows themselves are picked with FOR UPDATE SKIP LOCKED, so concurrent
 * claimers of an unlimited queue never wait for each other and never get the same row.
 */
export function claimQueued(store: Store, req: ClaimRequest): Promise<ActionExecution[]> {
  return store.transaction(async (tx) => {
    const claimed: ActionExecution[] = [];
    for (const projectId of await projectsToClaimFrom(tx, req)) {
      const wanted = req.limit - claimed.length;
      if (wanted <= 0) break;
      let queueRow = tx.selectFrom('task_queues').selectAll().where('project_id', '=', projectId).where('name', '=', req.queue);
      if (store.dialect.name === 'postgres') queueRow = queueRow.forUpdate();
      const limits = await queueRow.executeTakeFirst();
      const n = limits === undefined ? wanted : Math.min(wanted, await allowance(tx, limits, req.now));
      if (n <= 0) continue;
      const picked = await store.dialect
        .lockForClaim(
          tx
            .selectFrom('action_executions')
            .select('id')
            .where('queue_name', '=', req.queue)
            .where('project_id', '=', projectId)
            .where('state', '=', 'RUNNING')
            .where('lease_id', 'is', null)
            .orderBy('created_at')
            .orderBy('id')
            .limit(n),
        )
        .execute();
      if (picked.length === 0) continue;
      const ids = picked.map((p) => p.id);
      const rows = await tx
        .updateTable('action_executions')
        .set({
          lease_id: sql<string>`${req.leasePrefix} || ${sql.ref('id')}`,
          lease_owner: req.owner,
          lease_expires_at: req.now + req.leaseMs,
          leased_at: req.now,
          last_heartbeat_at: req.now,
          progress_json: null,
        })
        .where('id', 'in', ids)
        .returningAll()
        .execute();
      claimed.push(...orderLike(rows, ids));
      if (limits?.rate_per_second !== null && limits !== undefined) {
        await tx
          .updateTable('task_queues')
          .set({ tokens: bucketTokens(limits, req.now) - rows.length, refilled_at: req.now })
          .where('project_id', '=', projectId)
          .where('name', '=', req.queue)
          .execute();
      }
    }
    return claimed;
  });
}

async function projectsToClaimFrom(tx: StoreDb, req: ClaimRequest): Promise<string[]> {
  if (req.projectId !== null) return [req.projectId];
  const rows = await tx
    .selectFrom('action_executions')
    .select('project_id')
    .distinct()
    .where('queue_name', '=', req.queue)
    .where('state', '=', 'RUNNING')
    .where('lease_id', 'is', null)
    .orderBy('project_id')
    .limit(100)
    .execute();
  return rows.map((r) => r.project_id);
}

export interface HeartbeatResult {
  readonly state: ActionExecution['state'];
  readonly expiresAt: EpochMs;
}

/** Extends a live lease (recording progress when given); undefined when the lease is gone. */
export async function renewQueueLease(
  db: StoreDb,
  beat: { readonly id: string; readonly leaseId: string; readonly now: EpochMs; readonly leaseMs: number; readonly progressJson: JsonText | undefined },
): Promise<HeartbeatResult | undefined> {
  const expiresAt = beat.now + beat.leaseMs;
  const row = await db
    .updateTable('action_executions')
    .set({ lease_expires_at: expiresAt, last_heartbeat_at: beat.now, ...(beat.progressJson === undefined ? {} : { progress_json: beat.progressJson }) })
    .where('id', '=', beat.id)
    .where('lease_id', '=', beat.leaseId)
    .where('lease_expires_at', '>', beat.now)
    .returning('state')
    .executeTakeFirst();
  return row === undefined ? undefined : { state: row.state, expiresAt };
}

/** A lease as its holder (or the sweeper) names it, at the time of asking. */
interface LeaseRef {
  readonly id: string;
  readonly leaseId: string;
  readonly now: EpochMs;
}

/**
 * The conditional UPDATE behind every lease transition: applies `set` to the RUNNING row that holds
 * `lease` while that lease is live (or, with 'expired', once it ran out). False when it did not match.
 */
async function updateLeased(db: StoreDb, lease: LeaseRef, when: 'live' | 'expired', set: ActionExecutionUpdate): Promise<boolean> {
  const result = await db
    .updateTable('action_executions')
    .set(set)
    .where('id', '=', lease.id)
    .where('lease_id', '=', lease.leaseId)
    .where('state', '=', 'RUNNING')
    .where('lease_expires_at', when === 'live' ? '>' : '<=', lease.now)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Settles a live lease for its completion: afterwards neither an expiry nor a second completion can
 * match. False when the lease is not (or no longer) the current live one.
 */
export function settleQueueLease(db: StoreDb, lease: LeaseRef): Promise<boolean> {
  return updateLeased(db, lease, 'live', { lease_expires_at: null, updated_at: lease.now });
}

/**
 * Gives a live lease back unused (a worker shutting down): the item is available again at once,
 * and no attempt is counted. False when the lease is not the current live one.
 */
export function releaseQueueLease(db: StoreDb, lease: LeaseRef): Promise<boolean> {
  return updateLeased(db, lease, 'live', { lease_id: null, lease_owner: null, lease_expires_at: null, leased_at: null, updated_at: lease.now });
}

/** Queued RUNNING action executions whose lease ran out without a heartbeat. */
export function listExpiredQueueLeases(db: StoreDb, options: { readonly now: EpochMs; readonly limit: number }): Promise<ActionExecution[]> {
  return db
    .selectFrom('action_executions')
    .selectAll()
    .where('lease_expires_at', '<=', options.now)
    .where('queue_name', 'is not', null)
    .where('state', '=', 'RUNNING')
    .orderBy('lease_expires_at')
    .limit(options.limit)
    .execute();
}

/** Settles an expired lease for the sweeper; false when its worker completed it (or it was renewed) first. */
export function settleExpiredQueueLease(db: StoreDb, lease: LeaseRef): Promise<boolean> {
  return updateLeased(db, lease, 'expired', { lease_expires_at: null, updated_at: lease.now });
}

/** Per queue of the project (every project when null): depth, live leases and limits. */
export async function queueStats(db: StoreDb, options: { readonly projectId: string | null; readonly name?: string; readonly now: EpochMs }): Promise<QueueStats[]> {
  let counts = db
    .selectFrom('action_executions')
    .select((eb) => [
      'project_id',
      'queue_name',
      eb.fn.sum<number | string>(eb.case().when('lease_id', 'is', null).then(1).else(0).end()).as('depth'),
      eb.fn.sum<number | string>(eb.case().when('lease_expires_at', '>', options.now).then(1).else(0).end()).as('leased'),
    ])
    .where('queue_name', 'is not', null)
    .where('state', '=', 'RUNNING')
    .groupBy(['project_id', 'queue_name']);
  let configured = db.selectFrom('task_queues').selectAll();
  if (options.projectId !== null) {
    counts = counts.where('project_id', '=', options.projectId);
    configured = configured.where('project_id', '=', options.projectId);
  }
  if (options.name !== undefined) {
    counts = counts.where('queue_name', '=', options.name);
    configured = configured.where('name', '=', options.name);
  }
  const stats = new Map<string, QueueStats>();
  const key = (projectId: string, name: string): string => JSON.stringify([projectId, name]);
  for (const q of await configured.execute()) {
    stats.set(key(q.project_id, q.name), { projectId: q.project_id, name: q.name, depth: 0, leased: 0, limits: limitsOf(q) });
  }
  for (const c of await counts.execute()) {
    const name = c.queue_name ?? '';
    const k = key(c.project_id, name);
    const limits = stats.get(k)?.limits ?? NO_LIMITS;
    stats.set(k, { projectId: c.project_id, name, depth: Number(c.depth ?? 0), leased: Number(c.leased ?? 0), limits });
  }
  return [...stats.values()].sort((a, b) => (a.name === b.name ? cmp(a.projectId, b.projectId) : cmp(a.name, b.name)));
}

const NO_LIMITS: QueueLimits = { maxConcurrency: null, ratePerSecond: null, burst: null };

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function limitsOf(q: TaskQueue): QueueLimits {
  return { maxConcurrency: q.max_concurrency, ratePerSecond: q.rate_per_second === null ? null : Number(q.rate_per_second), burst: q.burst };
}

/** Sets a queue's limits; its token bucket starts full. */
export async function putQueueLimits(db: StoreDb, entry: { readonly projectId: string; readonly name: string; readonly limits: QueueLimits; readonly now: EpochMs }): Promise<void> {
  const { maxConcurrency, ratePerSecond, burst } = entry.limits;
  const tokens = ratePerSecond === null ? 0 : (burst ?? Math.max(1, ratePerSecond));
  const values = { max_concurrency: maxConcurrency, rate_per_second: ratePerSecond, burst, tokens, refilled_at: entry.now, updated_at: entry.now };
  await db
    .insertInto('task_queues')
    .values({ project_id: entry.projectId, name: entry.name, created_at: entry.now, ...values })
    .onConflict((oc) => oc.columns(['project_id', 'name']).doUpdateSet(values))
    .execute();
}

/** Removes a queue's limits; false when it had none. */
export async function deleteQueueLimits(db: StoreDb, entry: { readonly projectId: string; readonly name: string }): Promise<boolean> {
  const result = await db.deleteFrom('task_queues').where('project_id', '=', entry.projectId).where('name', '=', entry.name).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
