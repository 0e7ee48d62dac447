/**
 * Sends one std.http request with undici: private-target checks on every hop, manual redirects
 * (so each new target is checked), one deadline for the whole exchange, and a cap on the body.
 */
import { STATUS_CODES } from 'node:http';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate, type ZlibOptions } from 'node:zlib';
import { Agent, ProxyAgent, request, type Dispatcher } from 'undici';
import { ActionError, errorCode, errorMessage } from '../errors.js';
import type { HttpRequestSpec } from './http-request-spec.js';
import type { TargetGuard } from './private-target-guard.js';

export interface HttpExchange {
  readonly url: string;
  readonly status: number;
  readonly reason: string;
  /** Raw header name/value pairs in arrival order, names as the server wrote them. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
  readonly elapsedMs: number;
}

export interface HttpResponse extends HttpExchange {
  /** Redirect responses that led here, oldest first. */
  readonly history: readonly HttpExchange[];
}

export interface HttpClientOptions {
  readonly guard: TargetGuard;
  readonly maxResponseBytes: number;
  readonly maxRedirects: number;
  readonly signal: AbortSignal;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function sendHttpRequest(spec: HttpRequestSpec, options: HttpClientOptions): Promise<HttpResponse> {
  const deadline = AbortSignal.timeout(spec.timeoutMs);
  const signal = AbortSignal.any([options.signal, deadline]);
  const history: HttpExchange[] = [];
  let current = spec;
  for (;;) {
    let exchange: HttpExchange;
    try {
      exchange = await sendOnce(current, options, signal);
    } catch (err) {
      if (err instanceof ActionError) throw err;
      if (options.signal.aborted) throw new ActionError('HTTP request cancelled', { cause: err });
      if (deadline.aborted) {
        throw new ActionError(`Failed to send HTTP request: no complete response within ${spec.timeoutMs / 1000} s (timeout)`, { cause: err });
      }
      throw new ActionError(`Failed to send HTTP request: ${describeNetworkError(err)}`, { cause: err });
    }
    const location = headerValue(exchange.headers, 'location');
    if (!current.followRedirects || !REDIRECTS.has(exchange.status) || location === undefined) {
      return { ...exchange, history };
    }
    if (history.length >= options.maxRedirects) {
      throw new ActionError(`Failed to send HTTP request: exceeded ${options.maxRedirects} redirects`);
    }
    history.push(exchange);
    current = redirected(current, exchange.status, location);
  }
}

async function sendOnce(spec: HttpRequestSpec, options: HttpClientOptions, signal: AbortSignal): Promise<HttpExchange> {
  await options.guard.check(spec.url.hostname);
  if (spec.proxy) await options.guard.check(new URL(spec.proxy).hostname);
  const connect = { ...spec.tls, ...(options.guard.lookup ? { lookup: options.guard.lookup } : {}) };
  const dispatcher: Dispatcher = spec.proxy
    ? new ProxyAgent({ uri: spec.proxy, requestTls: spec.tls, connect })
    : new Agent({ connect });
  const started = performance.now();
  try {
    const res = await request(spec.url, {
      method: spec.method as Dispatcher.HttpMethod,
      headers: spec.headers.flat(),
      body: spec.body,
      signal,
      dispatcher,
      responseHeaders: 'raw',
      // The overall deadline in `signal` governs; undici's own 300 s timers would cut it short.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    const elapsedMs = performance.now() - started;
    // With responseHeaders 'raw' undici hands back a flat [name, value, …] array.
    const flat = res.headers as unknown as string[];
    const headers: [string, string][] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) headers.push([String(flat[i]), String(flat[i + 1])]);
    const raw = await readLimited(res.body, headerValue(headers, 'content-length'), options.maxResponseBytes);
    const body = await decode(raw, headerValue(headers, 'content-encoding'), options.maxResponseBytes);
    return {
      url: spec.url.toString(),
      status: res.statusCode,
      reason: res.statusText || STATUS_CODES[res.statusCode] || '',
      headers,
      body,
      elapsedMs,
    };
  } finally {
    void dispatcher.destroy().catch(() => undefined);
  }
}

function tooLarge(limit: number): ActionError {
  return new ActionError(`HTTP response body exceeds the limit of ${limit} bytes (http.maxResponseBytes in the actions configuration)`);
}

async function readLimited(body: Readable, contentLength: string | undefined, limit: number): Promise<Buffer> {
  if (contentLength !== undefined && Number(contentLength) > limit) {
    // undici reports the early destroy as an 'error' event, which must not go unhandled.
    body.on('error', () => undefined);
    body.destroy();
    throw tooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      throw tooLarge(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const inflaters: Record<string, (buf: Buffer, opts: ZlibOptions) => Promise<Buffer>> = {
  gzip: promisify<Buffer, ZlibOptions, Buffer>(gunzip),
  'x-gzip': promisify<Buffer, ZlibOptions, Buffer>(gunzip),
  deflate: promisify<Buffer, ZlibOptions, Buffer>(inflate),
  br: promisify<Buffer, ZlibOptions, Buffer>(brotliDecompress),
};

/** requests decodes compressed bodies transparently; the size cap applies to the decoded bytes. */
async function decode(raw: Buffer, encoding: string | undefined, limit: number): Promise<Buffer> {
  const inflater = encoding ? inflaters[encoding.trim().toLowerCase()] : undefined;
  if (!inflater || raw.length === 0) return raw;
  try {
    return await inflater(raw, { maxOutputLength: limit });
  } catch (err) {
    if (errorCode(err) === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw tooLarge(limit);
    throw new ActionError(`Failed to decode the ${encoding} HTTP response body: ${errorMessage(err)}`);
  }
}

export function headerValue(headers: readonly (readonly [string, string])[], name: string): string | undefined {
  const found = headers.filter(([k]) => k.toLowerCase() === name).map(([, v]) => v);
  return found.length === 0 ? undefined : found.join(', ');
}

/** The next hop, following requests' rules: 302/303 (and 301 after POST) continue as a GET without body. */
function redirected(spec: HttpRequestSpec, status: number, location: string): HttpRequestSpec {
  const url = new URL(location, spec.url);
  const toGet =
    ((status === 303 || status === 302) && spec.method !== 'HEAD') || (status === 301 && spec.method === 'POST');
  const dropBody = toGet;
  const sameHost = url.hostname === spec.url.hostname;
  const headers = spec.headers.filter(([k]) => {
    const name = k.toLowerCase();
    if (dropBody && (name === 'content-type' || name === 'content-length')) return false;
    // Credentials never follow a redirect to another host.
    if (!sameHost && (name === 'authorization' || name === 'cookie')) return false;
    return true;
  });
  return { ...spec, url, method: toGet ? 'GET' : spec.method, body: dropBody ? null : spec.body, headers };
}

function describeNetworkError(err: unknown): string {
  const code = errorCode(err);
  const message = errorMessage(err);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}
