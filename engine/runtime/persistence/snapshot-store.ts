/**
 * Loading an execution's snapshot from the store and writing a decision back, inside the caller's
 * transaction. The snapshot object here is the engine's mutable cache entry; decisions only ever
 * see it through the read-only {@link Snapshot} interface.
 */
import type { MapKey, Value } from '../../language/values/value.js';
import { bulkUpdate, type ColumnKind, type RowUpdate } from '../../store/bulk-update.js';
import type { NewActionExecution, NewTaskExecution, NewWorkflowExecution, StoreDb } from '../../store/schema.js';
import type { Decision, NewChildExecution } from '../decision.js';
import { inheritedContext } from '../openstack-context.js';
import type { Run, Snapshot, TaskExecution, WorkflowExecution } from '../model.js';
import { encode, executionFromRow, executionRuntimeContext, runFromActionRow, runFromChildRow, runInfoOf, taskFromRow, taskRuntimeContext } from './codec.js';

export class CachedSnapshot implements Snapshot {
  execution: WorkflowExecution;
  readonly tasks = new Map<string, TaskExecution>();
  readonly taskIds: string[] = [];
  readonly runs = new Map<string, Run>();
  readonly runsByTask = new Map<string, string[]>();
  constructor(
    execution: WorkflowExecution,
    /** The row version this snapshot reflects; a mismatch means another engine changed it. */
    public version: number,
    /** For a child execution: its iteration of the parent task, kept as stored. */
    readonly runInfo: Value,
  ) {
    this.execution = execution;
  }

  addTask(task: TaskExecution): void {
    if (!this.tasks.has(task.id)) this.taskIds.push(task.id);
    this.tasks.set(task.id, task);
  }

  addRun(run: Run): void {
    this.runs.set(run.id, run);
    const list = this.runsByTask.get(run.taskId);
    if (list) list.push(run.id);
    else this.runsByTask.set(run.taskId, [run.id]);
  }
}

/**
 * Locks execution rows for this transaction (PostgreSQL; on SQLite the transaction already
 * excludes other writers) and returns their versions; missing ids are absent from the map.
 * Ids are locked in sorted order so two engines never deadlock on each other.
 */
export async function lockExecutions(tx: StoreDb, ids: readonly string[], postgres: boolean): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const sorted = [...new Set(ids)].sort();
  for (let i = 0; i < sorted.length; i += 500) {
    let q = tx.selectFrom('workflow_executions').select(['id', 'version']).where('id', 'in', sorted.slice(i, i + 500)).orderBy('id');
    if (postgres) q = q.forUpdate();
    for (const row of await q.execute()) out.set(row.id, row.version);
  }
  return out;
}

export async function loadSnapshot(db: StoreDb, executionId: string): Promise<CachedSnapshot | null> {
  const row = await db.selectFrom('workflow_executions').selectAll().where('id', '=', executionId).executeTakeFirst();
  if (!row) return null;
  let parentExecutionId: string | null = null;
  if (row.task_execution_id) {
    const parent = await db.selectFrom('task_executions').select('workflow_execution_id').where('id', '=', row.task_execution_id).executeTakeFirst();
    parentExecutionId = parent?.workflow_execution_id ?? null;
  }
  const snap = new CachedSnapshot(executionFromRow(row, parentExecutionId), row.version, runInfoOf(row));
  const tasks = await db.selectFrom('task_executions').selectAll().where('workflow_execution_id', '=', executionId).orderBy('created_at').orderBy('id').execute();
  // Rows created in one decision share a timestamp; the runtime context keeps their real order.
  for (const t of tasks) snap.addTask(taskFromRow(t));
  const actions = await db.selectFrom('action_executions').selectAll().where('workflow_execution_id', '=', executionId).orderBy('created_at').orderBy('id').execute();
  for (const a of actions) snap.addRun(runFromActionRow(a));
  if (tasks.some((t) => t.type === 'WORKFLOW')) {
    const children = await db
      .selectFrom('workflow_executions')
      .selectAll()
      .where(
        'task_execution_id',
        'in',
        tasks.filter((t) => t.type === 'WORKFLOW').map((t) => t.id),
      )
      .orderBy('created_at')
      .execute();
    const latest = new Map<string, Run>();
    for (const c of children) {
      const run = runFromChildRow(c);
      snap.addRun(run);
      latest.set(`${run.taskId}:${run.index}`, run);
    }
    for (const c of children) {
      const run = snap.runs.get(c.id) as Run;
      if (latest.get(`${run.taskId}:${run.index}`) !== run) snap.runs.set(run.id, { ...run, accepted: false });
    }
  }
  return snap;
}

