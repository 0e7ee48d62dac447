/**
 * Forwards one browser request to the engine API with the caller's Keystone token (added here, on
 * the server). JSON and text pass through; Server-Sent Events stream through unbuffered, with the
 * browser's Last-Event-ID, and stop when the browser goes away. Errors become `{error}` (proxy-errors.ts).
 */
import { engineErrorToProxy, notLoggedInToProxy, unreachableToProxy, type ProxyError } from './proxy-errors';
import { engineBaseUrl } from './server-config';
import { currentCaller } from './server-session';

const FORWARDED_REQUEST_HEADERS = ['accept', 'content-type', 'last-event-id'];
const FORWARDED_RESPONSE_HEADERS = ['content-type'];

function errorResponse(error: ProxyError): Response {
  return Response.json(error.body, { status: error.status, headers: { 'cache-control': 'no-store' } });
}

/** Only `v2/...` is forwarded: the browser has no business with /metrics or anything else. */
function upstreamPath(segments: readonly string[]): string | undefined {
  if (segments[0] !== 'v2' || segments.some((s) => s === '..' || s === '.')) return undefined;
  return `/${segments.map(encodeURIComponent).join('/')}`;
}

export async function forwardToEngine(request: Request, segments: readonly string[]): Promise<Response> {
  const path = upstreamPath(segments);
  if (path === undefined) return errorResponse({ status: 404, body: { error: 'Only the engine API under /v2 is available here.' } });

  const caller = await currentCaller();
  if (caller.kind === 'anonymous') {
    if (caller.mode === 'unreachable') return errorResponse(unreachableToProxy(engineBaseUrl(), new Error('unreachable')));
    return errorResponse(notLoggedInToProxy(caller.expired));
  }

  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  if (caller.kind === 'keystone') headers.set('x-auth-token', caller.token);

  const base = engineBaseUrl();
  const search = new URL(request.url).search;
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await fetch(`${base}${path}${search}`, {
      method: request.method,
      headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
      // Ends the engine's stream when the browser disconnects.
      signal: request.signal,
      cache: 'no-store',
      redirect: 'manual',
    });
  } catch (error) {
    return errorResponse(unreachableToProxy(base, error));
  }

  if (upstream.status >= 400) {
    const text = await upstream.text().catch(() => '');
    return errorResponse(engineErrorToProxy(upstream.status, text, upstream.headers.get('server-error-message')));
  }

  const responseHeaders = new Headers();
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) responseHeaders.set(name, value);
  }
  const isStream = (upstream.headers.get('content-type') ?? '').startsWith('text/event-stream');
  // `no-transform` keeps compression (which would buffer events) away from the stream.
  responseHeaders.set('cache-control', isStream ? 'no-cache, no-transform' : 'no-store');
  if (isStream) responseHeaders.set('x-accel-buffering', 'no');
  return new Response(upstream.body, { status: upstream.status, headers: responseHeaders });
}
