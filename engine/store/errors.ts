/**
 * The store's own failures. Database errors (constraint violations, lock timeouts) pass through
 * unchanged; classify them with `isUniqueViolation` / `isRetryable` from dialect.ts.
 */

export type StoreErrorCode =
  /** The URL names a database the store cannot open. */
  | 'STORE_URL_UNSUPPORTED'
  /** An option has a value the database would reject or misread. */
  | 'STORE_OPTION_INVALID'
  /** A Kysely instance that is neither SQLite nor PostgreSQL. */
  | 'STORE_DIALECT_UNSUPPORTED'
  /** Migrating to the latest schema failed; `cause` holds the database error. */
  | 'STORE_MIGRATION_FAILED'
  /** A repository was called with arguments it cannot run (e.g. a page limit below 1). */
  | 'STORE_ARGUMENT_INVALID';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}
