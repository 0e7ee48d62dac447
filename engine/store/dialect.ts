/**
 * Everything that differs between SQLite and PostgreSQL, and the only module that branches on the
 * database: URL parsing, connections, transaction start, row locking, text search and error codes.
 *
 * ON CONFLICT upserts need no helper here: both databases accept the same `ON CONFLICT (…) DO
 * UPDATE SET col = excluded.col`, which Kysely's `onConflict` builds identically.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  PostgresDialect,
  PostgresIntrospector,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  SqliteIntrospector,
  sql,
} from 'kysely';
import type {
  DatabaseConnection,
  Expression,
  Kysely,
  Dialect as KyselyDialect,
  SelectQueryBuilder,
  SqlBool,
  SqliteDatabase,
  SqliteDialectConfig,
  SqliteStatement,
  Transaction,
  TransactionBuilder,
} from 'kysely';
import pg from 'pg';
import { StoreError } from './errors.js';
import type { Database } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

/** Database-specific behaviour, reached through {@link dialectOf} or `store.dialect`. */
export interface Dialect {
  readonly name: DialectName;
  /** Starts a transaction: `BEGIN IMMEDIATE` on SQLite (the single writer), READ COMMITTED on PostgreSQL. */
  transaction(db: Kysely<Database>): TransactionBuilder<Database>;
  /**
   * Locks the selected rows for a leased claim and skips rows another claimer holds
   * (`FOR UPDATE SKIP LOCKED`). On SQLite it is the identity: the IMMEDIATE transaction already
   * excludes every other writer.
   */
  lockForClaim<DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  /** `FOR UPDATE` on PostgreSQL; the identity on SQLite, for the same reason. */
  lockForUpdate<DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  /**
   * Makes event ids become visible in id order. PostgreSQL hands out identity values at insert time,
   * so without this a reader could see id 11 commit before id 10 and skip 10 forever. A
   * transaction-scoped advisory lock serializes appenders until commit; call it last in the
   * transaction to keep the serialized window short. No-op on SQLite.
   */
  serializeEventAppends(tx: Transaction<Database>): Promise<void>;
  /** Case-sensitive substring test on a text column, free of LIKE's wildcards and collations. */
  textContains(column: string, needle: string): Expression<SqlBool>;
}

const identity = <T>(qb: T): T => qb;

const SQLITE: Dialect = Object.freeze({
  name: 'sqlite',
  transaction: (db: Kysely<Database>) => db.transaction(),
  lockForClaim: identity,
  lockForUpdate: identity,
  serializeEventAppends: () => Promise.resolve(),
  textContains: (column: string, needle: string) => sql<SqlBool>`instr(${sql.ref(column)}, ${needle}) > 0`,
});

/** (classid, objid) of the advisory lock guarding event appends: "Conv", 1. */
const EVENT_LOCK = [0x436f6e76, 1] as const;

const POSTGRES: Dialect = Object.freeze({
  name: 'postgres',
  transaction: (db: Kysely<Database>) => db.transaction().setIsolationLevel('read committed'),
  lockForClaim: <DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>) => qb.forUpdate().skipLocked(),
  lockForUpdate: <DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>) => qb.forUpdate(),
  serializeEventAppends: async (tx: Transaction<Database>) => {
    await sql`select pg_advisory_xact_lock(${sql.lit(EVENT_LOCK[0])}, ${sql.lit(EVENT_LOCK[1])})`.execute(tx);
  },
  textContains: (column: string, needle: string) => sql<SqlBool>`strpos(${sql.ref(column)}, ${needle}) > 0`,
});

/** The dialect a Kysely instance (or transaction) talks to. */
export function dialectOf(db: Kysely<Database>): Dialect {
  const introspector = db.introspection;
  if (introspector instanceof PostgresIntrospector) return POSTGRES;
  if (introspector instanceof SqliteIntrospector) return SQLITE;
  throw new StoreError('STORE_DIALECT_UNSUPPORTED', 'the store supports SQLite and PostgreSQL only');
}

// ---------------------------------------------------------------------------------------------
// Connections

export type StoreTarget =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string };

/** `sqlite:PATH`, `sqlite://PATH`, `sqlite::memory:`, `postgres://…` or `postgresql://…`. */
export function parseStoreUrl(url: string): StoreTarget {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return { kind: 'postgres', url };
  if (url.startsWith('sqlite:')) {
    const rest = url.slice('sqlite:'.length);
    const path = rest.startsWith('//') ? rest.slice(2) : rest;
    if (path !== '') return { kind: 'sqlite', path };
  }
  throw new StoreError('STORE_URL_UNSUPPORTED', `unsupported store URL "${redact(url)}"`);
}

function redact(url: string): string {
  return url.replace(/\/\/([^/@]*)@/, '//***@');
}

export interface ConnectOptions {
  readonly poolSize: number;
  readonly schema: string | undefined;
  readonly busyTimeoutMs: number;
}

