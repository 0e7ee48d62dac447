/**
 * Turns what the engine (or the lack of it) answered into the one error shape the browser sees:
 * `{error: "<plain words>"}`, plus `reauth: true` when the session's token is no longer accepted.
 * Pure, so the wording is tested without a network.
 */

export interface ProxyError {
  readonly status: number;
  readonly body: { readonly error: string; readonly reauth?: true };
}

/** Mistral's fault bodies: WSME `{faultcode, faultstring}` or pecan `{faultstring}`; some proxies send `{message}`. */
function faultText(bodyText: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const record = parsed as Record<string, unknown>;
  for (const key of ['faultstring', 'error', 'message', 'title']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

const FALLBACK: Readonly<Record<number, string>> = {
  400: 'The engine rejected the request.',
  403: 'You are not allowed to do this.',
  404: 'Not found: it may have been deleted, or it belongs to another project.',
  409: 'This conflicts with an existing object.',
  413: 'The request is too large for the engine.',
  429: 'Too many requests; wait a moment and try again.',
};

/** An error status from the engine, with its body text and `Server-Error-Message` header. */
export function engineErrorToProxy(status: number, bodyText: string, serverErrorMessage?: string | null): ProxyError {
  if (status === 401) {
    return { status: 401, body: { error: 'Your session has expired or was revoked. Please log in again.', reauth: true } };
  }
  const message = faultText(bodyText) ?? serverErrorMessage?.trim() ?? undefined;
  if (status >= 500) {
    const detail = message ? ` ${message}` : '';
    return { status, body: { error: `The engine failed to handle the request (HTTP ${status}).${detail}` } };
  }
  return { status, body: { error: message || FALLBACK[status] || `The engine answered HTTP ${status}.` } };
}

/** The engine could not be reached at all (connection refused, DNS, timeout). */
export function unreachableToProxy(engineUrl: string, error: unknown): ProxyError {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String((cause as { code: unknown }).code) : '';
  const timedOut = (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) || code === 'UND_ERR_CONNECT_TIMEOUT';
  if (timedOut) {
    return { status: 504, body: { error: `The Convection engine at ${engineUrl} did not answer in time. Try again in a moment.` } };
  }
  const why = code === 'ECONNREFUSED' ? ' (connection refused: is it running?)' : code === 'ENOTFOUND' ? ' (unknown host)' : '';
  return { status: 502, body: { error: `The Convection engine at ${engineUrl} cannot be reached${why}.` } };
}

/** The session is missing or its Keystone token has run out: the user must log in. */
export function notLoggedInToProxy(expired: boolean): ProxyError {
  return {
    status: 401,
    body: { error: expired ? 'Your session has expired. Please log in again.' : 'You are not logged in.', reauth: true },
  };
}
