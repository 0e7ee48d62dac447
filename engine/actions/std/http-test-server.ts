/** A real HTTP server on 127.0.0.1 for the std.http tests. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** Header names as the client wrote them. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface TestServer {
  readonly url: string;
  readonly port: number;
  /** Requests received so far, oldest first. */
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  let port = 0;
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: rawHeaders(req) });
    void route(req, res, port);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function rawHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers[req.rawHeaders[i] as string] = req.rawHeaders[i + 1] as string;
  return headers;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function route(req: IncomingMessage, res: ServerResponse, port: number): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  const body = await readBody(req);
  switch (url.pathname) {
    case '/json':
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Custom-Header': 'yes' });
      res.end('{"a": 1, "b": [1.5, "x"], "c": 2.0}');
      return;
    case '/text':
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('hello, world');
      return;
    case '/echo': {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: rawHeaders(req), body }));
      return;
    }
    case '/status': {
      const code = Number(url.searchParams.get('code'));
      res.writeHead(code, { 'Content-Type': 'text/plain' });
      res.end(`status ${code}`);
      return;
    }
    case '/slow': {
      const timer = setTimeout(() => res.end('late'), 5000);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    case '/big':
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '4096' });
      res.end('x'.repeat(4096));
      return;
    case '/big-chunked':
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      for (let i = 0; i < 8; i++) res.write('y'.repeat(512));
      res.end();
      return;
    case '/gzip':
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(gzipSync('{"zipped": true}'));
      return;
    case '/redirect':
      res.writeHead(302, { Location: url.searchParams.get('to') ?? '/json' });
      res.end();
      return;
    case '/redirect-v6':
      res.writeHead(302, { Location: `http://[::1]:${port}/json` });
      res.end();
      return;
    case '/cookies':
      res.writeHead(200, { 'Set-Cookie': ['session=abc; Path=/; HttpOnly', 'theme=dark'], 'Content-Type': 'text/plain' });
      res.end('');
      return;
    default:
      res.writeHead(404);
      res.end();
  }
}
