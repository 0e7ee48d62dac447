/**
 * A copy-on-write view over a snapshot. Decision code reads and "changes" state through it; the
 * draft records every change as a mutation and never touches the snapshot it was given, so a
 * decision stays a pure function of (snapshot, event) and costs O(changes), not O(execution size).
 */
import type { Command, Decision, HistoryEvent, Mutation, NewChildExecution } from './decision.js';
import type { Run, Snapshot, TaskExecution, WorkflowExecution } from './model.js';

export class Draft {
  private readonly mutations: Mutation[] = [];
  private readonly commands: Command[] = [];
  private readonly history: HistoryEvent[] = [];
  private executionOverlay: WorkflowExecution;
  private readonly taskOverlay = new Map<string, TaskExecution>();
  private readonly newTaskIds: string[] = [];
  private readonly runOverlay = new Map<string, Run>();
  private readonly newRunsByTask = new Map<string, string[]>();

  constructor(
    readonly base: Snapshot,
    /** Event time (ms since epoch), the only clock decisions may read. */
    readonly now: number,
    /** Id source, injected so decisions replay deterministically. */
    readonly newId: () => string,
  ) {
    this.executionOverlay = base.execution;
  }

  get execution(): WorkflowExecution {
    return this.executionOverlay;
  }

  updateExecution(patch: Partial<WorkflowExecution>): void {
    const full = { ...patch, updatedAt: this.now };
    this.executionOverlay = { ...this.executionOverlay, ...full };
    this.mutations.push({ type: 'update-execution', patch: full });
  }

  task(id: string): TaskExecution | undefined {
    return this.taskOverlay.get(id) ?? this.base.tasks.get(id);
  }

  /** All tasks in creation order, with this draft's changes applied. */
  *tasks(): IterableIterator<TaskExecution> {
    for (const [id, t] of this.base.tasks) yield this.taskOverlay.get(id) ?? t;
    for (const id of this.newTaskIds) yield this.taskOverlay.get(id) as TaskExecution;
  }

  /** All tasks, newest first: the active ones are usually the newest, so searches stop early. */
  *tasksNewestFirst(): IterableIterator<TaskExecution> {
    for (let i = this.newTaskIds.length - 1; i >= 0; i--) yield this.taskOverlay.get(this.newTaskIds[i] as string) as TaskExecution;
    const base = this.base.taskIds;
    for (let i = base.length - 1; i >= 0; i--) {
      const id = base[i] as string;
      yield this.taskOverlay.get(id) ?? (this.base.tasks.get(id) as TaskExecution);
    }
  }

  /** The latest task execution with this name (Mistral's `task(name)`). */
  latestTask(name: string): TaskExecution | undefined {
    for (const t of this.tasksNewestFirst()) if (t.name === name) return t;
    return undefined;
  }

  insertTask(task: TaskExecution): void {
    this.taskOverlay.set(task.id, task);
    this.newTaskIds.push(task.id);
    this.mutations.push({ type: 'insert-task', task });
  }

  updateTask(id: string, patch: Partial<TaskExecution>): TaskExecution {
    const current = this.task(id);
    if (!current) throw new Error(`unknown task execution ${id}`);
    const full = { ...patch, updatedAt: this.now };
    const next = { ...current, ...full };
    this.taskOverlay.set(id, next);
    this.mutations.push({ type: 'update-task', id, patch: full });
    return next;
  }

  run(id: string): Run | undefined {
    return this.runOverlay.get(id) ?? this.base.runs.get(id);
  }

  runsOf(taskId: string): Run[] {
    const ids = [...(this.base.runsByTask.get(taskId) ?? []), ...(this.newRunsByTask.get(taskId) ?? [])];
    return ids.map((id) => this.run(id) as Run);
  }

  insertRun(run: Run, child: NewChildExecution | null = null): void {
    this.runOverlay.set(run.id, run);
    const list = this.newRunsByTask.get(run.taskId) ?? [];
    list.push(run.id);
    this.newRunsByTask.set(run.taskId, list);
    this.mutations.push({ type: 'insert-run', run, child });
  }

  updateRun(id: string, patch: Partial<Run>): Run {
    const current = this.run(id);
    if (!current) throw new Error(`unknown run ${id}`);
    const next = { ...current, ...patch };
    this.runOverlay.set(id, next);
    this.mutations.push({ type: 'update-run', id, patch });
    return next;
  }

  command(c: Command): void {
    this.commands.push(c);
  }

  record(e: Omit<HistoryEvent, 'at'>): void {
    this.history.push({ ...e, at: this.now });
  }

  result(): Decision {
    return { mutations: this.mutations, commands: this.commands, history: this.history };
  }
}
