/**
 * Published events (`POST /v2/events`, OpenStack notifications), what each event trigger did with
 * each event, and the tasks waiting for an event (`std.wait_for_event`). Frozen in time like 0001:
 * imports nothing from the application.
 *
 * `published_events` is also the outbox of event processing: a row is PENDING until one engine
 * process has claimed it (lease columns, like `jobs`), fired the triggers and woken the waits.
 */
import type { Kysely } from 'kysely';

type Db = Kysely<unknown>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('published_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('correlation_key', 'text')
    // `api` or `notification`; notifications also keep their routing and publisher.
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('exchange', 'text')
    .addColumn('topic', 'text')
    .addColumn('publisher_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'bigint')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('processed_at', 'bigint')
    .execute();
  // The processor's claim scan: pending events, oldest first.
  await db.schema.createIndex('published_events_state_idx').on('published_events').columns(['state', 'created_at', 'id']).execute();
  // Listing a project's events, and a new wait looking for an event that already arrived.
  await db.schema.createIndex('published_events_project_idx').on('published_events').columns(['project_id', 'type', 'created_at']).execute();

  await db.schema
    .createTable('event_trigger_firings')
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('trigger_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    // `STARTED` (execution_id set) or `FAILED` (state_info says why).
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('execution_id', 'text')
    .addColumn('state_info', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_trigger_firings_pk', ['event_id', 'trigger_id'])
    .execute();
  await db.schema.createIndex('event_trigger_firings_trigger_idx').on('event_trigger_firings').columns(['trigger_id', 'created_at']).execute();

  await db.schema
    .createTable('event_waits')
    .addColumn('action_execution_id', 'text', (c) => c.primaryKey())
    .addColumn('execution_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('correlation_key', 'text')
    // Only events published at or after this time match (the action execution's creation).
    .addColumn('since', 'bigint', (c) => c.notNull())
    .addColumn('deadline', 'bigint')
    .addColumn('timeout_job_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_waits_match_idx').on('event_waits').columns(['project_id', 'event_type']).execute();
}

export async function down(db: Db): Promise<void> {
  for (const table of ['event_waits', 'event_trigger_firings', 'published_events']) await db.schema.dropTable(table).ifExists().execute();
}
