/**
 * An execution tree in memory (the execution, its sub-workflows at any depth, their tasks and,
 * for the report, their action executions), loaded with a handful of queries however deep the
 * tree is, and the two views Mistral builds from it: the flattened sub-execution list
 * (`/executions/{id}/executions`, `/tasks/{id}/executions`) and the report (`/executions/{id}/report`).
 *
 * Depth counts as in Mistral: the root execution is depth 0, its tasks depth 1, the sub-workflows
 * those tasks started depth 1 too; `max_depth` < 0 means no limit. `errors_only` drops every task
 * not in ERROR (and so what is below it).
 */
import { listExecutionTree } from '../../store/repositories/executions.js';
import type { ActionExecution, StoreDb, TaskExecution, WorkflowExecution } from '../../store/schema.js';
import { ApiErrors } from '../errors.js';
import { parseBool } from '../request-input.js';
import type { QueryParams } from '../request-input.js';
import { wireTime } from '../serialize.js';
import type { WireObject } from '../serialize.js';
import { storedValue } from '../schemas/json-text.js';
import { isMap } from '../../language/values/value.js';

export interface TreeFilters {
  readonly errorsOnly: boolean;
  /** Negative = unlimited. */
  readonly maxDepth: number;
}

type ActionSummary = Pick<
  ActionExecution,
  'id' | 'name' | 'state' | 'state_info' | 'accepted' | 'task_execution_id' | 'last_heartbeat_at' | 'created_at' | 'updated_at' | 'started_at' | 'finished_at'
>;

const IN_CHUNK = 500;

async function chunked<T>(ids: readonly string[], load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += IN_CHUNK) out.push(...(await load(ids.slice(i, i + IN_CHUNK))));
  return out;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    if (k === null) continue;
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

export class ExecutionTree {
  private constructor(
    readonly executions: ReadonlyMap<string, WorkflowExecution>,
    /** Tasks by workflow execution id, oldest first. */
    private readonly tasksByExecution: ReadonlyMap<string, TaskExecution[]>,
    /** Sub-workflow executions by parent task id, oldest first. */
    private readonly childrenByTask: ReadonlyMap<string, WorkflowExecution[]>,
    /** Action executions by task id, oldest first (empty unless loaded with actions). */
    private readonly actionsByTask: ReadonlyMap<string, ActionSummary[]>,
  ) {}

  /** The tree under `rootId` (which may itself be a sub-workflow). */
  static async load(db: StoreDb, rootId: string, options: { readonly actions: boolean }): Promise<ExecutionTree> {
    const executions = await listExecutionTree(db, rootId);
    const ids = executions.map((e) => e.id);
    const tasks = await chunked(ids, (chunk) =>
      db.selectFrom('task_executions').selectAll().where('workflow_execution_id', 'in', chunk).orderBy('created_at').orderBy('id').execute(),
    );
    const actions = options.actions
      ? await chunked(ids, (chunk) =>
          db
            .selectFrom('action_executions')
            .select(['id', 'name', 'state', 'state_info', 'accepted', 'task_execution_id', 'last_heartbeat_at', 'created_at', 'updated_at', 'started_at', 'finished_at'])
            .where('workflow_execution_id', 'in', chunk)
            .orderBy('created_at')
            .orderBy('id')
            .execute(),
        )
      : [];
    // Chunks each come sorted; the whole list must be too.
    const byTime = <T extends { created_at: number; id: string }>(a: T, b: T): number =>
      a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    tasks.sort(byTime);
    actions.sort(byTime);
    return new ExecutionTree(
      new Map(executions.map((e) => [e.id, e])),
      groupBy(tasks, (t) => t.workflow_execution_id),
      groupBy(executions, (e) => e.task_execution_id),
      groupBy(actions, (a) => a.task_execution_id),
    );
  }

  tasksOf(executionId: string): readonly TaskExecution[] {
    return this.tasksByExecution.get(executionId) ?? [];
  }

  childrenOf(taskId: string): readonly WorkflowExecution[] {
    return this.childrenByTask.get(taskId) ?? [];
  }

  actionsOf(taskId: string): readonly ActionSummary[] {
    return this.actionsByTask.get(taskId) ?? [];
  }

  /** Pre-order: the execution, then what each of its tasks started, task by task. */
  subExecutions(executionId: string, filters: TreeFilters, depth = 0): WorkflowExecution[] {
    const execution = this.executions.get(executionId);
    if (execution === undefined || (filters.maxDepth >= 0 && filters.maxDepth < depth)) return [];
    const out = [execution];
    for (const task of this.tasksOf(executionId)) out.push(...this.taskSubExecutions(task, filters, depth + 1));
    return out;
  }

  taskSubExecutions(task: TaskExecution, filters: TreeFilters, depth = 0): WorkflowExecution[] {
    if (filters.errorsOnly && task.state !== 'ERROR') return [];
    return this.childrenOf(task.id).flatMap((child) => this.subExecutions(child.id, filters, depth));
  }
}

