/**
 * The browser's only way to the engine: `/api/engine/v2/...` on the Next server (which adds the
 * user's token). Errors arrive as `{error: "<plain words>"}` (see proxy-errors.ts) and are thrown as
 * {@link EngineRequestError}; a lapsed session sends the user back to the login page.
 */
import { BASE_PATH, withBasePath } from './base-path';

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Readonly<Record<string, QueryValue>>;

export class EngineRequestError extends Error {
  override readonly name = 'EngineRequestError';
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** `/api/engine<path>?<params>` under the base path; empty, null and undefined params are left out. */
export function engineUrl(path: string, params: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const query = search.toString();
  return withBasePath(`/api/engine${path.startsWith('/') ? path : `/${path}`}${query ? `?${query}` : ''}`);
}

export interface EngineRequest {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly params?: QueryParams;
  /** Sent as application/json. */
  readonly json?: unknown;
  /** Sent as text/plain (definition uploads). */
  readonly text?: string;
  readonly signal?: AbortSignal;
}

interface ErrorBody {
  readonly error?: unknown;
  readonly reauth?: unknown;
}

/** The login page, remembering where the user was (without the base path, which redirects add again). */
function loginUrl(reason: string): string {
  const here = window.location.pathname;
  const next = `${here.startsWith(BASE_PATH) ? here.slice(BASE_PATH.length) || '/' : here}${window.location.search}`;
  return withBasePath(`/login?reason=${encodeURIComponent(reason)}&next=${encodeURIComponent(next)}`);
}

export async function engineFetch<T>(path: string, request: EngineRequest = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: string | undefined;
  if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.json);
  } else if (request.text !== undefined) {
    headers['content-type'] = 'text/plain';
    body = request.text;
  }
  let response: Response;
  try {
    response = await fetch(engineUrl(path, request.params), {
      method: request.method ?? 'GET',
      headers,
      body,
      signal: request.signal,
      cache: 'no-store',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new EngineRequestError(0, 'The dashboard server cannot be reached. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!response.ok) {
    const errorBody = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as ErrorBody;
    if (response.status === 401 && errorBody.reauth === true && typeof window !== 'undefined') {
      window.location.assign(loginUrl('expired'));
    }
    const message = typeof errorBody.error === 'string' ? errorBody.error : `The request failed (HTTP ${response.status}).`;
    throw new EngineRequestError(response.status, message);
  }
  return parsed as T;
}
