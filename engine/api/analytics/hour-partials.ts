/**
 * Per-hour partial aggregates of finished executions and their tasks, computed from the raw rows.
 * The same partials are stored as rollups for sealed hours (rollups.ts) and computed on the fly
 * for the unsealed rest of a window, so the two kinds add up without a seam.
 *
 * Tasks are counted with their execution, in the hour the execution finished: the critical path
 * needs all tasks of an execution at once.
 */
import { sql } from 'kysely';
import type { StoreDb } from '../../store/schema.js';
import { bookkeepingOf, criticalPath } from './critical-path.js';
import type { PathTask } from './critical-path.js';
import { histogramOf } from './histogram.js';
import type { Histogram } from './histogram.js';

export const HOUR_MS = 3600_000;
export const FINAL_STATES = ['SUCCESS', 'ERROR', 'CANCELLED'] as const;

export interface WorkflowHour {
  readonly projectId: string;
  readonly workflowName: string;
  readonly hourStart: number;
  readonly rootCount: number;
  readonly rootSuccess: number;
  readonly rootError: number;
  readonly rootCancelled: number;
  readonly rootDurationSum: number;
  readonly rootDurationMax: number | null;
  readonly rootDurations: Histogram;
  readonly runsWithTasks: number;
}

export interface TaskHour {
  readonly projectId: string;
  readonly workflowName: string;
  readonly taskName: string;
  readonly hourStart: number;
  readonly count: number;
  readonly error: number;
  readonly runCount: number;
  readonly runSum: number;
  readonly waitCount: number;
  readonly waitSum: number;
  readonly retries: number;
  readonly critical: number;
  readonly runDurations: Histogram;
}

/** Which rows to aggregate: a project (null = every project) and optionally one workflow. */
export interface HourFilter {
  readonly projectId: string | null;
  readonly workflowName?: string;
}

export interface HourRange {
  readonly from: number;
  readonly to: number;
}

export const hourOf = (ms: number): number => Math.floor(ms / HOUR_MS) * HOUR_MS;
const n = (v: number | string | bigint | null): number | null => (v === null ? null : Number(v));

function finishedExecutions(db: StoreDb, range: HourRange, filter: HourFilter) {
  let q = db
    .selectFrom('workflow_executions as w')
    .where('w.finished_at', '>=', range.from)
    .where('w.finished_at', '<', range.to)
    .where('w.state', 'in', FINAL_STATES);
  if (filter.projectId !== null) q = q.where('w.project_id', '=', filter.projectId);
  if (filter.workflowName !== undefined) q = q.where('w.workflow_name', '=', filter.workflowName);
  return q;
}

/** One workflow's hour in one project: what the partials are grouped by. */
interface WorkflowHourId {
  readonly projectId: string;
  readonly workflowName: string;
  readonly hourStart: number;
}

/** A {@link WorkflowHourId} as a Map key (Maps compare objects by identity): its JSON text, typed so no other string passes for one. */
export type WorkflowHourKey = string & { readonly __workflowHourKey: true };

const workflowHourKey = (id: WorkflowHourId): WorkflowHourKey => JSON.stringify([id.projectId, id.workflowName, id.hourStart]) as WorkflowHourKey;

function workflowHourOf(key: WorkflowHourKey): WorkflowHourId {
  const [projectId, workflowName, hourStart] = JSON.parse(key) as [string, string, number];
  return { projectId, workflowName, hourStart };
}

/** One task's partial within a workflow's hour, as a Map key. */
const taskHourKey = (id: WorkflowHourId, taskName: string): string => JSON.stringify([id.projectId, id.workflowName, taskName, id.hourStart]);

