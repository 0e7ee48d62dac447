/**
 * Errors inside actions. Actions report failures as data; {@link ActionError} is how helper code
 * deep inside an action carries a user-facing message back up to the action's `run`.
 */

/** A failure whose message is meant for the workflow author (no stack, no secrets). */
export class ActionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ActionError';
  }
}

/**
 * The message of anything thrown, never its stack. Node's network errors are often
 * AggregateErrors with an empty message (one error per address tried), so those use the first.
 */
export function errorMessage(err: unknown): string {
  if (err instanceof AggregateError && !err.message) {
    const first: unknown = err.errors[0];
    if (first !== undefined) return errorMessage(first);
  }
  if (err instanceof Error) return err.message || err.name;
  if (typeof err === 'string') return err;
  try {
    return String(err);
  } catch {
    return 'unknown error';
  }
}

/** A Node system error code (`ECONNREFUSED`), looking through AggregateErrors and causes. */
export function errorCode(err: unknown): string | undefined {
  if (err instanceof AggregateError && err.errors.length > 0) return errorCode(err.errors[0]);
  if (err instanceof Error) {
    const code = (err as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (err.cause !== undefined) return errorCode(err.cause);
  }
  return undefined;
}
