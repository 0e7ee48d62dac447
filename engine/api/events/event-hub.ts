/**
 * Wakes live event streams when `execution_events` grows. The engine's notifications only cover
 * this process, so the hub also polls the table. Either way it reads the new rows once, keeps the
 * recent ones, and streams that are behind take their events from that window in memory: a
 * thousand streams cost one read per batch of events, not a thousand. A stream further behind
 * than the window (a resume from old history) reads the table itself.
 */
import type { ConvectionEngine } from '../../index.js';
import { lastEventId } from '../../store/repositories/events.js';
import type { ExecutionEvent } from '../../store/schema.js';

/** An event with the workflow of its execution, so streams can filter by workflow in memory. */
export type HubEvent = ExecutionEvent & { readonly workflow_name: string | null };

/** Rows fetched per read of new events; more are fetched in further reads. */
const FETCH_BATCH = 2_000;
/** Recent events kept for streams to read; older ones are read from the table. */
const WINDOW = 20_000;

export interface HubStream {
  /** The id up to which this stream has read everything it may see. */
  readonly cursor: number;
  /** Asks the stream to read the table again (coalesced by the stream). */
  wake(): void;
  /** Ends the stream because the server is shutting down. */
  shutdown(): void;
}

export class EventHub {
  private readonly streams = new Set<HubStream>();
  private readonly perCaller = new Map<string, number>();
  private headId = 0;
  private pollTimer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private checking: Promise<void> | null = null;
  private recheck = false;
  /** Events with `floor < id <= headId`, in id order, all of them (nothing filtered out). */
  private window: HubEvent[] = [];
  private floor = 0;
  /** After an idle spell the window jumps to the table's head instead of reading the backlog. */
  private needsReset = true;

  constructor(
    private readonly engine: ConvectionEngine,
    private readonly pollMs: number,
  ) {}

  /** The newest event id seen; every event up to it is visible (ids commit in order). */
  get head(): number {
    return this.headId;
  }

  /** Claims a stream slot for `caller`; false when the caller already holds `max`. */
  acquire(caller: string, max: number): boolean {
    const held = this.perCaller.get(caller) ?? 0;
    if (held >= max) return false;
    this.perCaller.set(caller, held + 1);
    return true;
  }

  release(caller: string): void {
    const held = (this.perCaller.get(caller) ?? 1) - 1;
    if (held <= 0) this.perCaller.delete(caller);
    else this.perCaller.set(caller, held);
  }

  /** Reads the head now (a new stream's starting point must not lag behind the table). */
  async refreshHead(): Promise<number> {
    await this.checkHead();
    return this.headId;
  }

  /**
   * The events after `afterId` that `keep` accepts, up to `limit`, from the in-memory window; null
   * when the window does not reach back to `afterId` (the caller then reads the table).
   */
  readRecent(afterId: number, limit: number, keep: (event: HubEvent) => boolean): HubEvent[] | null {
    // Until the window is (re)built, or for history older than it, the table is the only truth.
    if (this.needsReset || afterId < this.floor) return null;
    const out: HubEvent[] = [];
    for (let i = firstAfter(this.window, afterId); i < this.window.length && out.length < limit; i++) {
      const event = this.window[i] as HubEvent;
      if (keep(event)) out.push(event);
    }
    return out;
  }

  /** Starts an empty window at the table's current head (nothing older is kept). */
  private async resetWindow(): Promise<void> {
    const head = await lastEventId(this.engine.store.db);
    this.headId = Math.max(this.headId, head);
    this.window = [];
    this.floor = this.headId;
  }

  add(stream: HubStream): void {
    this.streams.add(stream);
    // Nothing to watch without streams: an idle API must not poll the database.
    if (this.streams.size === 1) this.startWatching();
  }

  /** Appends newly read rows and drops the oldest beyond the window. */
  private remember(rows: readonly HubEvent[]): void {
    this.window.push(...rows);
    if (this.window.length > WINDOW) {
      const dropped = this.window.splice(0, this.window.length - WINDOW);
      this.floor = (dropped[dropped.length - 1] as HubEvent).id;
    }
  }

  remove(stream: HubStream): void {
    this.streams.delete(stream);
    if (this.streams.size === 0) this.stopWatching();
  }

  shutdown(): void {
    for (const s of [...this.streams]) s.shutdown();
    this.streams.clear();
    this.stopWatching();
  }

  private startWatching(): void {
    this.unsubscribe = this.engine.engine.subscribe(() => void this.checkHead());
    const tick = (): void => {
      void this.checkHead().finally(() => {
        if (this.pollTimer !== null) this.pollTimer = setTimeout(tick, this.pollMs);
      });
    };
    this.pollTimer = setTimeout(tick, this.pollMs);
  }

  private stopWatching(): void {
    this.needsReset = true;
    this.window = [];
    this.floor = this.headId;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.pollTimer !== null) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  /** One head query at a time; notifications arriving meanwhile fold into one more query. */
  private checkHead(): Promise<void> {
    if (this.checking !== null) {
      this.recheck = true;
      return this.checking;
    }
    const run = async (): Promise<void> => {
      do {
        this.recheck = false;
        let rows: HubEvent[];
        try {
          if (this.needsReset) {
            await this.resetWindow();
            this.needsReset = false;
          }
          rows = await this.readAfter(this.headId);
        } catch {
          // A failed poll (database restarting) is retried by the next tick.
          return;
        }
        if (rows.length > 0) {
          this.remember(rows);
          this.headId = (rows[rows.length - 1] as HubEvent).id;
          if (rows.length === FETCH_BATCH) this.recheck = true;
        }
        for (const s of this.streams) if (s.cursor < this.headId) s.wake();
      } while (this.recheck);
    };
    const checking = run().finally(() => {
      this.checking = null;
    });
    this.checking = checking;
    return checking;
  }

  /** Every event after `afterId` (ids commit in order, so this is gap-free), with its workflow. */
  private async readAfter(afterId: number): Promise<HubEvent[]> {
    const rows = await this.engine.store.db
      .selectFrom('execution_events as e')
      .leftJoin('workflow_executions as w', 'w.id', 'e.execution_id')
      .selectAll('e')
      .select('w.workflow_name')
      .where('e.id', '>', afterId)
      .orderBy('e.id')
      .limit(FETCH_BATCH)
      .execute();
    return rows;
  }
}

/** Index of the first event with an id above `afterId` (binary search; ids ascend). */
function firstAfter(events: readonly HubEvent[], afterId: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((events[mid] as HubEvent).id <= afterId) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
