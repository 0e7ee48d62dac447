/**
 * Runs a suite against every database the store supports: a SQLite file in a temp folder and the
 * PostgreSQL server at `CONVECTION_TEST_PG_URL` (default postgres://postgres@127.0.0.1:5432/test),
 * in a fresh schema per suite that is dropped afterwards.
 *
 * `CONVECTION_TEST_DIALECTS=sqlite` (comma list) narrows the run, e.g. on a machine without
 * PostgreSQL. Every table is emptied before each test.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import type { DialectName } from '../dialect.js';
import { openStore } from '../open-store.js';
import type { OpenStoreOptions, Store } from '../open-store.js';
import type { Database } from '../schema.js';

export interface StoreTestContext {
  readonly dialect: DialectName;
  /** The URL the suite's stores open. */
  readonly url: string;
  /** The store opened for the suite (available from the first test on). */
  readonly store: Store;
  /**
   * Opens one more Store on the same database, as another process would (closed after the
   * suite). On SQLite it defaults to busyTimeoutMs 0: in one process a blocked connection waits
   * synchronously and so cannot be released, and the transaction retry does the waiting instead.
   */
  openStore(options?: OpenStoreOptions): Promise<Store>;
}

const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** The dialects to test, from `CONVECTION_TEST_DIALECTS` (default: both). */
export function testDialects(): DialectName[] {
  const raw = process.env['CONVECTION_TEST_DIALECTS'];
  if (raw === undefined || raw.trim() === '') return ['sqlite', 'postgres'];
  return raw
    .split(',')
    .map((d) => d.trim())
    .filter((d): d is DialectName => d === 'sqlite' || d === 'postgres');
}

/** Deletion order that respects foreign keys. */
const TABLES: readonly (keyof Database)[] = [
  'analytics_state',
  'analytics_task_hours',
  'analytics_workflow_hours',
  'task_queues',
  'event_waits',
  'event_trigger_firings',
  'published_events',
  'execution_events',
  'jobs',
  'action_executions',
  'task_executions',
  'workflow_executions',
  'event_triggers',
  'cron_triggers',
  'resource_members',
  'environments',
  'action_definitions',
  'workbooks',
  'workflow_definitions',
];

/** `describe(name)` once per dialect, with a fresh, migrated database for the block. */
export function describeEachStore(name: string, fn: (ctx: StoreTestContext) => void): void {
  for (const dialect of testDialects()) {
    describe(`${name} [${dialect}]`, () => {
      fn(storeContext(dialect));
    });
  }
}

function storeContext(dialect: DialectName): StoreTestContext {
  const opened: Store[] = [];
  let main: Store | undefined;
  let dir: string | undefined;
  let url = '';
  const base: OpenStoreOptions =
    dialect === 'sqlite' ? { busyTimeoutMs: 0 } : { schema: `t_${randomUUID().replaceAll('-', '').slice(0, 20)}`, poolSize: 4 };

  const open = async (options?: OpenStoreOptions): Promise<Store> => {
    const store = await openStore(url, { ...base, ...options });
    opened.push(store);
    return store;
  };

  beforeAll(async () => {
    if (dialect === 'sqlite') {
      dir = mkdtempSync(join(tmpdir(), 'convection-store-'));
      url = `sqlite:${join(dir, 'nested', 'store.db')}`;
    } else {
      url = process.env['CONVECTION_TEST_PG_URL'] ?? DEFAULT_PG_URL;
    }
    main = await open();
  });

  beforeEach(async () => {
    if (main === undefined) return;
    await main.transaction(async (tx) => {
      for (const table of TABLES) await tx.deleteFrom(table).execute();
    });
  });

  afterAll(async () => {
    for (const store of opened) if (store !== main) await store.close();
    if (main !== undefined) {
      if (base.schema !== undefined) await sql`drop schema if exists ${sql.id(base.schema)} cascade`.execute(main.db);
      await main.close();
    }
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  return {
    dialect,
    get url() {
      return url;
    },
    get store() {
      if (main === undefined) throw new Error('the store opens in beforeAll; use it inside tests and hooks');
      return main;
    },
    openStore: open,
  };
}
