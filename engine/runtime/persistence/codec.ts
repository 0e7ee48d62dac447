/**
 * Runtime model ⇄ table rows. JSON columns go through the value codec so floats, key order and
 * Python semantics survive a round trip through either database.
 */
import { dumpJson, parseJson } from '../../language/values/json.js';
import { fromJs, isList, isMap, toJs, type MapKey, type Value, type ValueMap } from '../../language/values/value.js';
import type { ActionExecution, TaskExecution as TaskRow, WorkflowExecution as ExecutionRow } from '../../store/schema.js';
import type { ContextVersions, DeferredCommand, Run, TaskExecution, Trigger, WithItemsProgress, WorkflowExecution } from '../model.js';
import type { RunState, TaskState, WorkflowState } from '../states.js';
import type { EngineEvent } from '../decision.js';

/** Stored JSON uses Python's default separators, as Mistral's does, so `has:` filters match the wire text. */
export function encode(v: Value): string {
  return dumpJson(v);
}

export function decode(text: string | null | undefined): Value {
  return text === null || text === undefined || text === '' ? null : parseJson(text);
}

export function decodeMap(text: string | null | undefined): ValueMap {
  const v = decode(text);
  return isMap(v) ? v : new Map();
}

function versionsToValue(v: ContextVersions): ValueMap {
  return new Map(v);
}

function valueToVersions(v: Value): ContextVersions {
  const out = new Map<string, number>();
  if (isMap(v)) for (const [k, n] of v) if (typeof n === 'number') out.set(String(k), n);
  return out;
}

/** Engine bookkeeping of a task that has no column of its own. */
export function taskRuntimeContext(t: TaskExecution): string {
  return encode(
    new Map<MapKey, Value>([
      ['retry_task_policy', new Map([['retry_no', t.retryNo]])],
      ['attempt', t.attempt],
      ['triggered_by', t.triggeredBy.map((x) => new Map<MapKey, Value>([['task_id', x.taskId], ['event', x.event]]))],
      ['next_tasks', [...t.nextTasks]],
      ['action_name', t.actionName],
      ['input', t.input],
      ['in_versions', versionsToValue(t.inVersions)],
      ['with_items', t.withItems ? fromJs(t.withItems as unknown as Record<string, unknown>) : null],
      ['pending_outcome', t.pendingOutcome ? fromJs(t.pendingOutcome) : null],
    ]),
  );
}

function get(m: ValueMap, k: string): Value {
  return m.get(k) ?? null;
}

export function taskFromRow(row: TaskRow): TaskExecution {
  const rc = decodeMap(row.runtime_context_json);
  const retry = get(rc, 'retry_task_policy');
  const wi = get(rc, 'with_items');
  const pending = get(rc, 'pending_outcome');
  const triggers = get(rc, 'triggered_by');
  const input = get(rc, 'input');
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    state: row.state as TaskState,
    stateInfo: row.state_info,
    inContext: decodeMap(row.in_context_json),
    inVersions: valueToVersions(get(rc, 'in_versions')),
    published: decodeMap(row.published_json),
    result: decode(row.result_json),
    actionName: (get(rc, 'action_name') as string | null) ?? null,
    input: isMap(input) ? input : null,
    retryNo: isMap(retry) ? ((retry.get('retry_no') as number) ?? 0) : 0,
    attempt: (get(rc, 'attempt') as number) ?? 0,
    triggeredBy: isList(triggers)
      ? triggers.map((t) => {
          const m = t as ValueMap;
          return { taskId: String(m.get('task_id')), event: String(m.get('event')) as Trigger['event'] };
        })
      : [],
    withItems: withItemsFromValue(wi),
    processed: Boolean(row.processed),
    nextTasks: (toJs(get(rc, 'next_tasks')) as string[] | null) ?? [],
    errorHandled: Boolean(row.error_handled),
    uniqueKey: row.unique_key,
    pendingOutcome: isMap(pending) ? (toJs(pending) as TaskExecution['pendingOutcome']) : null,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    updatedAt: row.updated_at,
  };
}

