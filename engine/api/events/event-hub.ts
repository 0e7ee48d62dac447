/**
 * Wakes live event streams when `execution_events` grows. The engine's notifications only cover
 * this process, so the hub also polls the newest event id; either way it learns one number (the
 * head) with one query, and only streams whose cursor is behind it read the table. That keeps a
 * thousand idle streams at one cheap query per poll instead of a thousand.
 */
import type { ConvectionEngine } from '../../index.js';
import { lastEventId } from '../../store/repositories/events.js';

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

  add(stream: HubStream): void {
    this.streams.add(stream);
    // Nothing to watch without streams: an idle API must not poll the database.
    if (this.streams.size === 1) this.startWatching();
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
        let head: number;
        try {
          head = await lastEventId(this.engine.store.db);
        } catch {
          // A failed poll (database restarting) is retried by the next tick.
          return;
        }
        if (head > this.headId) this.headId = head;
        for (const s of this.streams) if (s.cursor < this.headId) s.wake();
      } while (this.recheck);
    };
    const checking = run().finally(() => {
      this.checking = null;
    });
    this.checking = checking;
    return checking;
  }
}
