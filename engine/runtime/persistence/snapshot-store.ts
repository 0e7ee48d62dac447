/**
 * Loading an execution's snapshot from the store and writing a decision back, inside the caller's
 * transaction. The snapshot object here is the engine's mutable cache entry; decisions only ever
 * see it through the read-only {@link Snapshot} interface.
 */
import type { MapKey, Value } from '../../language/values/value.js';
import type { StoreDb } from '../../store/schema.js';
import type { Decision } from '../decision.js';
import type { Run, Snapshot, TaskExecution, WorkflowExecution } from '../model.js';
import { encode, executionFromRow, executionRuntimeContext, runFromActionRow, runFromChildRow, runInfoOf, taskFromRow, taskRuntimeContext } from './codec.js';

export class CachedSnapshot implements Snapshot {
  execution: WorkflowExecution;
  readonly tasks = new Map<string, TaskExecution>();
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

  addRun(run: Run): void {
    this.runs.set(run.id, run);
    const list = this.runsByTask.get(run.taskId);
    if (list) list.push(run.id);
    else this.runsByTask.set(run.taskId, [run.id]);
  }
}

/** Locks the execution row for this transaction (PostgreSQL) and returns its version, or null if gone. */
export async function lockExecution(tx: StoreDb, executionId: string, postgres: boolean): Promise<number | null> {
  let q = tx.selectFrom('workflow_executions').select('version').where('id', '=', executionId);
  if (postgres) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? row.version : null;
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
  for (const t of tasks) snap.tasks.set(t.id, taskFromRow(t));
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
        snap.tasks.set(m.task.id, m.task);
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

function taskRow(snap: CachedSnapshot, t: TaskExecution) {
  const e = snap.execution;
  return {
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
    type: t.type,
    ...{ _e: e.id },
  };
}

/** Writes the touched entities of an applied decision. Returns the new execution version. */
export async function writeDecision(tx: StoreDb, snap: CachedSnapshot, touched: Touched, now: number): Promise<number> {
  const e = snap.execution;
  for (const id of touched.newTasks) {
    const t = snap.tasks.get(id) as TaskExecution;
    const { _e, ...row } = taskRow(snap, t);
    await tx
      .insertInto('task_executions')
      .values({
        ...row,
        id: t.id,
        workflow_execution_id: _e,
        root_execution_id: e.rootExecutionId,
        project_id: e.projectId,
        name: t.name,
        workflow_name: e.workflowName,
        workflow_namespace: e.namespace,
        workflow_id: e.workflowId ?? '',
        unique_key: t.uniqueKey,
        tags_json: '[]',
        created_at: t.createdAt,
      })
      .execute();
  }
  for (const id of touched.tasks) {
    if (touched.newTasks.has(id)) continue;
    const { _e: _unused, ...row } = taskRow(snap, snap.tasks.get(id) as TaskExecution);
    await tx.updateTable('task_executions').set(row).where('id', '=', id).execute();
  }
  for (const [id, m] of touched.newRuns) {
    const run = snap.runs.get(id) as Run;
    const task = snap.tasks.get(run.taskId);
    if (run.kind === 'action') {
      await tx
        .insertInto('action_executions')
        .values({
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
        })
        .execute();
    } else if (m.child) {
      const c = m.child;
      await tx
        .insertInto('workflow_executions')
        .values({
          id: run.id,
          project_id: e.projectId,
          workflow_name: c.workflowName,
          workflow_namespace: c.namespace,
          workflow_id: '',
          description: `sub-workflow of task ${task?.name ?? ''}`,
          definition: c.definition,
          spec_json: null,
          state: 'IDLE',
          state_info: null,
          input_json: encode(c.input),
          output_json: null,
          params_json: encode(c.params),
          context_json: '{}',
          env_json: encode(c.env),
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
        })
        .execute();
    }
  }
  for (const id of touched.runs) {
    if (touched.newRuns.has(id)) continue;
    const run = snap.runs.get(id) as Run;
    if (run.kind === 'action') {
      await tx
        .updateTable('action_executions')
        .set({ state: run.state, state_info: run.stateInfo, output_json: encode(run.output), accepted: run.accepted, updated_at: now, finished_at: run.finishedAt })
        .where('id', '=', id)
        .execute();
    }
  }
  const version = snap.version + 1;
  await tx
    .updateTable('workflow_executions')
    .set({
      state: e.state,
      state_info: e.stateInfo,
      output_json: e.output === null && e.state !== 'SUCCESS' ? null : encode(e.output),
      context_json: encode(e.context),
      env_json: encode(e.env),
      runtime_context_json: executionRuntimeContext(e, snap.runInfo),
      updated_at: e.updatedAt,
      started_at: e.startedAt,
      finished_at: e.finishedAt,
      version,
    })
    .where('id', '=', e.id)
    .execute();
  return version;
}