/** Which entities decisions touched, so each is written once with its final state. */
export interface Touched {
  readonly newTasks: Set<string>;
  readonly tasks: Set<string>;
  readonly newRuns: Map<string, Decision['mutations'][number] & { type: 'insert-run' }>;
  readonly runs: Set<string>;
  execution: boolean;
}

export function noneTouched(): Touched {
  return { newTasks: new Set(), tasks: new Set(), newRuns: new Map(), runs: new Set(), execution: false };
}

/**
 * Applies a decision to the cached snapshot and adds what changed to `touched` (one accumulator can
 * collect a whole batch, so an entity changed by several decisions is written once).
 */
export function applyDecision(snap: CachedSnapshot, decision: Decision, touched: Touched = noneTouched()): Touched {
  for (const m of decision.mutations) {
    switch (m.type) {
      case 'update-execution':
        snap.execution = { ...snap.execution, ...m.patch };
        touched.execution = true;
        break;
      case 'insert-task':
        snap.addTask(m.task);
        touched.newTasks.add(m.task.id);
        break;
      case 'update-task':
        snap.tasks.set(m.id, { ...(snap.tasks.get(m.id) as TaskExecution), ...m.patch });
        touched.tasks.add(m.id);
        break;
      case 'insert-run':
        snap.addRun(m.run);
        touched.newRuns.set(m.run.id, m);
        break;
      case 'update-run':
        snap.runs.set(m.id, { ...(snap.runs.get(m.id) as Run), ...m.patch });
        touched.runs.add(m.id);
        break;
    }
  }
  return touched;
}

/** Columns of a task row that change over its life. */
function taskColumns(t: TaskExecution) {
  return {
    type: t.type,
    state: t.state,
    state_info: t.stateInfo,
    in_context_json: encode(t.inContext),
    published_json: encode(t.published),
    result_json: encode(t.result),
    runtime_context_json: taskRuntimeContext(t),
    processed: t.processed,
    error_handled: t.errorHandled,
    has_next_tasks: t.nextTasks.length > 0,
    updated_at: t.updatedAt,
    started_at: t.startedAt,
    finished_at: t.finishedAt,
  };
}

function newTaskRow(e: WorkflowExecution, t: TaskExecution): NewTaskExecution {
  return {
    ...taskColumns(t),
    id: t.id,
    workflow_execution_id: e.id,
    root_execution_id: e.rootExecutionId,
    project_id: e.projectId,
    name: t.name,
    workflow_name: e.workflowName,
    workflow_namespace: e.namespace,
    workflow_id: e.workflowId,
    unique_key: t.uniqueKey,
    tags_json: '[]',
    created_at: t.createdAt,
  };
}

function newActionRow(e: WorkflowExecution, run: Run, task: TaskExecution | undefined, now: number): NewActionExecution {
  return {
    id: run.id,
    task_execution_id: run.taskId,
    workflow_execution_id: e.id,
    root_execution_id: e.rootExecutionId,
    project_id: e.projectId,
    name: run.name,
    workflow_name: e.workflowName,
    workflow_namespace: e.namespace,
    task_name: task?.name ?? null,
    description: '',
    state: run.state,
    state_info: run.stateInfo,
    accepted: run.accepted,
    input_json: encode(run.input),
    output_json: encode(run.output),
    params_json: encode(new Map([['builtin', run.builtin]])),
    tags_json: '[]',
    item_index: task?.withItems ? run.index : null,
    attempt: run.attempt,
    idempotent: run.idempotent,
    created_at: run.createdAt,
    updated_at: now,
    started_at: run.createdAt,
    finished_at: run.finishedAt,
  };
}

function newChildRow(e: WorkflowExecution, run: Run, child: NewChildExecution, task: TaskExecution | undefined, now: number): NewWorkflowExecution {
  return {
    id: run.id,
    project_id: e.projectId,
    workflow_name: child.workflowName,
    workflow_namespace: child.namespace,
    workflow_id: null,
    description: `sub-workflow of task ${task?.name ?? ''}`,
    definition: child.definition,
    spec_json: null,
    state: 'IDLE',
    state_info: null,
    input_json: encode(child.input),
    output_json: null,
    params_json: encode(child.params),
    context_json: encode(inheritedContext(e.context)),
    env_json: encode(child.env),
    runtime_context_json: executionRuntimeContext({ deferred: [] }, new Map<MapKey, Value>([['index', run.index], ['attempt', run.attempt]])),
    security_context_json: null,
    task_execution_id: run.taskId,
    root_execution_id: e.rootExecutionId,
    source_execution_id: null,
    tags_json: '[]',
    created_at: run.createdAt,
    updated_at: now,
    started_at: null,
    finished_at: null,
  };
}

