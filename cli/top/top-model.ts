/**
 * What `convection top` shows, kept from the API's execution list and then from live events:
 * one row per root execution (running, paused, or finished recently), with its progress; counts
 * by state; and start/finish/failure rates over the last minute. Pure: no I/O, time is passed in.
 */
import { ExecutionProgress, FINAL_EXECUTION_STATES, parseWireTime } from '../../lib/engine-client/index.js';
import type { Execution, StreamEvent } from '../../lib/engine-client/index.js';

export interface ExecutionRow {
  readonly id: string;
  workflow: string;
  state: string;
  stateInfo: string | null;
  /** Epoch ms. */
  startedAt: number;
  finishedAt: number | null;
  readonly progress: ExecutionProgress;
  /** Tasks were loaded from the API (not only seen in events). */
  tasksLoaded: boolean;
  /** Changed since the detail refresh last looked (with-items counts need a fetch). */
  dirty: boolean;
}

export const SORTS = ['newest', 'state', 'workflow', 'elapsed'] as const;
export type Sort = (typeof SORTS)[number];

export type Filter = { readonly kind: 'all' } | { readonly kind: 'state'; readonly state: string } | { readonly kind: 'workflow'; readonly workflow: string };

export interface ViewOptions {
  readonly sort: Sort;
  readonly filter: Filter;
  /** Case-insensitive substring of the workflow name, id or current task. */
  readonly search: string;
}

export interface Rates {
  readonly started: number;
  readonly finished: number;
  readonly failed: number;
}

export const STATE_ORDER = ['RUNNING', 'PAUSED', 'IDLE', 'ERROR', 'CANCELLED', 'SUCCESS'] as const;

/** Finished executions stay on screen this long. */
export const RECENT_MS = 15 * 60_000;
/** Most finished rows kept; the oldest go first. */
const MAX_FINISHED = 200;
const RATE_WINDOW_MS = 60_000;

export class TopModel {
  readonly rows = new Map<string, ExecutionRow>();
  private readonly started: number[] = [];
  private readonly finished: number[] = [];
  private readonly failed: number[] = [];
  /** The last event id applied: where a reconnect resumes. */
  lastEventId: number | undefined;

  /** Root executions from the API's list (sub-workflows are shown through their parent). */
  load(executions: readonly Execution[], now: number): void {
    for (const e of executions) {
      if (e.task_execution_id !== null && e.task_execution_id !== undefined) continue;
      const final = FINAL_EXECUTION_STATES.has(e.state);
      const finishedAt = final ? (parseWireTime(e.updated_at) ?? now) : null;
      if (finishedAt !== null && now - finishedAt > RECENT_MS) continue;
      const known = this.rows.get(e.id);
      if (known !== undefined) continue;
      this.rows.set(e.id, {
        id: e.id,
        workflow: e.workflow_name,
        state: e.state,
        stateInfo: e.state_info ?? null,
        startedAt: parseWireTime(e.created_at) ?? now,
        finishedAt,
        progress: new ExecutionProgress(),
        tasksLoaded: false,
        dirty: true,
      });
    }
    this.prune(now);
  }

  /**
   * Applies a live event. Returns the id of a root execution the model has not seen yet (one that
   * started before the list was read but had no row): the caller fetches it.
   */
  apply(event: StreamEvent, now: number): string | null {
    this.lastEventId = event.id;
    const id = event.execution_id;
    // Sub-workflows' own events show as their parent task's; ad-hoc actions belong to no execution.
    if (id === null || event.root_execution_id !== id) return null;
    const at = parseWireTime(event.time) ?? now;
    let row = this.rows.get(id);
    if (event.entity_type === 'workflow') {
      if (row === undefined) {
        row = { id, workflow: event.name, state: event.state, stateInfo: null, startedAt: at, finishedAt: null, progress: new ExecutionProgress(), tasksLoaded: true, dirty: true };
        this.rows.set(id, row);
        if (event.state === 'RUNNING') this.started.push(at);
      }
      const wasFinal = FINAL_EXECUTION_STATES.has(row.state) && row.finishedAt !== null;
      row.state = event.state;
      row.stateInfo = event.state_info;
      if (FINAL_EXECUTION_STATES.has(event.state)) {
        if (!wasFinal || row.finishedAt !== at) {
          this.finished.push(at);
          if (event.state === 'ERROR') this.failed.push(at);
        }
        row.finishedAt = at;
      } else {
        row.finishedAt = null;
      }
      row.dirty = true;
      this.prune(now);
      return null;
    }
    if (row === undefined) return id;
    if (event.entity_type === 'task') row.progress.apply(event);
    row.dirty = true;
    return null;
  }

  counts(): Record<string, number> {
    const counts: Record<string, number> = Object.fromEntries(STATE_ORDER.map((s) => [s, 0]));
    for (const r of this.rows.values()) counts[r.state] = (counts[r.state] ?? 0) + 1;
    return counts;
  }

  /** Executions started, finished and failed in the last minute (since `top` began watching). */
  rates(now: number): Rates {
    const recent = (list: number[]): number => list.filter((t) => now - t <= RATE_WINDOW_MS).length;
    for (const list of [this.started, this.finished, this.failed]) {
      while (list.length > 0 && now - (list[0] as number) > RATE_WINDOW_MS) list.shift();
    }
    return { started: recent(this.started), finished: recent(this.finished), failed: recent(this.failed) };
  }

  view(options: ViewOptions, now: number): ExecutionRow[] {
    const needle = options.search.trim().toLowerCase();
    const rows = [...this.rows.values()].filter((r) => {
      if (options.filter.kind === 'state' && r.state !== options.filter.state) return false;
      if (options.filter.kind === 'workflow' && r.workflow !== options.filter.workflow) return false;
      if (needle === '') return true;
      return [r.workflow, r.id, r.progress.current?.name ?? ''].some((s) => s.toLowerCase().includes(needle));
    });
    const rank = (s: string): number => {
      const i = (STATE_ORDER as readonly string[]).indexOf(s);
      return i < 0 ? STATE_ORDER.length : i;
    };
    // Ids are time-ordered (UUIDv7), so they break ties between starts within the same second.
    const newest = (a: ExecutionRow, b: ExecutionRow): number => b.startedAt - a.startedAt || b.id.localeCompare(a.id);
    const compare: Record<Sort, (a: ExecutionRow, b: ExecutionRow) => number> = {
      newest,
      state: (a, b) => rank(a.state) - rank(b.state) || newest(a, b),
      workflow: (a, b) => a.workflow.localeCompare(b.workflow) || newest(a, b),
      elapsed: (a, b) => elapsed(b, now) - elapsed(a, now) || newest(a, b),
    };
    return rows.sort(compare[options.sort]);
  }

  /** Drops finished rows older than {@link RECENT_MS}, and the oldest beyond the cap. */
  private prune(now: number): void {
    const finished = [...this.rows.values()].filter((r) => r.finishedAt !== null).sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0));
    finished.forEach((r, i) => {
      if (i >= MAX_FINISHED || now - (r.finishedAt ?? now) > RECENT_MS) this.rows.delete(r.id);
    });
  }
}

export function elapsed(row: ExecutionRow, now: number): number {
  return Math.max((row.finishedAt ?? now) - row.startedAt, 0);
}