/** `errors_only` and `max_depth` as python-mistralclient sends them (`errors_only=` means false). */
export function treeFilters(params: QueryParams): TreeFilters {
  const rawErrors = params.get('errors_only');
  let errorsOnly = false;
  if (rawErrors !== undefined && rawErrors.trim() !== '') {
    const b = parseBool(rawErrors);
    if (b === undefined) throw new ApiErrors.BadRequest(`Invalid value for "errors_only": expected true or false, got "${rawErrors}"`);
    errorsOnly = b;
  }
  const rawDepth = params.get('max_depth');
  let maxDepth = -1;
  if (rawDepth !== undefined && rawDepth.trim() !== '') {
    if (!/^-?\d+$/.test(rawDepth.trim())) throw new ApiErrors.BadRequest(`Invalid value for "max_depth": "${rawDepth}" is not an integer`);
    maxDepth = Number(rawDepth);
  }
  return { errorsOnly, maxDepth };
}

// ---------------------------------------------------------------------------------------------
// Report

interface Statistics {
  total_tasks_count: number;
  running_tasks_count: number;
  success_tasks_count: number;
  error_tasks_count: number;
  idle_tasks_count: number;
  paused_tasks_count: number;
}

/** Mistral counts these five states only; the total is their sum. */
const COUNTED: Readonly<Record<string, keyof Statistics>> = {
  RUNNING: 'running_tasks_count',
  SUCCESS: 'success_tasks_count',
  ERROR: 'error_tasks_count',
  IDLE: 'idle_tasks_count',
  PAUSED: 'paused_tasks_count',
};

/** Seconds from start to finish (ms precision); null while unfinished. */
function duration(startedAt: number | null, createdAt: number, finishedAt: number | null): number | null {
  if (finishedAt === null) return null;
  return Math.max(finishedAt - (startedAt ?? createdAt), 0) / 1000;
}

function retryCount(task: TaskExecution): number {
  const rc = storedValue(task.runtime_context_json);
  const retry = isMap(rc) ? rc.get('retry_task_policy') : undefined;
  const n = isMap(retry) ? retry.get('retry_no') : undefined;
  return typeof n === 'number' ? n : 0;
}

/**
 * The report: Mistral's statistics and tree, each entry with `started_at`, `finished_at` and
 * `duration` (seconds) besides Mistral's fields. `statistics_only` omits the tree.
 */
export function buildReport(tree: ExecutionTree, rootId: string, filters: TreeFilters, statisticsOnly: boolean): WireObject {
  const stats: Statistics = {
    total_tasks_count: 0,
    running_tasks_count: 0,
    success_tasks_count: 0,
    error_tasks_count: 0,
    idle_tasks_count: 0,
    paused_tasks_count: 0,
  };

  const workflowEntry = (execution: WorkflowExecution, depth: number): WireObject => {
    const entry: WireObject = {
      id: execution.id,
      name: execution.workflow_name,
      state: execution.state,
      state_info: execution.state_info,
      created_at: wireTime(execution.created_at),
      updated_at: wireTime(execution.updated_at),
      started_at: wireTime(execution.started_at),
      finished_at: wireTime(execution.finished_at),
      duration: duration(execution.started_at, execution.created_at, execution.finished_at),
    };
    if (filters.maxDepth >= 0 && filters.maxDepth < depth) return entry;
    entry['task_executions'] = tree.tasksOf(execution.id).flatMap((task) => {
      const t = taskEntry(task, depth + 1);
      return t === null ? [] : [t];
    });
    return entry;
  };

  const taskEntry = (task: TaskExecution, depth: number): WireObject | null => {
    if (filters.errorsOnly && task.state !== 'ERROR') return null;
    const counter = COUNTED[task.state];
    if (counter !== undefined) {
      stats[counter] += 1;
      stats.total_tasks_count += 1;
    }
    return {
      id: task.id,
      name: task.name,
      type: task.type,
      state: task.state,
      state_info: task.state_info,
      created_at: wireTime(task.created_at),
      updated_at: wireTime(task.updated_at),
      started_at: wireTime(task.started_at),
      finished_at: wireTime(task.finished_at),
      duration: duration(task.started_at, task.created_at, task.finished_at),
      retry_count: retryCount(task),
      action_executions: tree.actionsOf(task.id).map((a) => ({
        id: a.id,
        name: a.name,
        state: a.state,
        state_info: a.state_info,
        accepted: Boolean(a.accepted),
        last_heartbeat: wireTime(a.last_heartbeat_at),
        created_at: wireTime(a.created_at),
        updated_at: wireTime(a.updated_at),
        started_at: wireTime(a.started_at),
        finished_at: wireTime(a.finished_at),
        duration: duration(a.started_at, a.created_at, a.finished_at),
      })),
      workflow_executions: tree.childrenOf(task.id).map((child) => workflowEntry(child, depth)),
    };
  };

  const root = tree.executions.get(rootId);
  if (root === undefined) throw new ApiErrors.NotFound(`Execution not found [id=${rootId}]`);
  const rootEntry = workflowEntry(root, 0);
  return statisticsOnly ? { statistics: stats } : { statistics: stats, root_workflow_execution: rootEntry };
}
