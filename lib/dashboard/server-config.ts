/**
 * The dashboard server's settings, read from the environment at request time (so one build serves
 * any engine): `CONVECTION_API_URL` (default http://127.0.0.1:8989) and the Keystone URL
 * (`CONVECTION_KEYSTONE_URL`, else `OS_AUTH_URL`).
 */
export const DEFAULT_ENGINE_URL = 'http://127.0.0.1:8989';

export function engineBaseUrl(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return (env.CONVECTION_API_URL?.trim() || DEFAULT_ENGINE_URL).replace(/\/+$/, '');
}

/** Keystone v3 base URL (ending in /v3), or undefined when none is configured. */
export function keystoneUrl(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const raw = (env.CONVECTION_KEYSTONE_URL ?? env.OS_AUTH_URL ?? '').trim().replace(/\/+$/, '');
  if (raw === '') return undefined;
  return raw.endsWith('/v3') ? raw : `${raw}/v3`;
}
