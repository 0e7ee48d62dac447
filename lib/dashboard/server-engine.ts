/**
 * GET requests from the Next server to the engine as the caller, for pages that fetch ahead of the
 * browser. A failure returns undefined: the browser then asks again through the proxy and shows
 * the error in its own words, so prefetching never changes what the user sees, only how soon.
 *
 * The page waits for these reads (it is not streamed: a streamed page briefly holds two copies of
 * its content, a hidden one and the fallback), so a slow engine is given up on quickly and the
 * browser shows its own loading state instead.
 */
import type { QueryParams } from './engine-fetch';
import { engineBaseUrl } from './server-config';
import type { Caller } from './server-session';

const PREFETCH_TIMEOUT_MS = 1_500;

export async function serverEngineGet<T>(caller: Exclude<Caller, { kind: 'anonymous' }>, path: string, params: QueryParams = {}): Promise<T | undefined> {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  try {
    const response = await fetch(`${engineBaseUrl()}${path}${query === '' ? '' : `?${query}`}`, {
      headers: { accept: 'application/json', ...(caller.kind === 'keystone' ? { 'x-auth-token': caller.token } : {}) },
      cache: 'no-store',
      signal: AbortSignal.timeout(PREFETCH_TIMEOUT_MS),
    });
    return response.ok ? ((await response.json()) as T) : undefined;
  } catch {
    return undefined;
  }
}