// Multi-row inserts, kept well under SQLite's limit on bound parameters per statement.
const INSERT_CHUNK = 200;

async function insertChunked<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await insert(rows.slice(i, i + INSERT_CHUNK));
}

export interface DirtySnapshot {
  readonly snap: CachedSnapshot;
  readonly touched: Touched;
}

/**
 * Writes what a batch of decisions touched across executions: new rows in multi-row inserts,
 * changed rows one update each with their final state, and one version bump per execution.
 */
export async function writeChanges(tx: StoreDb, dirty: readonly DirtySnapshot[], now: number): Promise<void> {
  const tasks: NewTaskExecution[] = [];
  const actions: NewActionExecution[] = [];
  const children: NewWorkflowExecution[] = [];
  for (const { snap, touched } of dirty) {
    const e = snap.execution;
    for (const id of touched.newTasks) tasks.push(newTaskRow(e, snap.tasks.get(id) as TaskExecution));
    for (const [id, m] of touched.newRuns) {
      const run = snap.runs.get(id) as Run;
      const task = snap.tasks.get(run.taskId);
      if (run.kind === 'action') actions.push(newActionRow(e, run, task, now));
      else if (m.child) children.push(newChildRow(e, run, m.child, task, now));
    }
  }
  await insertChunked(tasks, (rows) => tx.insertInto('task_executions').values(rows).execute());
  await insertChunked(actions, (rows) => tx.insertInto('action_executions').values(rows).execute());
  await insertChunked(children, (rows) => tx.insertInto('workflow_executions').values(rows).execute());
  const taskUpdates: RowUpdate[] = [];
  const runUpdates: RowUpdate[] = [];
  const executionUpdates: RowUpdate[] = [];
  for (const { snap, touched } of dirty) {
    if (!touched.execution && touched.tasks.size === 0 && touched.newTasks.size === 0 && touched.runs.size === 0 && touched.newRuns.size === 0) continue;
    for (const id of touched.tasks) {
      if (!touched.newTasks.has(id)) taskUpdates.push({ id, values: taskColumns(snap.tasks.get(id) as TaskExecution) });
    }
    for (const id of touched.runs) {
      const run = snap.runs.get(id) as Run;
      if (touched.newRuns.has(id) || run.kind !== 'action') continue;
      runUpdates.push({ id, values: { state: run.state, state_info: run.stateInfo, output_json: encode(run.output), accepted: run.accepted, updated_at: now, finished_at: run.finishedAt } });
    }
    const e = snap.execution;
    snap.version += 1;
    executionUpdates.push({
      id: e.id,
      values: {
        state: e.state,
        state_info: e.stateInfo,
        output_json: e.output === null && e.state !== 'SUCCESS' ? null : encode(e.output),
        context_json: encode(e.context),
        env_json: encode(e.env),
        runtime_context_json: executionRuntimeContext(e, snap.runInfo),
        updated_at: e.updatedAt,
        started_at: e.startedAt,
        finished_at: e.finishedAt,
        version: snap.version,
      },
    });
  }
  await bulkUpdate(tx, 'task_executions', TASK_COLUMNS, taskUpdates);
  await bulkUpdate(tx, 'action_executions', RUN_COLUMNS, runUpdates);
  await bulkUpdate(tx, 'workflow_executions', EXECUTION_COLUMNS, executionUpdates);
}

const TASK_COLUMNS: Record<keyof ReturnType<typeof taskColumns>, ColumnKind> = {
  type: 'text',
  state: 'text',
  state_info: 'text',
  in_context_json: 'text',
  published_json: 'text',
  result_json: 'text',
  runtime_context_json: 'text',
  processed: 'boolean',
  error_handled: 'boolean',
  has_next_tasks: 'boolean',
  updated_at: 'bigint',
  started_at: 'bigint',
  finished_at: 'bigint',
};

const RUN_COLUMNS: Record<string, ColumnKind> = {
  state: 'text',
  state_info: 'text',
  output_json: 'text',
  accepted: 'boolean',
  updated_at: 'bigint',
  finished_at: 'bigint',
};

const EXECUTION_COLUMNS: Record<string, ColumnKind> = {
  state: 'text',
  state_info: 'text',
  output_json: 'text',
  context_json: 'text',
  env_json: 'text',
  runtime_context_json: 'text',
  updated_at: 'bigint',
  started_at: 'bigint',
  finished_at: 'bigint',
  version: 'integer',
};
