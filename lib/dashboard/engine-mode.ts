/**
 * Asks the engine how it authenticates: `GET /` answers `"auth": "noauth"` when authentication is
 * off (engine/api/routes/root.ts). Cached briefly, since every page render asks.
 */
import { engineBaseUrl } from './server-config';

export type EngineAuthMode = 'noauth' | 'keystone' | 'unreachable';

const TTL_MS = 10_000;
let cached: { readonly url: string; readonly mode: EngineAuthMode; readonly at: number } | undefined;

export async function engineAuthMode(): Promise<EngineAuthMode> {
  const url = engineBaseUrl();
  if (cached && cached.url === url && Date.now() - cached.at < TTL_MS) return cached.mode;
  let mode: EngineAuthMode;
  try {
    const response = await fetch(`${url}/`, { signal: AbortSignal.timeout(3_000), cache: 'no-store' });
    const body = (await response.json()) as { auth?: unknown };
    mode = body.auth === 'noauth' ? 'noauth' : 'keystone';
  } catch {
    mode = 'unreachable';
  }
  // An unreachable engine is asked again on the next render.
  cached = mode === 'unreachable' ? undefined : { url, mode, at: Date.now() };
  return mode;
}
