/**
 * The append-only execution history. Ids come from a database sequence and become visible in id
 * order (see `Dialect.serializeEventAppends`), so a reader that remembers the last id it saw never
 * misses an event.
 */
import type { Transaction } from 'kysely';
import { dialectOf } from '../dialect.js';
import type { Database, ExecutionEvent, NewExecutionEvent, StoreDb } from '../schema.js';

/**
 * Appends events and returns their ids, in input order. Inside a transaction, call it last: on
 * PostgreSQL it serializes appenders from here until commit.
 */
export async function appendEvents(db: StoreDb, events: readonly NewExecutionEvent[]): Promise<number[]> {
  if (events.length === 0) return [];
  if (db.isTransaction) return insertEvents(db as Transaction<Database>, events);
  return dialectOf(db).transaction(db).execute((tx) => insertEvents(tx, events));
}

const ROWS_PER_INSERT = 1_000;

async function insertEvents(tx: Transaction<Database>, events: readonly NewExecutionEvent[]): Promise<number[]> {
  await dialectOf(tx).serializeEventAppends(tx);
  const ids: number[] = [];
  // Chunks keep each statement under PostgreSQL's 65,535 bound parameters (and SQLite's limit).
  for (let i = 0; i < events.length; i += ROWS_PER_INSERT) {
    const rows = await tx
      .insertInto('execution_events')
      .values(events.slice(i, i + ROWS_PER_INSERT).map(({ id: _ignored, ...event }) => event))
      .returning('id')
      .execute();
    // Sequence values are drawn in VALUES order; RETURNING itself promises no order.
    ids.push(...rows.map((r) => r.id).sort((a, b) => a - b));
  }
  return ids;
}

/** One execution tree's history after `afterId`, oldest first. */
export function readEvents(
  db: StoreDb,
  query: { readonly rootExecutionId: string; readonly afterId?: number; readonly limit: number },
): Promise<ExecutionEvent[]> {
  return db
    .selectFrom('execution_events')
    .selectAll()
    .where('root_execution_id', '=', query.rootExecutionId)
    .where('id', '>', query.afterId ?? 0)
    .orderBy('id')
    .limit(query.limit)
    .execute();
}

/** Everything after `afterId`, oldest first, optionally for one project (live feeds, exporters). */
export function tailEvents(
  db: StoreDb,
  query: { readonly afterId: number; readonly projectId?: string; readonly limit: number },
): Promise<ExecutionEvent[]> {
  let q = db.selectFrom('execution_events').selectAll().where('id', '>', query.afterId);
  if (query.projectId !== undefined) q = q.where('project_id', '=', query.projectId);
  return q.orderBy('id').limit(query.limit).execute();
}

/** The newest id (0 when empty): where a feed that wants only new events starts. */
export async function lastEventId(db: StoreDb): Promise<number> {
  const row = await db
    .selectFrom('execution_events')
    .select((eb) => eb.fn.max<number | null>('id').as('id'))
    .executeTakeFirst();
  return row?.id ?? 0;
}
