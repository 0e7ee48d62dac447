/**
 * Published events and what triggers did with them. The table is also the outbox of event
 * processing: rows are PENDING until one engine process claims one (a lease, like `jobs`), fires
 * its triggers and wakes its waits, then marks it PROCESSED.
 */
import { sql } from 'kysely';
import type { Transaction } from 'kysely';
import type { Store } from '../open-store.js';
import { dialectOf } from '../dialect.js';
import type { Database, EpochMs, EventTriggerFiring, NewEventTriggerFiring, NewPublishedEvent, PublishedEvent, StoreDb } from '../schema.js';
import { orderLike } from './rows.js';

/** Stores an event; false when an event with its id already exists (a redelivered notification). */
export async function insertPublishedEvent(db: StoreDb, row: NewPublishedEvent): Promise<boolean> {
  const result = await db.insertInto('published_events').values({ ...row, attempts: row.attempts ?? 0 }).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** One event; with `projectId`, only when it belongs to that project. */
export function getPublishedEvent(db: StoreDb, id: string, projectId?: string): Promise<PublishedEvent | undefined> {
  let q = db.selectFrom('published_events').selectAll().where('id', '=', id);
  if (projectId !== undefined) q = q.where('project_id', '=', projectId);
  return q.executeTakeFirst();
}

function claimable(db: StoreDb, now: EpochMs) {
  return db
    .selectFrom('published_events')
    .select('id')
    .where('state', '=', 'PENDING')
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]));
}

/**
 * Claims up to `limit` pending events, oldest first, for `leaseMs`, in its own transaction. An
 * event whose claim ran out (its process died) is claimable again.
 */
export async function claimPendingEvents(
  store: Store,
  options: { readonly owner: string; readonly limit: number; readonly leaseMs: number; readonly now: EpochMs },
): Promise<PublishedEvent[]> {
  const { owner, limit, leaseMs, now } = options;
  // Idle polls stay reads: on SQLite every transaction takes the database's single write lock.
  if ((await claimable(store.db, now).limit(1).executeTakeFirst()) === undefined) return [];
  return store.transaction(async (tx) => {
    const due = claimable(tx, now).orderBy('created_at').orderBy('id').limit(limit);
    const picked = await store.dialect.lockForClaim(due).execute();
    if (picked.length === 0) return [];
    const ids = picked.map((p) => p.id);
    const claimed = await tx
      .updateTable('published_events')
      .set((eb) => ({ claimed_by: owner, claimed_until: now + leaseMs, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', ids)
      .returningAll()
      .execute();
    return orderLike(claimed, ids);
  });
}

/** Extends this owner's claims on events still pending; returns how many it still holds. */
export async function renewEventClaims(db: StoreDb, claim: { readonly ids: readonly string[]; readonly owner: string; readonly until: EpochMs }): Promise<number> {
  if (claim.ids.length === 0) return 0;
  const result = await db
    .updateTable('published_events')
    .set({ claimed_until: claim.until })
    .where('id', 'in', claim.ids)
    .where('claimed_by', '=', claim.owner)
    .where('state', '=', 'PENDING')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Marks a claimed event PROCESSED; false when `owner` no longer holds the claim. */
export async function markEventProcessed(db: StoreDb, claim: { readonly id: string; readonly owner: string; readonly now: EpochMs }): Promise<boolean> {
  const result = await db
    .updateTable('published_events')
    .set({ state: 'PROCESSED', processed_at: claim.now, claimed_by: null, claimed_until: null })
    .where('id', '=', claim.id)
    .where('claimed_by', '=', claim.owner)
    .where('state', '=', 'PENDING')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** (classid, objid-hash) family of the per-project advisory lock; "Evts". */
const WAIT_LOCK_CLASS = 0x45767473;

/**
 * Serializes, per project, the two transactions that pair events with waits: processing an event
 * (reads the waits) and registering a wait (reads the processed events). Whichever commits second
 * sees the other's rows, so no pair is missed. SQLite's IMMEDIATE transactions are serial already;
 * on PostgreSQL (READ COMMITTED) a transaction-scoped advisory lock does it.
 */
export async function lockProjectEvents(tx: Transaction<Database>, projectId: string): Promise<void> {
  if (dialectOf(tx).name !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(${sql.lit(WAIT_LOCK_CLASS)}, hashtext(${projectId}))`.execute(tx);
}

/** The oldest processed event a new wait would have matched (published at or after `since`). */
export function findProcessedMatch(
  db: StoreDb,
  wait: { readonly projectId: string; readonly type: string; readonly correlationKey: string | null; readonly since: EpochMs },
): Promise<PublishedEvent | undefined> {
  let q = db
    .selectFrom('published_events')
    .selectAll()
    .where('project_id', '=', wait.projectId)
    .where('type', '=', wait.type)
    .where('created_at', '>=', wait.since)
    .where('state', '=', 'PROCESSED');
  if (wait.correlationKey !== null) q = q.where('correlation_key', '=', wait.correlationKey);
  return q.orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
}

/** Records what a trigger did with an event; false when it was recorded already. */
export async function insertFiring(db: StoreDb, row: NewEventTriggerFiring): Promise<boolean> {
  const result = await db
    .insertInto('event_trigger_firings')
    .values(row)
    .onConflict((oc) => oc.columns(['event_id', 'trigger_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export function listFirings(db: StoreDb, eventId: string): Promise<EventTriggerFiring[]> {
  return db.selectFrom('event_trigger_firings').selectAll().where('event_id', '=', eventId).orderBy('created_at').orderBy('trigger_id').execute();
}

/** Deletes processed events published before `before`, with their firings; returns how many events. */
export async function purgeProcessedEvents(db: StoreDb, before: EpochMs): Promise<number> {
  const old = db.selectFrom('published_events').select('id').where('state', '=', 'PROCESSED').where('created_at', '<', before);
  await db.deleteFrom('event_trigger_firings').where('event_id', 'in', old).execute();
  const result = await db.deleteFrom('published_events').where('state', '=', 'PROCESSED').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
