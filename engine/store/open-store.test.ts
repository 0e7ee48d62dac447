import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { isRetryable, parseStoreUrl } from './dialect.js';
import { StoreError } from './errors.js';
import { migrations } from './migrations/index.js';
import { openStore } from './open-store.js';
import { getWorkflowExecution, insertWorkflowExecution } from './repositories/executions.js';
import { insertTaskExecution, listTasksOfExecution } from './repositories/tasks.js';
import { describeEachStore, testDialects } from './testing/each-store.js';
import { newTaskExecution, newWorkflowExecution } from './testing/fixtures.js';

const TABLES = [
  'action_definitions',
  'action_executions',
  'cron_triggers',
  'environments',
  'event_triggers',
  'execution_events',
  'jobs',
  'resource_members',
  'task_executions',
  'workbooks',
  'workflow_definitions',
  'workflow_executions',
];

describe('parseStoreUrl', () => {
  it('reads SQLite paths with and without slashes, and the in-memory database', () => {
    expect(parseStoreUrl('sqlite:./data/c.db')).toEqual({ kind: 'sqlite', path: './data/c.db' });
    expect(parseStoreUrl('sqlite:///var/lib/c.db')).toEqual({ kind: 'sqlite', path: '/var/lib/c.db' });
    expect(parseStoreUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', path: ':memory:' });
  });

  it('accepts both PostgreSQL schemes', () => {
    expect(parseStoreUrl('postgres://u@h/db').kind).toBe('postgres');
    expect(parseStoreUrl('postgresql://u@h/db').kind).toBe('postgres');
  });

  it('rejects other URLs without echoing credentials', () => {
    const attempt = () => parseStoreUrl('mysql://root:secret@h/db');
    expect(attempt).toThrow(StoreError);
    expect(attempt).toThrow(/mysql:\/\/\*\*\*@h\/db/);
    expect(() => parseStoreUrl('sqlite:')).toThrow(StoreError);
  });
});

describe('openStore on SQLite', () => {
  it('creates missing parent folders and migrates a new file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'convection-open-'));
    try {
      const path = join(dir, 'a', 'b', 'c.db');
      const store = await openStore(`sqlite:${path}`);
      expect(existsSync(path)).toBe(true);
      const tables = await store.db.introspection.getTables();
      expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(TABLES));
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('opens an in-memory database', async () => {
    const store = await openStore('sqlite::memory:');
    expect(await store.migrate()).toEqual([]);
    await store.close();
  });

  it('rejects an unsafe PostgreSQL schema name before connecting', async () => {
    await expect(openStore('postgres://nobody@127.0.0.1:1/x', { schema: 'a;drop' })).rejects.toMatchObject({
      code: 'STORE_OPTION_INVALID',
    });
  });
});

describeEachStore('openStore', (ctx) => {
  it('creates every table', async () => {
    const tables = await ctx.store.db.introspection.getTables();
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(TABLES));
  });

  it('migrates idempotently, from the same store and from a second one', async () => {
    expect(await ctx.store.migrate()).toEqual([]);
    const second = await ctx.openStore();
    expect(await second.migrate()).toEqual([]);
  });

  it('rolls back everything a failed transaction wrote', async () => {
    const execution = newWorkflowExecution();
    await expect(
      ctx.store.transaction(async (tx) => {
        await insertWorkflowExecution(tx, execution);
        await insertTaskExecution(tx, newTaskExecution(execution));
        throw new Error('decision failed');
      }),
    ).rejects.toThrow('decision failed');
    expect(await getWorkflowExecution(ctx.store.db, execution.id)).toBeUndefined();
    expect(await listTasksOfExecution(ctx.store.db, execution.id)).toEqual([]);
  });

  it('retries a transaction that lost a race, then commits its last attempt', async () => {
    const retries: unknown[] = [];
    const store = await ctx.openStore({ onRetry: (error) => retries.push(error) });
    let calls = 0;
    const execution = newWorkflowExecution();
    await store.transaction(async (tx) => {
      calls++;
      await insertWorkflowExecution(tx, execution);
      if (calls < 3) throw Object.assign(new Error('could not serialize access'), { code: '40001' });
    });
    expect(calls).toBe(3);
    expect(retries).toHaveLength(2);
    expect(await getWorkflowExecution(ctx.store.db, execution.id)).toBeDefined();
  });

  it('does not retry other errors, and gives up after the configured attempts', async () => {
    let calls = 0;
    await expect(
      ctx.store.transaction(async () => {
        calls++;
        throw new Error('bug');
      }),
    ).rejects.toThrow('bug');
    expect(calls).toBe(1);

    const store = await ctx.openStore({ transactionAttempts: 2 });
    calls = 0;
    await expect(
      store.transaction(async () => {
        calls++;
        throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      }),
    ).rejects.toMatchObject({ code: '40P01' });
    expect(calls).toBe(2);
  });

  it.runIf(ctx.dialect === 'sqlite')('sets WAL, synchronous=NORMAL and foreign keys on SQLite', async () => {
    const one = async (pragma: string) => {
      const { rows } = await sql<Record<string, unknown>>`${sql.raw(`pragma ${pragma}`)}`.execute(ctx.store.db);
      return Object.values(rows[0] ?? {})[0];
    };
    expect(await one('journal_mode')).toBe('wal');
    expect(await one('synchronous')).toBe(1);
    expect(await one('foreign_keys')).toBe(1);
  });

  it.runIf(ctx.dialect === 'sqlite')('waits out another connection holding the SQLite write lock', async () => {
    const retries: unknown[] = [];
    const store = await ctx.openStore({ onRetry: (error) => retries.push(error) });
    const other = new BetterSqlite3(ctx.url.slice('sqlite:'.length));
    try {
      other.exec('begin immediate');
      setTimeout(() => other.exec('commit'), 40);
      const execution = newWorkflowExecution();
      await store.transaction((tx) => insertWorkflowExecution(tx, execution));
      expect(retries.length).toBeGreaterThan(0);
      expect(retries.every(isRetryable)).toBe(true);
      expect(retries[0]).toMatchObject({ code: 'SQLITE_BUSY' });
      expect(await getWorkflowExecution(store.db, execution.id)).toBeDefined();
    } finally {
      other.close();
    }
  });

  it.runIf(ctx.dialect === 'postgres')('re-runs the victim of a PostgreSQL deadlock', async () => {
    const retries: unknown[] = [];
    const a = await ctx.openStore({ onRetry: (error) => retries.push(error) });
    const b = await ctx.openStore({ onRetry: (error) => retries.push(error) });
    const [x, y] = [newWorkflowExecution(), newWorkflowExecution()];
    await insertWorkflowExecution(ctx.store.db, x);
    await insertWorkflowExecution(ctx.store.db, y);

    const touch = (tx: Parameters<Parameters<typeof a.transaction>[0]>[0], id: string, by: string) =>
      tx.updateTable('workflow_executions').set({ description: by }).where('id', '=', id).execute();
    let aHolds!: () => void;
    let bHolds!: () => void;
    const aLocked = new Promise<void>((r) => (aHolds = r));
    const bLocked = new Promise<void>((r) => (bHolds = r));
    // Opposite lock order: each waits for the row the other holds until PostgreSQL picks a victim.
    await Promise.all([
      a.transaction(async (tx) => {
        await touch(tx, x.id, 'a');
        aHolds();
        await bLocked;
        await touch(tx, y.id, 'a');
      }),
      b.transaction(async (tx) => {
        await touch(tx, y.id, 'b');
        bHolds();
        await aLocked;
        await touch(tx, x.id, 'b');
      }),
    ]);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ code: '40P01' });
  });
});

describe('openStore from several processes at once', () => {
  it('migrates a fresh SQLite file exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'convection-race-'));
    try {
      const url = `sqlite:${join(dir, 'race.db')}`;
      const stores = await Promise.all([1, 2, 3].map(() => openStore(url, { busyTimeoutMs: 0 })));
      for (const store of stores) expect(await store.migrate()).toEqual([]);
      for (const store of stores) await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(testDialects().includes('postgres'))('migrates a fresh PostgreSQL schema exactly once', async () => {
    const url = process.env['CONVECTION_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
    const schema = `race_${process.pid}_${Date.now()}`;
    const [first, ...rest] = await Promise.all([1, 2, 3].map(() => openStore(url, { schema, poolSize: 2 })));
    if (first === undefined) throw new Error('no store opened');
    try {
      const executed = await first.db.selectFrom(sql.table(`${schema}.kysely_migration`).as('m')).selectAll().execute();
      // Each migration recorded once, though three stores raced to apply them.
      expect(executed).toHaveLength(Object.keys(migrations).length);
    } finally {
      for (const store of rest) await store.close();
      await sql`drop schema ${sql.id(schema)} cascade`.execute(first.db);
      await first.close();
    }
  });
});
