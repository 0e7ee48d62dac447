/**
 * Opening the database: connect, migrate to the latest schema, and hand out a {@link Store}.
 */
import { Kysely, Migrator } from 'kysely';
import type { MigrationResult, Transaction } from 'kysely';
import { connect, isRetryable, parseStoreUrl } from './dialect.js';
import type { Dialect } from './dialect.js';
import { StoreError } from './errors.js';
import { migrationProvider } from './migrations/index.js';
import { DEFAULT_RETRY_POLICY, withRetries } from './retry.js';
import type { Database } from './schema.js';

/** Migrating can wait behind another process for a while; unlike a transaction it runs once per start. */
const MIGRATION_RETRY_POLICY = Object.freeze({ attempts: 40, baseDelayMs: 10, maxDelayMs: 250 });

export interface OpenStoreOptions {
  /**
   * PostgreSQL: connections in the pool.
   * @default 10
   */
  readonly poolSize?: number;
  /**
   * PostgreSQL: the schema to work in (becomes the search_path); created when missing. Tests use a
   * fresh one each to stay isolated.
   */
  readonly schema?: string;
  /**
   * SQLite: how long a statement waits for another connection's write lock. better-sqlite3 waits
   * synchronously, blocking the event loop, so several Store instances in one process should use a
   * small value and let {@link Store.transaction} retry asynchronously instead.
   * @default 5000
   */
  readonly busyTimeoutMs?: number;
  /**
   * Apply pending migrations while opening.
   * @default true
   */
  readonly migrate?: boolean;
  /**
   * Attempts per {@link Store.transaction}, counting the first.
   * @default 8
   */
  readonly transactionAttempts?: number;
  /** Called before a transaction is retried (for logs and metrics). */
  readonly onRetry?: (error: unknown, attempt: number) => void;
}

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /**
   * Runs `fn` in a transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: READ COMMITTED) and commits
   * when it resolves. Errors that lost a race (see `isRetryable`) roll back and run `fn` again after
   * a short jittered backoff, so `fn` must have no effects outside the transaction.
   * On SQLite, use only `tx` inside `fn`: the single connection is held by the transaction, and a
   * query through `store.db` would wait for it forever.
   */
  transaction<T>(fn: (tx: Transaction<Database>) => Promise<T>): Promise<T>;
  /** Applies pending migrations; returns what ran (empty when the schema is current). */
  migrate(): Promise<readonly MigrationResult[]>;
  close(): Promise<void>;
}

/**
 * Opens `sqlite:PATH` (parent folders are created), `sqlite::memory:`, or `postgres://…` /
 * `postgresql://…`, and migrates it to the latest schema. Safe to call from several processes at
 * once: the Migrator holds a database lock while it migrates.
 */
/** PostgreSQL 3F000: a schema named in a catalog scan was dropped by someone else meanwhile. */
function isSchemaRace(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '3F000';
}

export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const connection = connect(parseStoreUrl(url), {
    poolSize: options.poolSize ?? 10,
    schema: options.schema,
    busyTimeoutMs: options.busyTimeoutMs ?? 5000,
  });
  const db = new Kysely<Database>({ dialect: connection.kyselyDialect });
  const dialect = connection.dialect;
  const policy = { ...DEFAULT_RETRY_POLICY, attempts: options.transactionAttempts ?? DEFAULT_RETRY_POLICY.attempts };
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(connection.migrationTableSchema === undefined ? {} : { migrationTableSchema: connection.migrationTableSchema }),
  });

  const migrateOnce = async (): Promise<readonly MigrationResult[]> => {
    const { error, results } = await migrator.migrateToLatest();
    if (error === undefined) return results ?? [];
    // Another process migrating the same SQLite file holds the write lock, or another schema of the
    // same PostgreSQL database vanished while Kysely looked through all schemas: look again.
    if (isRetryable(error) || isSchemaRace(error)) throw error;
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'setup';
    throw new StoreError('STORE_MIGRATION_FAILED', `migration ${failed} failed: ${String(error)}`, { cause: error });
  };
  const migrate = () => withRetries(migrateOnce, (e) => isRetryable(e) || isSchemaRace(e), MIGRATION_RETRY_POLICY);

  let closed = false;
  const store: Store = {
    db,
    dialect,
    transaction: (fn) => withRetries(() => dialect.transaction(db).execute(fn), isRetryable, policy, options.onRetry),
    migrate,
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };

  try {
    await connection.prepare(db);
    if (options.migrate !== false) await migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
