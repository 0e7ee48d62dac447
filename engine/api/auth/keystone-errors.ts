/**
 * Failures of the Keystone client. The split that matters to callers: {@link InvalidTokenError} means
 * Keystone looked at the token and refused it (answer 401 to the caller); {@link KeystoneUnavailableError}
 * means we could not get an answer we trust (answer 503, never treat the token as valid).
 *
 * Messages never include tokens, passwords or Keystone's error text (Keystone echoes the token it
 * rejects in its 404 message).
 */

export type KeystoneErrorCode =
  | 'KEYSTONE_INVALID_TOKEN'
  | 'KEYSTONE_INVALID_CREDENTIALS'
  | 'KEYSTONE_UNAVAILABLE';

export abstract class KeystoneError extends Error {
  abstract readonly code: KeystoneErrorCode;
}

/** Keystone refused the subject token: unknown, expired, revoked, malformed or not project-scoped. */
export class InvalidTokenError extends KeystoneError {
  override readonly name = 'InvalidTokenError';
  readonly code = 'KEYSTONE_INVALID_TOKEN';
  /** Keystone's HTTP status (404 or 401), or null when the token was refused locally. */
  readonly status: number | null;

  constructor(reason: string, status: number | null) {
    super(reason);
    this.status = status;
  }
}

/** Keystone refused a password login (wrong user, password, or no role on the requested project). */
export class InvalidCredentialsError extends KeystoneError {
  override readonly name = 'InvalidCredentialsError';
  readonly code = 'KEYSTONE_INVALID_CREDENTIALS';
  readonly username: string;

  constructor(username: string) {
    super(`Keystone rejected the credentials of user '${username}'`);
    this.username = username;
  }
}

/**
 * No trustworthy answer: connection refused, timeout, 5xx, an unparseable body, or our own service user
 * is misconfigured (its login or its permission to validate tokens was refused).
 */
export class KeystoneUnavailableError extends KeystoneError {
  override readonly name = 'KeystoneUnavailableError';
  readonly code = 'KEYSTONE_UNAVAILABLE';
  /** Keystone's HTTP status when it answered, null for network failures. */
  readonly status: number | null;

  constructor(message: string, options: { status?: number | null; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status ?? null;
  }
}
