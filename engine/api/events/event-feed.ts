/**
 * The loop behind one event stream: read the table after the cursor, send, sleep until the hub
 * says the table grew. Reading by id (never relaying notifications) is what makes the stream
 * ordered and gap-free across processes and reconnects.
 */
import type { ExecutionEvent } from '../../store/schema.js';
import { wireTime } from '../serialize.js';
import type { EventHub, HubStream } from './event-hub.js';
import { formatSse, type SseConnection } from './sse-connection.js';

/** Rows per read: bounds the memory and the socket buffer one wake-up may need. */
export const READ_BATCH = 200;

export type EventReader = (afterId: number, limit: number) => Promise<ExecutionEvent[]>;

export interface FeedOptions {
  readonly hub: EventHub;
  readonly connection: SseConnection;
  readonly read: EventReader;
  /** Last id the client has; the feed sends what follows. */
  readonly afterId: number;
  /** Sees each event after it was sent. */
  readonly observe?: (event: ExecutionEvent) => void;
  /**
   * Asked each time the feed has caught up with the table; true ends the stream with an `end`
   * event (the execution is final and nothing is left to send).
   */
  readonly finished?: () => boolean;
}

export function eventData(event: ExecutionEvent): Record<string, unknown> {
  return {
    execution_id: event.execution_id,
    root_execution_id: event.root_execution_id,
    project_id: event.project_id,
    entity_type: event.entity_type,
    entity_id: event.entity_id,
    name: event.name,
    state: event.state,
    state_info: event.state_info,
    time: wireTime(event.created_at),
  };
}

// Many streams send the same row: format its frame once (rows from the hub's window are shared objects).
const frames = new WeakMap<ExecutionEvent, string>();

function frameOf(row: ExecutionEvent): string {
  let frame = frames.get(row);
  if (frame === undefined) {
    frame = formatSse({ id: row.id, event: row.entity_type, data: eventData(row) });
    frames.set(row, frame);
  }
  return frame;
}

export function runFeed(options: FeedOptions): Promise<void> {
  const { hub, connection, read } = options;
  let cursor = options.afterId;
  let wanted = true;
  let wakeUp: (() => void) | null = null;
  const stream: HubStream = {
    get cursor() {
      return cursor;
    },
    wake() {
      wanted = true;
      wakeUp?.();
    },
    shutdown() {
      connection.end();
      wakeUp?.();
    },
  };
  connection.onClose(() => wakeUp?.());
  hub.add(stream);

  const loop = async (): Promise<void> => {
    while (!connection.closed) {
      if (!wanted) {
        await new Promise<void>((resolve) => {
          wakeUp = resolve;
        });
        wakeUp = null;
        continue;
      }
      wanted = false;
      // Observed before the read, so everything up to it is visible to the read.
      const head = hub.head;
      const rows = await read(cursor, READ_BATCH);
      for (const row of rows) {
        if (!(await connection.writeRaw(frameOf(row)))) return;
        cursor = row.id;
        options.observe?.(row);
      }
      if (rows.length === READ_BATCH) {
        wanted = true;
        continue;
      }
      // The read saw every matching row up to the head, so filtered-out rows need no re-reading.
      cursor = Math.max(cursor, head);
      if (options.finished?.() === true) {
        await connection.send({ event: 'end', data: {} });
        connection.end();
        return;
      }
    }
  };
  return loop()
    .catch(() => connection.destroy())
    .finally(() => hub.remove(stream));
}
