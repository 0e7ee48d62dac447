/**
 * Every failure of the client is a {@link ClientError} with a stable code, so a command line can
 * choose an exit code and a dashboard a banner without parsing messages. Messages are written for
 * the person at the terminal: what failed, where, and what to do about it. They never hold secrets.
 */

export type ClientErrorCode =
  /** The settings are incomplete or contradictory (missing OS_PASSWORD, a malformed URL). */
  | 'config'
  /** Keystone refused the credentials or the token, or the API refused the caller (401). */
  | 'auth'
  /** Keystone's catalog has no workflowv2 endpoint for the chosen interface and region. */
  | 'no-endpoint'
  /** Nothing answered: connection refused, unknown host, timeout. */
  | 'unreachable'
  /** The API answered with an error (its `faultstring` is the message). */
  | 'api'
  /** The answer was not what the API promises (not JSON, wrong shape). */
  | 'protocol';

export class ClientError extends Error {
  override readonly name = 'ClientError';

  constructor(
    readonly code: ClientErrorCode,
    message: string,
    /** The HTTP status for `api` and `auth` errors from the API. */
    readonly status?: number,
  ) {
    super(message);
  }
}

export function isClientError(error: unknown): error is ClientError {
  return error instanceof ClientError;
}

const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
};

/** Why a fetch failed to get any answer, in words (Node's undici puts the reason in `cause`). */
export function networkReason(error: unknown): string {
  let cause: unknown = error;
  for (let depth = 0; depth < 4 && cause !== null && typeof cause === 'object'; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return NETWORK_REASONS[code] ?? code;
    cause = (cause as { cause?: unknown }).cause;
  }
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  return error instanceof Error ? error.message : String(error);
}
