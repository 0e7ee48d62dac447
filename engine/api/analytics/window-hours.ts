/**
 * The hourly partials of a time window: stored rollups for the whole sealed hours inside it, raw
 * rows for the rest (the window's unaligned edges and the hours not sealed yet).
 */
import type { StoreDb } from '../../store/schema.js';
import { HOUR_MS, taskHours, workflowHours } from './hour-partials.js';
import type { HourFilter, HourRange, TaskHour, WorkflowHour } from './hour-partials.js';
import { sealedUntil, storedTaskHours, storedWorkflowHours } from './rollups.js';

export interface TimeWindow {
  readonly since: number;
  readonly until: number;
}

export interface WindowSplit {
  /** Whole hours answered from rollups, or null. */
  readonly sealed: HourRange | null;
  /** What must be read from the raw rows. */
  readonly raw: readonly HourRange[];
}

export function splitWindow(w: TimeWindow, watermark: number): WindowSplit {
  const from = Math.ceil(w.since / HOUR_MS) * HOUR_MS;
  const to = Math.min(Math.floor(w.until / HOUR_MS) * HOUR_MS, watermark);
  if (from >= to) return { sealed: null, raw: [{ from: w.since, to: w.until }] };
  const raw: HourRange[] = [];
  if (w.since < from) raw.push({ from: w.since, to: from });
  if (to < w.until) raw.push({ from: to, to: w.until });
  return { sealed: { from, to }, raw };
}

export async function workflowHoursIn(db: StoreDb, w: TimeWindow, filter: HourFilter): Promise<WorkflowHour[]> {
  const split = splitWindow(w, await sealedUntil(db));
  const [stored, raw] = await Promise.all([
    split.sealed === null ? Promise.resolve([]) : storedWorkflowHours(db, split.sealed, filter),
    Promise.all(split.raw.map((r) => workflowHours(db, r, filter))),
  ]);
  return [...stored, ...raw.flat()];
}

export interface TaskWindow {
  readonly tasks: TaskHour[];
  /** Executions of the workflow that finished in the window and ran at least one task. */
  readonly runs: number;
}

export async function taskHoursIn(db: StoreDb, w: TimeWindow, filter: HourFilter & { readonly workflowName: string }): Promise<TaskWindow> {
  const split = splitWindow(w, await sealedUntil(db));
  const [stored, storedRuns, raw] = await Promise.all([
    split.sealed === null ? Promise.resolve([]) : storedTaskHours(db, split.sealed, filter),
    split.sealed === null ? Promise.resolve([]) : storedWorkflowHours(db, split.sealed, filter),
    Promise.all(split.raw.map((r) => taskHours(db, r, filter))),
  ]);
  let runs = 0;
  for (const h of storedRuns) runs += h.runsWithTasks;
  for (const r of raw) for (const count of r.runs.values()) runs += count;
  return { tasks: [...stored, ...raw.flatMap((r) => r.tasks)], runs };
}