export interface Connection {
  readonly dialect: Dialect;
  readonly kyselyDialect: KyselyDialect;
  /** Where Kysely keeps its migration tables, on databases with schemas. */
  readonly migrationTableSchema: string | undefined;
  /** Runs once before migrations. */
  prepare(db: Kysely<Database>): Promise<void>;
}

export function connect(target: StoreTarget, options: ConnectOptions): Connection {
  if (target.kind === 'sqlite') {
    return {
      dialect: SQLITE,
      kyselyDialect: new StoreSqliteDialect({ database: () => Promise.resolve(openSqlite(target.path, options)) }),
      migrationTableSchema: undefined,
      prepare: () => Promise.resolve(),
    };
  }
  const schema = options.schema;
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new StoreError('STORE_OPTION_INVALID', `invalid PostgreSQL schema name "${schema}"`);
  }
  return {
    dialect: POSTGRES,
    kyselyDialect: new PostgresDialect({ pool: createPool(target.url, options.poolSize, schema) }),
    // Kysely looks for its tables in every schema unless told which; pin it so schemas stay isolated.
    migrationTableSchema: schema ?? 'public',
    prepare: async (db) => {
      if (schema === undefined) return;
      try {
        await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
      } catch (error) {
        // Concurrent CREATE SCHEMA IF NOT EXISTS can still collide on the catalog's unique index;
        // the loser finds the schema there, which is all it wanted.
        if (!isUniqueViolation(error)) throw error;
      }
    },
  };
}

function createPool(url: string, max: number, schema: string | undefined): pg.Pool {
  const types = new pg.TypeOverrides();
  // Epoch-ms columns and event ids are bigint; they stay far below 2^53.
  types.setTypeParser(pg.types.builtins.INT8, (text: string) => Number(text));
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client that loses its server emits here; without a listener the process would crash.
  // The pool discards the client and the next query reports the problem to its caller.
  pool.on('error', () => {});
  return pool;
}

function openSqlite(path: string, options: ConnectOptions): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs))}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  return booleanColumns(db);
}

/**
 * better-sqlite3 cannot bind booleans and returns 0/1 for them. Bind them as 1/0, and turn the
 * values of columns declared `boolean` back into booleans, so rows look the same as PostgreSQL's.
 */
function booleanColumns(db: BetterSqlite3.Database): SqliteDatabase {
  // Kysely prepares every query anew; compiling SQL dominated the engine's hot path, so keep the
  // prepared statements (SQLite re-prepares them itself if the schema changes).
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => db.close(),
    prepare(text: string): SqliteStatement {
      const hit = cache.get(text);
      if (hit) return hit;
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
      const prepared = prepareStatement(db, text);
      cache.set(text, prepared);
      return prepared;
    },
  };
}

const STATEMENT_CACHE_SIZE = 1_000;

function prepareStatement(db: BetterSqlite3.Database, text: string): SqliteStatement {
  const stmt = db.prepare<unknown[], unknown>(text);
  const names = stmt.reader
    ? stmt
        .columns()
        .filter((c) => c.type?.toLowerCase() === 'boolean')
        .map((c) => c.name)
    : [];
  const revive = (row: unknown): unknown => {
    if (names.length > 0 && typeof row === 'object' && row !== null) {
      const r = row as Record<string, unknown>;
      for (const name of names) if (typeof r[name] === 'number') r[name] = r[name] !== 0;
    }
    return row;
  };
  return {
    reader: stmt.reader,
    all: (params) => stmt.all(bindable(params)).map(revive),
    run: (params) => stmt.run(bindable(params)),
    iterate: function* (params) {
      for (const row of stmt.iterate(bindable(params))) yield revive(row);
    },
  };
}

function bindable(params: ReadonlyArray<unknown>): unknown[] {
  return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

class ImmediateSqliteDriver extends SqliteDriver {
  // A deferred BEGIN takes the write lock at the first write, where a second connection gets
  // SQLITE_BUSY with no chance to wait; IMMEDIATE takes it up front, where busy_timeout applies.
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  // SQLite DDL is transactional. Saying so makes the Migrator run inside BEGIN IMMEDIATE, which is
  // the lock that keeps two processes from migrating the same file at once.
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class StoreSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.#config);
  }
  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

// ---------------------------------------------------------------------------------------------
// Errors

function errorCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || !('code' in e)) return undefined;
  return typeof e.code === 'string' ? e.code : undefined;
}

/** A unique or primary-key constraint refused the write (the API answers 409). */
export function isUniqueViolation(e: unknown): boolean {
  const code = errorCode(e);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function isForeignKeyViolation(e: unknown): boolean {
  const code = errorCode(e);
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/**
 * The transaction lost a race and may simply be run again: SQLite's write lock was busy, or
 * PostgreSQL aborted it (serialization_failure, deadlock_detected).
 */
export function isRetryable(e: unknown): boolean {
  const code = errorCode(e);
  if (code === undefined) return false;
  return code === '40001' || code === '40P01' || code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED';
}