/** with-items collections must keep Python values (floats, maps) through storage. */
export function withItemsFromValue(v: Value): WithItemsProgress | null {
  if (!isMap(v)) return null;
  const js = toJs(v) as WithItemsProgress;
  const collections = v.get('collections');
  return { ...js, collections: isList(collections) ? (collections as Value[][]) : [] };
}

export function runFromActionRow(row: ActionExecution): Run {
  const params = decodeMap(row.params_json);
  return {
    id: row.id,
    taskId: row.task_execution_id ?? '',
    kind: 'action',
    name: row.name,
    index: row.item_index ?? 0,
    attempt: row.attempt,
    state: row.state as RunState,
    stateInfo: row.state_info,
    builtin: (params.get('builtin') as string | null) ?? null,
    input: decodeMap(row.input_json),
    output: decode(row.output_json),
    accepted: Boolean(row.accepted),
    idempotent: Boolean(row.idempotent),
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/** A child workflow execution seen as a run of its parent task. */
export function runFromChildRow(row: ExecutionRow): Run {
  const rc = decodeMap(row.runtime_context_json);
  const run = get(rc, 'run');
  const m = isMap(run) ? run : new Map<MapKey, Value>();
  const state = row.state === 'IDLE' ? 'RUNNING' : row.state;
  return {
    id: row.id,
    taskId: row.task_execution_id ?? '',
    kind: 'workflow',
    name: row.workflow_name,
    index: (m.get('index') as number) ?? 0,
    attempt: (m.get('attempt') as number) ?? 0,
    state: (state === 'SUCCESS' || state === 'ERROR' || state === 'CANCELLED' || state === 'PAUSED' ? state : 'RUNNING') as RunState,
    stateInfo: row.state_info,
    builtin: null,
    input: decodeMap(row.input_json),
    output: decode(row.output_json),
    // Derived on load: the latest run per (task, index) is the accepted one.
    accepted: true,
    idempotent: true,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/**
 * The execution's own bookkeeping plus, for a child, which iteration of its parent task it is
 * (written once at creation and carried along unchanged).
 */
export function executionRuntimeContext(e: Pick<WorkflowExecution, 'deferred'>, run: Value): string {
  return encode(
    new Map<MapKey, Value>([
      ['deferred', fromJs(e.deferred as unknown as unknown[])],
      ['run', run],
    ]),
  );
}

export function runInfoOf(row: ExecutionRow): Value {
  return decodeMap(row.runtime_context_json).get('run') ?? null;
}

export function executionFromRow(row: ExecutionRow, parentExecutionId: string | null): WorkflowExecution {
  const rc = decodeMap(row.runtime_context_json);
  const deferred = get(rc, 'deferred');
  return {
    id: row.id,
    projectId: row.project_id,
    workflowName: row.workflow_name,
    workflowId: row.workflow_id || null,
    namespace: row.workflow_namespace,
    definition: row.definition,
    description: row.description,
    state: row.state as WorkflowState,
    stateInfo: row.state_info,
    input: decodeMap(row.input_json),
    params: decodeMap(row.params_json),
    env: decodeMap(row.env_json),
    context: decodeMap(row.context_json),
    output: decode(row.output_json),
    parentTaskId: row.task_execution_id,
    parentExecutionId,
    rootExecutionId: row.root_execution_id ?? row.id,
    tags: (toJs(decode(row.tags_json)) as string[] | null) ?? [],
    deferred: isList(deferred) ? (toJs(deferred) as DeferredCommand[]) : [],
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    updatedAt: row.updated_at,
  };
}

/** Event fields that hold workflow values (kept as values, not converted to plain data). */
const VALUE_FIELDS = new Set(['output', 'env']);

export function encodeEvent(event: EngineEvent): string {
  return encode(fromJs(event as unknown as Record<string, unknown>));
}

export function decodeEvent(text: string): EngineEvent {
  const m = decodeMap(text);
  const out: Record<string, unknown> = {};
  for (const [k, v] of m) out[String(k)] = VALUE_FIELDS.has(String(k)) ? v : toJs(v);
  return out as unknown as EngineEvent;
}
