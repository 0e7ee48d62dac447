/**
 * How far one workflow execution has come, kept up to date from the API's task list (or an
 * execution stream's snapshot) and then from live events: tasks done of tasks known, the task
 * running now, and each task's duration. Pure bookkeeping, no I/O, so `top`, `--watch` and the
 * dashboard count the same way.
 */
import type { StreamEvent, Task } from './wire.js';
import { parseJsonText, parseWireTime } from './wire.js';

/** Task states after which a task does nothing more (until a rerun). */
export const FINAL_TASK_STATES: ReadonlySet<string> = new Set(['SUCCESS', 'ERROR', 'CANCELLED', 'SKIPPED']);

export interface TaskProgress {
  readonly id: string;
  readonly name: string;
  state: string;
  stateInfo: string | null;
  /** Epoch ms, when known. */
  startedAt: number | null;
  finishedAt: number | null;
  /** with-items: iterations finished and in total; null for other tasks. */
  items: { done: number; total: number } | null;
}

export class ExecutionProgress {
  readonly tasks = new Map<string, TaskProgress>();

  /** Replaces what is known with the API's task list (each `Task` as listed or in a snapshot). */
  load(tasks: readonly Task[]): void {
    this.tasks.clear();
    for (const t of tasks) this.tasks.set(t.id, taskProgress(t));
  }

  /** Updates with-items counts of a task from its action executions' states. */
  setItems(taskId: string, done: number, total: number): void {
    const t = this.tasks.get(taskId);
    if (t !== undefined) t.items = { done, total };
  }

  /** Applies a `task` event of this execution; other events change nothing here. */
  apply(event: StreamEvent): void {
    if (event.entity_type !== 'task') return;
    const at = parseWireTime(event.time);
    const known = this.tasks.get(event.entity_id);
    const task: TaskProgress = known ?? { id: event.entity_id, name: event.name, state: event.state, stateInfo: null, startedAt: null, finishedAt: null, items: null };
    if (event.state === 'RUNNING' && (task.startedAt === null || FINAL_TASK_STATES.has(task.state))) {
      // A rerun starts the clock again.
      task.startedAt = at;
      task.finishedAt = null;
    }
    if (FINAL_TASK_STATES.has(event.state)) task.finishedAt = at;
    task.state = event.state;
    task.stateInfo = event.state_info;
    this.tasks.set(task.id, task);
  }

  get total(): number {
    return this.tasks.size;
  }

  get done(): number {
    let n = 0;
    for (const t of this.tasks.values()) if (t.state === 'SUCCESS' || t.state === 'SKIPPED') n++;
    return n;
  }

  /** with-items iterations finished and in total over all with-items tasks; null when there are none. */
  get items(): { done: number; total: number } | null {
    let found = false;
    let done = 0;
    let total = 0;
    for (const t of this.tasks.values()) {
      if (t.items === null) continue;
      found = true;
      done += t.items.done;
      total += t.items.total;
    }
    return found ? { done, total } : null;
  }

  /** The most recently started task that is still at work (RUNNING, WAITING, DELAYED, …), else the last failed one. */
  get current(): TaskProgress | null {
    let best: TaskProgress | null = null;
    for (const t of this.tasks.values()) {
      if (FINAL_TASK_STATES.has(t.state)) continue;
      if (best === null || (t.startedAt ?? 0) >= (best.startedAt ?? 0)) best = t;
    }
    return best ?? this.failed[this.failed.length - 1] ?? null;
  }

  get failed(): TaskProgress[] {
    return [...this.tasks.values()].filter((t) => t.state === 'ERROR');
  }

  /** Tasks in the order they started (not yet started last). */
  ordered(): TaskProgress[] {
    return [...this.tasks.values()].sort((a, b) => (a.startedAt ?? Number.MAX_SAFE_INTEGER) - (b.startedAt ?? Number.MAX_SAFE_INTEGER));
  }
}

/** A listed task as progress; with-items totals come from its runtime context (`count`). */
export function taskProgress(t: Task): TaskProgress {
  const rc = parseJsonText(t.runtime_context);
  const wi = rc !== null && typeof rc === 'object' ? (rc as { with_items?: { count?: unknown } }).with_items : undefined;
  const count = typeof wi?.count === 'number' ? wi.count : null;
  return {
    id: t.id,
    name: t.name,
    state: t.state,
    stateInfo: t.state_info ?? null,
    startedAt: parseWireTime(t.started_at),
    finishedAt: parseWireTime(t.finished_at),
    items: count === null ? null : { done: FINAL_TASK_STATES.has(t.state) && t.state === 'SUCCESS' ? count : 0, total: count },
  };
}

/** How long a task ran, or has run so far. */
export function taskDuration(t: TaskProgress, now: number): number | null {
  if (t.startedAt === null) return null;
  return (t.finishedAt ?? now) - t.startedAt;
}
