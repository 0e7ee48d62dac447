/**
 * Task queues for external workers. Frozen in time like 0001: imports nothing from the application.
 *
 * Queued action executions live in `action_executions` (0001 already has `queue_name` and the
 * lease columns); this adds when the current lease was granted (lease-to-completion latency) and
 * the last progress a worker reported, what the worker is given as input, an index for claiming, and `task_queues`, which holds each
 * queue's limits and its rate-limit token bucket.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

type Db = Kysely<unknown>;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('action_executions').addColumn('leased_at', 'bigint').execute();
  await db.schema.alterTable('action_executions').addColumn('progress_json', 'text').execute();
  await db.schema.alterTable('action_executions').addColumn('queue_input_json', 'text').execute();
  // Claims and queue depths read one project's queue by state, oldest first; only queued rows are indexed.
  await db.schema
    .createIndex('action_ex_queue_idx')
    .on('action_executions')
    .columns(['queue_name', 'project_id', 'state', 'created_at', 'id'])
    .where(sql.ref('queue_name'), 'is not', null)
    .execute();

  await db.schema
    .createTable('task_queues')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // Null = no limit.
    .addColumn('max_concurrency', 'integer')
    .addColumn('rate_per_second', 'double precision')
    .addColumn('burst', 'integer')
    // Token bucket: tokens left at refilled_at.
    .addColumn('tokens', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('refilled_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_queues_pk', ['project_id', 'name'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('task_queues').ifExists().execute();
  await db.schema.dropIndex('action_ex_queue_idx').ifExists().execute();
  await db.schema.alterTable('action_executions').dropColumn('queue_input_json').execute();
  await db.schema.alterTable('action_executions').dropColumn('progress_json').execute();
  await db.schema.alterTable('action_executions').dropColumn('leased_at').execute();
}
