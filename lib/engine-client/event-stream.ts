/**
 * A Server-Sent Events reader over `fetch` that reconnects by itself: after a dropped connection
 * it waits, then asks again with `Last-Event-ID`, so the server resumes right after the last event
 * it delivered (the API keeps the history, so nothing is lost or repeated). Refusals (401, 404, …)
 * end the stream with their error; only "nothing answered" and dropped streams are retried.
 */
import { ClientError } from './errors.js';
import type { ApiTransport, Query } from './transport.js';

export interface SseFrame {
  /** The event id (`id:`), when the frame has one. */
  readonly id?: number;
  readonly event: string;
  readonly data: unknown;
}

export interface EventStreamOptions {
  readonly query?: Query;
  /** Resume after this event id (as if reconnecting). */
  readonly lastEventId?: number;
  /** Aborting ends the iteration quietly. */
  readonly signal?: AbortSignal;
  /** Each time a connection is (re)established and the server says it is live. */
  readonly onConnected?: () => void;
  /** Each time a connection fails or drops; the reader then retries after `retryMs`. */
  readonly onDisconnected?: (error: ClientError) => void;
  /** @default 1000 */
  readonly retryMs?: number;
}

/** Splits a growing text buffer into complete frames (blank-line separated); returns the rest. */
export function splitFrames(buffer: string): { frames: string[]; rest: string } {
  const normalized = buffer.replace(/\r\n?/g, '\n');
  const parts = normalized.split('\n\n');
  const rest = parts.pop() ?? '';
  return { frames: parts, rest };
}

export interface RawFrame {
  readonly id?: string;
  readonly event?: string;
  readonly data?: string;
  readonly comments: readonly string[];
}

export function parseFrame(text: string): RawFrame {
  let id: string | undefined;
  let event: string | undefined;
  const data: string[] = [];
  const comments: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith(':')) {
      comments.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return { ...(id === undefined ? {} : { id }), ...(event === undefined ? {} : { event }), ...(data.length === 0 ? {} : { data: data.join('\n') }), comments };
}

/** A function, so TypeScript does not narrow `aborted` across awaits. */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/** Reads `path` as an event stream until it ends with an `end` event, fails, or `signal` aborts. */
export async function* readEventStream(transport: ApiTransport, path: string, options: EventStreamOptions = {}): AsyncGenerator<SseFrame> {
  const { signal } = options;
  let lastId = options.lastEventId;
  while (!isAborted(signal)) {
    let response: Response;
    try {
      response = await transport.send('GET', path, {
        ...(options.query === undefined ? {} : { query: options.query }),
        headers: { accept: 'text/event-stream', ...(lastId === undefined ? {} : { 'last-event-id': String(lastId) }) },
        signal: signal ?? new AbortController().signal,
      });
    } catch (error) {
      if (isAborted(signal)) return;
      if (error instanceof ClientError && error.code === 'unreachable') {
        options.onDisconnected?.(error);
        await sleep(options.retryMs ?? 1000, signal);
        continue;
      }
      throw error;
    }
    if (response.body === null) throw new ClientError('protocol', `GET ${path}: the API sent no event stream`);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let connected = false;
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        const split = splitFrames(buffer + decoder.decode(chunk.value, { stream: true }));
        buffer = split.rest;
        for (const text of split.frames) {
          const frame = parseFrame(text);
          if (!connected && (frame.comments.some((c) => c === 'connected' || c === 'resumed') || frame.event !== undefined)) {
            connected = true;
            options.onConnected?.();
          }
          if (frame.event === undefined) continue;
          const id = frame.id === undefined ? undefined : Number(frame.id);
          if (id !== undefined && Number.isSafeInteger(id)) lastId = id;
          let data: unknown = null;
          try {
            data = frame.data === undefined ? null : JSON.parse(frame.data);
          } catch {
            throw new ClientError('protocol', `GET ${path}: an event's data is not JSON`);
          }
          yield { ...(id === undefined ? {} : { id }), event: frame.event, data };
          if (frame.event === 'end') return;
        }
      }
    } catch (error) {
      if (isAborted(signal)) return;
      if (error instanceof ClientError) throw error;
      // A dropped connection: resume below.
    } finally {
      reader.cancel().catch(() => undefined);
    }
    if (isAborted(signal)) return;
    options.onDisconnected?.(new ClientError('unreachable', `the event stream from ${transport.endpoint} was interrupted; reconnecting`));
    await sleep(options.retryMs ?? 1000, signal);
  }
}
