/**
 * The errors the auth resolver throws for the app's error handler. They carry Fastify's `statusCode`
 * and `headers` conventions, so even Fastify's default handler answers correctly.
 */

/** Prefixed like the API's error catalog (errors.ts), whose handler passes CONVECTION_* 5xx messages through. */
export type AuthErrorCode = 'CONVECTION_AUTH_REQUIRED' | 'CONVECTION_AUTH_INVALID_TOKEN' | 'CONVECTION_AUTH_UNAVAILABLE';

/**
 * Mistral's messages (mistral/auth/keystone.py). Mistral appends the rejected token to the second one;
 * we do not, because echoing credentials into a response header puts them in proxy logs.
 */
export const AUTH_MESSAGES = Object.freeze({
  CONVECTION_AUTH_REQUIRED: 'Failed to validate access token: Authentication required',
  CONVECTION_AUTH_INVALID_TOKEN: 'Failed to validate access token: Auth token is invalid',
  CONVECTION_AUTH_UNAVAILABLE: 'Identity service (Keystone) is unavailable: cannot validate access token',
} satisfies Record<AuthErrorCode, string>);

export class AuthError extends Error {
  override readonly name = 'AuthError';
  readonly code: AuthErrorCode;
  readonly statusCode: 401 | 503;
  /**
   * Response headers. Mistral puts the message in both `Server-Error-Message` (read first by
   * python-mistralclient) and `WWW-Authenticate`.
   */
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: AuthErrorCode, options: { cause?: unknown } = {}) {
    super(AUTH_MESSAGES[code], options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    const message = AUTH_MESSAGES[code];
    if (code === 'CONVECTION_AUTH_UNAVAILABLE') {
      this.statusCode = 503;
      this.headers = Object.freeze({ 'Server-Error-Message': message });
    } else {
      this.statusCode = 401;
      this.headers = Object.freeze({ 'Server-Error-Message': message, 'WWW-Authenticate': message });
    }
  }

  static required(): AuthError {
    return new AuthError('CONVECTION_AUTH_REQUIRED');
  }

  static invalidToken(cause?: unknown): AuthError {
    return new AuthError('CONVECTION_AUTH_INVALID_TOKEN', { cause });
  }

  static unavailable(cause?: unknown): AuthError {
    return new AuthError('CONVECTION_AUTH_UNAVAILABLE', { cause });
  }
}

export function isAuthError(error: unknown): error is AuthError {
  return error instanceof AuthError;
}
