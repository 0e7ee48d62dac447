/**
 * Tasks waiting for an event (`std.wait_for_event`): one row per waiting action execution, deleted
 * when an event wakes it. A row whose action execution is no longer RUNNING (timed out, cancelled,
 * completed by hand) is inert and purged.
 */
import type { EpochMs, EventWait, NewEventWait, StoreDb } from '../schema.js';

export async function insertEventWait(db: StoreDb, row: NewEventWait): Promise<void> {
  await db.insertInto('event_waits').values(row).onConflict((oc) => oc.column('action_execution_id').doNothing()).execute();
}

export function getEventWait(db: StoreDb, actionExecutionId: string): Promise<EventWait | undefined> {
  return db.selectFrom('event_waits').selectAll().where('action_execution_id', '=', actionExecutionId).executeTakeFirst();
}

/** The live waits an event wakes: same project and type, matching correlation, started no later than it. */
export function matchingEventWaits(
  db: StoreDb,
  event: { readonly projectId: string; readonly type: string; readonly correlationKey: string | null; readonly at: EpochMs },
): Promise<EventWait[]> {
  return db
    .selectFrom('event_waits as w')
    .selectAll('w')
    .where('w.project_id', '=', event.projectId)
    .where('w.event_type', '=', event.type)
    .where('w.since', '<=', event.at)
    .where((eb) => (event.correlationKey === null ? eb('w.correlation_key', 'is', null) : eb.or([eb('w.correlation_key', 'is', null), eb('w.correlation_key', '=', event.correlationKey)])))
    .where((eb) =>
      eb.exists(eb.selectFrom('action_executions as a').select('a.id').whereRef('a.id', '=', 'w.action_execution_id').where('a.state', '=', 'RUNNING')),
    )
    .orderBy('w.created_at')
    .orderBy('w.action_execution_id')
    .execute();
}

export async function deleteEventWaits(db: StoreDb, actionExecutionIds: readonly string[]): Promise<void> {
  for (let i = 0; i < actionExecutionIds.length; i += 500) {
    await db.deleteFrom('event_waits').where('action_execution_id', 'in', actionExecutionIds.slice(i, i + 500)).execute();
  }
}

/** Deletes waits whose action execution has ended or is gone; returns how many. */
export async function purgeInertEventWaits(db: StoreDb): Promise<number> {
  const result = await db
    .deleteFrom('event_waits')
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom('action_executions as a').select('a.id').whereRef('a.id', '=', 'event_waits.action_execution_id').where('a.state', '=', 'RUNNING')),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