/** Root-execution aggregates (and, with `tasks`, the runs that had tasks) per workflow and hour. */
export async function workflowHours(db: StoreDb, range: HourRange, filter: HourFilter, runs: ReadonlyMap<WorkflowHourKey, number> = new Map()): Promise<WorkflowHour[]> {
  const rows = await finishedExecutions(db, range, filter)
    .where('w.task_execution_id', 'is', null)
    .select(['w.project_id', 'w.workflow_name', 'w.state', 'w.finished_at', sql<number | string>`w.finished_at - coalesce(w.started_at, w.created_at)`.as('ms')])
    .execute();
  type Acc = WorkflowHourId & { states: Record<string, number>; sum: number; max: number | null; durations: number[] };
  const groups = new Map<WorkflowHourKey, Acc>();
  const group = (id: WorkflowHourId): Acc => {
    const k = workflowHourKey(id);
    let acc = groups.get(k);
    if (acc === undefined) {
      acc = { ...id, states: {}, sum: 0, max: null, durations: [] };
      groups.set(k, acc);
    }
    return acc;
  };
  for (const r of rows) {
    const acc = group({ projectId: r.project_id, workflowName: r.workflow_name, hourStart: hourOf(Number(r.finished_at)) });
    const ms = Number(r.ms);
    acc.states[r.state] = (acc.states[r.state] ?? 0) + 1;
    acc.sum += ms;
    acc.max = acc.max === null ? ms : Math.max(acc.max, ms);
    acc.durations.push(ms);
  }
  for (const k of runs.keys()) group(workflowHourOf(k));
  return [...groups.entries()].map(([k, acc]) => ({
    projectId: acc.projectId,
    workflowName: acc.workflowName,
    hourStart: acc.hourStart,
    rootCount: acc.durations.length,
    rootSuccess: acc.states['SUCCESS'] ?? 0,
    rootError: acc.states['ERROR'] ?? 0,
    rootCancelled: acc.states['CANCELLED'] ?? 0,
    rootDurationSum: acc.sum,
    rootDurationMax: acc.max,
    rootDurations: histogramOf(acc.durations),
    runsWithTasks: runs.get(k) ?? 0,
  }));
}

export interface TaskHoursResult {
  readonly tasks: TaskHour[];
  /** Executions that ran at least one task, per workflow hour. */
  readonly runs: Map<WorkflowHourKey, number>;
}

/** Task aggregates per workflow, task name and hour of the execution's end. */
export async function taskHours(db: StoreDb, range: HourRange, filter: HourFilter): Promise<TaskHoursResult> {
  const rows = await finishedExecutions(db, range, filter)
    .innerJoin('task_executions as t', 't.workflow_execution_id', 'w.id')
    .select(['w.project_id', 'w.workflow_name', 'w.finished_at as execution_finished_at', 't.id', 't.workflow_execution_id', 't.name', 't.state', 't.created_at', 't.started_at', 't.finished_at', 't.runtime_context_json'])
    .execute();
  type Acc = { -readonly [K in keyof Omit<TaskHour, 'runDurations'>]: TaskHour[K] } & { runs: number[] };
  const groups = new Map<string, Acc>();
  const byExecution = new Map<string, { hour: WorkflowHourId; tasks: PathTask[] }>();
  for (const r of rows) {
    const hour: WorkflowHourId = { projectId: r.project_id, workflowName: r.workflow_name, hourStart: hourOf(Number(r.execution_finished_at)) };
    const k = taskHourKey(hour, r.name);
    let acc = groups.get(k);
    if (acc === undefined) {
      acc = { ...hour, taskName: r.name, count: 0, error: 0, runCount: 0, runSum: 0, waitCount: 0, waitSum: 0, retries: 0, critical: 0, runs: [] };
      groups.set(k, acc);
    }
    const started = n(r.started_at);
    const finished = n(r.finished_at);
    acc.count += 1;
    if (r.state === 'ERROR') acc.error += 1;
    if (started !== null && finished !== null) {
      acc.runCount += 1;
      acc.runSum += finished - started;
      acc.runs.push(finished - started);
    }
    if (started !== null) {
      acc.waitCount += 1;
      acc.waitSum += started - Number(r.created_at);
    }
    const bookkeeping = bookkeepingOf(r.runtime_context_json);
    acc.retries += bookkeeping.retries;
    let run = byExecution.get(r.workflow_execution_id);
    if (run === undefined) {
      run = { hour, tasks: [] };
      byExecution.set(r.workflow_execution_id, run);
    }
    if (finished !== null) run.tasks.push({ id: r.id, name: r.name, finishedAt: finished, triggers: bookkeeping.triggers });
  }
  const runs = new Map<WorkflowHourKey, number>();
  for (const { hour, tasks } of byExecution.values()) {
    const runKey = workflowHourKey(hour);
    runs.set(runKey, (runs.get(runKey) ?? 0) + 1);
    for (const name of new Set(criticalPath(tasks))) {
      const acc = groups.get(taskHourKey(hour, name));
      if (acc !== undefined) acc.critical += 1;
    }
  }
  const tasks = [...groups.values()].map(({ runs: values, ...acc }) => ({ ...acc, runDurations: histogramOf(values) }));
  return { tasks, runs };
}
