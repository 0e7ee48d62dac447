import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SseConnection, formatSse } from './sse-connection.js';
import type { SseLimits } from './sse-connection.js';

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
});

/** A server whose single route hands its response to `use` as an SseConnection. */
async function serve(limits: SseLimits, use: (c: SseConnection) => void): Promise<number> {
  server = createServer((_req, res) => use(new SseConnection(res, limits, {})));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as AddressInfo).port;
}

function get(port: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/', agent: false }, resolve);
    req.on('error', reject);
    req.end();
  });
}

describe('SseConnection', () => {
  it('formats events with one data line per payload line', () => {
    expect(formatSse({ id: 7, event: 'task', data: { a: 1 } })).toBe('id: 7\nevent: task\ndata: {"a":1}\n\n');
    expect(formatSse({ event: 'end', data: {} })).toBe('event: end\ndata: {}\n\n');
  });

  it('sets the SSE headers and sends heartbeat comments at the configured interval', async () => {
    const port = await serve({ heartbeatMs: 30, drainTimeoutMs: 1_000, maxBufferedBytes: 1024 * 1024 }, () => undefined);
    const res = await get(port);
    expect(res.headers['content-type']).toContain('text/event-stream');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-accel-buffering']).toBe('no');
    res.setEncoding('utf8');
    const text = await new Promise<string>((resolve) => {
      let body = '';
      res.on('data', (chunk: string) => {
        body += chunk;
        if (body.split(': heartbeat').length > 2) resolve(body);
      });
    });
    expect(text).toContain(': heartbeat\n\n');
    res.destroy();
  });

  it('drops a client that stops reading instead of buffering for it', async () => {
    let dropped: Promise<boolean> | undefined;
    const port = await serve({ heartbeatMs: 60_000, drainTimeoutMs: 200, maxBufferedBytes: 256 * 1024 }, (c) => {
      dropped = (async () => {
        const chunk = 'x'.repeat(64 * 1024);
        // A reader that never reads fills the socket; the writer must give up, not queue forever.
        for (let i = 0; i < 10_000; i++) if (!(await c.writeRaw(`data: ${chunk}\n\n`))) return c.closed;
        return false;
      })();
    });
    const res = await get(port);
    res.pause();
    const started = Date.now();
    for (let i = 0; i < 100 && dropped === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await dropped).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    res.destroy();
  });
});
