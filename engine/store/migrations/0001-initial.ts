/**
 * The initial schema, for SQLite and PostgreSQL alike.
 *
 * Frozen in time: this file imports nothing from the application, so later changes to the table
 * types can never change what it creates. Times are integer epoch milliseconds (`bigint`), JSON is
 * text, ids are text UUIDs made in code; the only dialect difference is the event sequence.
 */
import { PostgresIntrospector, sql } from 'kysely';
import type { CreateTableBuilder, Kysely } from 'kysely';

type Db = Kysely<unknown>;

function isPostgres(db: Db): boolean {
  return db.introspection instanceof PostgresIntrospector;
}

/** Columns most tables share: a text id, the owning project and the two timestamps. */
function base<T extends string>(
  table: CreateTableBuilder<T, never>,
): CreateTableBuilder<T, 'id' | 'project_id' | 'created_at' | 'updated_at'> {
  return table
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
}

async function createDefinitionTables(db: Db): Promise<void> {
  await base(db.schema.createTable('workflow_definitions'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('namespace', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('workbook_name', 'text')
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('spec_json', 'text', (c) => c.notNull())
    .addColumn('input', 'text', (c) => c.notNull())
    .addColumn('interface_json', 'text', (c) => c.notNull())
    .addColumn('tags_json', 'text', (c) => c.notNull())
    .addColumn('checksum', 'text', (c) => c.notNull())
    .addUniqueConstraint('workflow_definitions_name_uq', ['namespace', 'name', 'project_id'])
    .execute();

  await base(db.schema.createTable('workbooks'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('namespace', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('spec_json', 'text', (c) => c.notNull())
    .addColumn('tags_json', 'text', (c) => c.notNull())
    .addColumn('checksum', 'text', (c) => c.notNull())
    .addUniqueConstraint('workbooks_name_uq', ['namespace', 'name', 'project_id'])
    .execute();

  await base(db.schema.createTable('action_definitions'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('namespace', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('spec_json', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('input', 'text', (c) => c.notNull())
    .addColumn('tags_json', 'text', (c) => c.notNull())
    .addColumn('is_system', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('workbook_name', 'text')
    .addUniqueConstraint('action_definitions_name_uq', ['namespace', 'name', 'project_id'])
    .execute();

  await base(db.schema.createTable('environments'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('variables_json', 'text', (c) => c.notNull())
    .addUniqueConstraint('environments_name_uq', ['name', 'project_id'])
    .execute();

  await base(db.schema.createTable('resource_members'))
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addUniqueConstraint('resource_members_uq', ['resource_id', 'resource_type', 'member_id'])
    .execute();
  await db.schema.createIndex('resource_members_member_idx').on('resource_members').columns(['member_id', 'status']).execute();
}

async function createTriggerTables(db: Db): Promise<void> {
  await base(db.schema.createTable('cron_triggers'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('pattern', 'text')
    .addColumn('first_execution_time', 'bigint')
    .addColumn('next_execution_time', 'bigint', (c) => c.notNull())
    .addColumn('remaining_executions', 'integer')
    .addColumn('workflow_name', 'text', (c) => c.notNull())
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('workflow_input_json', 'text', (c) => c.notNull())
    .addColumn('workflow_params_json', 'text', (c) => c.notNull())
    .addColumn('security_context_json', 'text')
    .addColumn('dedupe_key', 'text')
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'bigint')
    .addUniqueConstraint('cron_triggers_name_uq', ['name', 'project_id'])
    .addUniqueConstraint('cron_triggers_dedupe_uq', ['project_id', 'dedupe_key'])
    .execute();
  await db.schema.createIndex('cron_triggers_next_idx').on('cron_triggers').column('next_execution_time').execute();
  await db.schema.createIndex('cron_triggers_workflow_idx').on('cron_triggers').column('workflow_id').execute();

  await base(db.schema.createTable('event_triggers'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('exchange', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('workflow_input_json', 'text', (c) => c.notNull())
    .addColumn('workflow_params_json', 'text', (c) => c.notNull())
    .addColumn('security_context_json', 'text')
    .addUniqueConstraint('event_triggers_uq', ['exchange', 'topic', 'event', 'workflow_id', 'project_id'])
    .execute();
  await db.schema.createIndex('event_triggers_workflow_idx').on('event_triggers').column('workflow_id').execute();
}

async function createExecutionTables(db: Db): Promise<void> {
  await base(db.schema.createTable('workflow_executions'))
    .addColumn('workflow_name', 'text', (c) => c.notNull())
    .addColumn('workflow_namespace', 'text', (c) => c.notNull())
    .addColumn('workflow_id', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('spec_json', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('state_info', 'text')
    .addColumn('input_json', 'text', (c) => c.notNull())
    .addColumn('output_json', 'text')
    .addColumn('params_json', 'text', (c) => c.notNull())
    .addColumn('context_json', 'text', (c) => c.notNull())
    .addColumn('env_json', 'text', (c) => c.notNull())
    .addColumn('runtime_context_json', 'text')
    .addColumn('security_context_json', 'text')
    // No foreign key to the parent task: the two tables would reference each other. Deleting an
    // execution removes its sub-workflows explicitly (repositories/executions.ts).
    .addColumn('task_execution_id', 'text')
    .addColumn('root_execution_id', 'text')
    .addColumn('source_execution_id', 'text')
    .addColumn('tags_json', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .execute();

  await base(db.schema.createTable('task_executions'))
    .addColumn('workflow_execution_id', 'text', (c) =>
      c.notNull().references('workflow_executions.id').onDelete('cascade'),
    )
    .addColumn('root_execution_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('workflow_name', 'text', (c) => c.notNull())
    .addColumn('workflow_namespace', 'text', (c) => c.notNull())
    .addColumn('workflow_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('state_info', 'text')
    .addColumn('in_context_json', 'text', (c) => c.notNull())
    .addColumn('published_json', 'text')
    .addColumn('published_global_json', 'text')
    .addColumn('result_json', 'text')
    .addColumn('runtime_context_json', 'text', (c) => c.notNull())
    .addColumn('processed', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('error_handled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('has_next_tasks', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('unique_key', 'text', (c) => c.unique())
    .addColumn('tags_json', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .execute();

  await base(db.schema.createTable('action_executions'))
    .addColumn('task_execution_id', 'text', (c) => c.references('task_executions.id').onDelete('cascade'))
    .addColumn('workflow_execution_id', 'text')
    .addColumn('root_execution_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('workflow_name', 'text')
    .addColumn('workflow_namespace', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('task_name', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('state_info', 'text')
    .addColumn('accepted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('input_json', 'text', (c) => c.notNull())
    .addColumn('output_json', 'text')
    .addColumn('params_json', 'text', (c) => c.notNull())
    .addColumn('tags_json', 'text', (c) => c.notNull())
    .addColumn('item_index', 'integer')
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('idempotent', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('queue_name', 'text')
    .addColumn('lease_id', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'bigint')
    .addColumn('last_heartbeat_at', 'bigint')
    .addColumn('security_context_json', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .execute();
}

async function createExecutionIndexes(db: Db): Promise<void> {
  const wf = 'workflow_executions';
  await db.schema.createIndex('wf_ex_project_state_idx').on(wf).columns(['project_id', 'state', 'created_at']).execute();
  await db.schema.createIndex('wf_ex_project_wf_idx').on(wf).columns(['project_id', 'workflow_name', 'created_at']).execute();
  // Keyset pages: per project, and across projects for admins.
  await db.schema.createIndex('wf_ex_project_created_idx').on(wf).columns(['project_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('wf_ex_created_idx').on(wf).columns(['created_at', 'id']).execute();
  await db.schema.createIndex('wf_ex_task_idx').on(wf).column('task_execution_id').execute();
  await db.schema.createIndex('wf_ex_root_idx').on(wf).column('root_execution_id').execute();

  const task = 'task_executions';
  await db.schema.createIndex('task_ex_wf_ex_idx').on(task).columns(['workflow_execution_id', 'created_at']).execute();
  await db.schema.createIndex('task_ex_root_idx').on(task).column('root_execution_id').execute();
  await db.schema.createIndex('task_ex_project_state_idx').on(task).columns(['project_id', 'state']).execute();
  await db.schema.createIndex('task_ex_project_created_idx').on(task).columns(['project_id', 'created_at', 'id']).execute();
  await db.schema
    .createIndex('task_ex_analytics_idx')
    .on(task)
    .columns(['project_id', 'workflow_name', 'name', 'finished_at'])
    .execute();

  const action = 'action_executions';
  await db.schema.createIndex('action_ex_task_idx').on(action).column('task_execution_id').execute();
  await db.schema.createIndex('action_ex_root_idx').on(action).column('root_execution_id').execute();
  await db.schema.createIndex('action_ex_project_created_idx').on(action).columns(['project_id', 'created_at', 'id']).execute();
  await db.schema
    .createIndex('action_ex_lease_idx')
    .on(action)
    .column('lease_expires_at')
    .where(sql.ref('lease_expires_at'), 'is not', null)
    .execute();
}

async function createWorkTables(db: Db, postgres: boolean): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('root_execution_id', 'text')
    .addColumn('entity_id', 'text')
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'bigint')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // Claims scan due jobs in due_at order; claimed ones are few (workers x batch), so one index on
  // due_at serves both fresh jobs and expired claims.
  await db.schema.createIndex('jobs_due_idx').on('jobs').columns(['due_at', 'id']).execute();
  await db.schema.createIndex('jobs_root_idx').on('jobs').column('root_execution_id').execute();
  await db.schema.createIndex('jobs_entity_idx').on('jobs').column('entity_id').execute();

  await db.schema
    .createTable('execution_events')
    // SQLite: AUTOINCREMENT so ids are never reused after deletes; PostgreSQL: an identity column.
    .addColumn('id', postgres ? 'bigint' : 'integer', (c) =>
      postgres ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement(),
    )
    .addColumn('root_execution_id', 'text')
    .addColumn('execution_id', 'text')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('state_info', 'text')
    .addColumn('payload_json', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_root_idx').on('execution_events').columns(['root_execution_id', 'id']).execute();
  await db.schema.createIndex('events_project_idx').on('execution_events').columns(['project_id', 'id']).execute();
}

export async function up(db: Db): Promise<void> {
  await createDefinitionTables(db);
  await createTriggerTables(db);
  await createExecutionTables(db);
  await createExecutionIndexes(db);
  await createWorkTables(db, isPostgres(db));
}

export async function down(db: Db): Promise<void> {
  const tables = [
    'execution_events',
    'jobs',
    'action_executions',
    'task_executions',
    'workflow_executions',
    'event_triggers',
    'cron_triggers',
    'resource_members',
    'environments',
    'action_definitions',
    'workbooks',
    'workflow_definitions',
  ];
  for (const table of tables) await db.schema.dropTable(table).ifExists().execute();
}
