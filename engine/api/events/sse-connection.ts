/**
 * One Server-Sent Events response over a hijacked Fastify reply. Writes never buffer without
 * bound: a client that stops reading is disconnected (a stalled drain or too much queued), because
 * an engine serving many streams cannot hold every slow reader's backlog in memory.
 */
import type { ServerResponse } from 'node:http';

export interface SseLimits {
  /** Longest wait for a full socket to drain before the client is dropped (ms). */
  readonly drainTimeoutMs: number;
  /** Most bytes queued in the socket before the client is dropped. */
  readonly maxBufferedBytes: number;
  /** Interval of keep-alive comments (ms); proxies close connections that stay silent. */
  readonly heartbeatMs: number;
}

export interface SseMessage {
  readonly id?: number;
  readonly event: string;
  readonly data: unknown;
}

/** `data:` may not contain a newline, so each line of the payload gets its own field. */
export function formatSse(message: SseMessage): string {
  const lines = JSON.stringify(message.data).split('\n');
  const id = message.id === undefined ? '' : `id: ${message.id}\n`;
  return `${id}event: ${message.event}\n${lines.map((l) => `data: ${l}\n`).join('')}\n`;
}

export class SseConnection {
  private closedFlag = false;
  private readonly closeListeners: Array<() => void> = [];
  private heartbeat: NodeJS.Timeout | null = null;
  /** Set while waiting for a drain: heartbeats must not pile up behind a stalled socket. */
  private draining = false;

  constructor(
    private readonly raw: ServerResponse,
    private readonly limits: SseLimits,
    headers: Readonly<Record<string, string>>,
  ) {
    raw.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    raw.on('close', () => this.close());
    raw.on('error', () => this.close());
    this.heartbeat = setInterval(() => {
      if (!this.draining) void this.writeRaw(': heartbeat\n\n');
    }, limits.heartbeatMs);
    this.heartbeat.unref();
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  onClose(listener: () => void): void {
    if (this.closedFlag) listener();
    else this.closeListeners.push(listener);
  }

  send(message: SseMessage): Promise<boolean> {
    return this.writeRaw(formatSse(message));
  }

  comment(text: string): Promise<boolean> {
    return this.writeRaw(`: ${text}\n\n`);
  }

  /** Resolves false once the connection is gone (closed, or dropped for back-pressure). */
  async writeRaw(chunk: string): Promise<boolean> {
    if (this.closedFlag) return false;
    const flushed = this.raw.write(chunk);
    if (this.raw.writableLength > this.limits.maxBufferedBytes) {
      this.destroy();
      return false;
    }
    if (flushed) return true;
    this.draining = true;
    const drained = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => finish(false), this.limits.drainTimeoutMs);
      const onDrain = (): void => finish(true);
      const onClose = (): void => finish(false);
      const finish = (ok: boolean): void => {
        clearTimeout(timer);
        this.raw.off('drain', onDrain);
        this.raw.off('close', onClose);
        resolve(ok);
      };
      this.raw.once('drain', onDrain);
      this.raw.once('close', onClose);
    });
    this.draining = false;
    if (!drained) this.destroy();
    return drained && !this.closedFlag;
  }

  /** Ends the response normally (the client saw everything). */
  end(): void {
    if (this.closedFlag) return;
    this.raw.end();
    this.close();
  }

  /** Drops the client without flushing: what it has not read is lost, and it reconnects. */
  destroy(): void {
    if (!this.closedFlag) this.raw.destroy();
    this.close();
  }

  private close(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.heartbeat = null;
    for (const l of this.closeListeners.splice(0)) l();
  }
}
