/**
 * Feeds a {@link TopModel}: the execution list once, then `/v2/events` (live, resuming by itself
 * after a dropped connection), and on request the task details of the rows on screen (with-items
 * counts are not in the events, so those rows are fetched when they changed).
 */
import { FINAL_EXECUTION_STATES, FINAL_TASK_STATES } from '../../lib/engine-client/index.js';
import type { EngineClient } from '../../lib/engine-client/index.js';
import type { TopModel } from './top-model.js';

/** Executions read at start: the newest ones, enough to fill a screen many times over. */
const INITIAL_EXECUTIONS = 200;
/** Task lists fetched at once. */
const PARALLEL = 4;

export interface FeedFilter {
  readonly workflow?: string;
  readonly state?: string;
}

export type FeedStatus = { readonly kind: 'connecting' } | { readonly kind: 'live' } | { readonly kind: 'reconnecting'; readonly reason: string };

async function inBatches<T>(items: readonly T[], each: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += PARALLEL) await Promise.all(items.slice(i, i + PARALLEL).map(each));
}

export class TopFeed {
  status: FeedStatus = { kind: 'connecting' };

  constructor(
    private readonly client: EngineClient,
    private readonly model: TopModel,
    private readonly filter: FeedFilter = {},
    private readonly now: () => number = Date.now,
  ) {}

  /** Reads the newest executions and the tasks of those still at work. */
  async loadSnapshot(): Promise<void> {
    const executions = await this.client.listExecutions({
      limit: INITIAL_EXECUTIONS,
      query: { sort_keys: 'created_at', sort_dirs: 'desc', workflow_name: this.filter.workflow, state: this.filter.state },
    });
    this.model.load(executions, this.now());
    await this.refresh([...this.model.rows.keys()]);
  }

  /**
   * Follows the event stream until `signal` aborts. Errors other than a lost connection (which is
   * retried) end it and are thrown.
   */
  async follow(signal: AbortSignal): Promise<void> {
    const events = this.client.events(this.filter, {
      signal,
      onConnected: () => {
        this.status = { kind: 'live' };
      },
      onDisconnected: (error) => {
        this.status = { kind: 'reconnecting', reason: error.message };
      },
    });
    for await (const event of events) {
      const unknown = this.model.apply(event, this.now());
      if (unknown !== null) void this.fetchExecution(unknown).catch(() => undefined);
    }
  }

  private async fetchExecution(id: string): Promise<void> {
    this.model.load([await this.client.getExecution(id)], this.now());
    await this.refresh([id]);
  }

  /**
   * Fetches the tasks of the given rows that changed since last time (or were never loaded), and
   * the finished iterations of their running with-items tasks.
   */
  async refresh(ids: readonly string[]): Promise<void> {
    const rows = ids.map((id) => this.model.rows.get(id)).filter((r) => r !== undefined && (r.dirty || !r.tasksLoaded));
    await inBatches(rows, async (row) => {
      if (row === undefined) return;
      row.dirty = false;
      const tasks = await this.client.executionTasks(row.id);
      // Iterations counted before stay on screen until the new count arrives.
      const before = new Map([...row.progress.tasks.values()].map((t) => [t.id, t.items?.done ?? 0]));
      row.progress.load(tasks);
      for (const task of row.progress.tasks.values()) {
        if (task.items !== null && task.items.done === 0) task.items.done = before.get(task.id) ?? 0;
      }
      row.tasksLoaded = true;
      if (FINAL_EXECUTION_STATES.has(row.state)) return;
      for (const task of row.progress.tasks.values()) {
        if (task.items === null || FINAL_TASK_STATES.has(task.state)) continue;
        const actions = await this.client.taskActionExecutions(task.id, { query: { fields: 'name,state' } });
        const done = actions.filter((a) => a.state === 'SUCCESS' || a.state === 'ERROR' || a.state === 'CANCELLED').length;
        row.progress.setItems(task.id, done, task.items.total);
      }
    });
  }
}
