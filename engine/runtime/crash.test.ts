/**
 * Crash test: a child process runs 200 mixed workflows; the test kills it with SIGKILL at random
 * moments several times and starts it again. Every execution must end exactly as in an
 * uninterrupted run, no execution may stay RUNNING, and the side-effecting HTTP call (not
 * safe-rerun) must never reach the server twice.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openStore, type Store } from '../store/open-store.js';
import { testDialects } from '../store/testing/each-store.js';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'testing', 'crash-worker.ts');
const EXECUTIONS = 200;
const PG_URL = process.env['CONVECTION_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Outcome {
  readonly state: string;
  readonly output: string | null;
}

let server: Server;
let port = 0;
const hits = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const key = req.url ?? '';
    hits.set(key, (hits.get(key) ?? 0) + 1);
    res.setHeader('content-type', 'application/json');
    res.end('{"ok": true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/**
 * Runs the worker. With `killAt`, the worker is SIGKILLed as soon as `killAt()` holds (checked
 * every 50 ms). Resolves true when the worker settled everything by itself.
 */
function runWorker(target: Target, killAt: (() => Promise<boolean>) | null): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, target.url, String(port), String(EXECUTIONS), ...(target.schema ? [target.schema] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let exited = false;
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const watch = async (): Promise<void> => {
      while (killAt && !exited) {
        if (await killAt().catch(() => false)) {
          child.kill('SIGKILL');
          return;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    void watch();
    child.on('exit', (code, signal) => {
      exited = true;
      if (signal === 'SIGKILL') return resolve(false);
      if (code !== 0) return reject(new Error(`worker exited ${code}: ${err}`));
      resolve(out.includes('settled'));
    });
  });
}

/** A database the worker runs on: a SQLite file, or a fresh PostgreSQL schema. */
interface Target {
  readonly url: string;
  readonly schema?: string;
}

function open(target: Target): Promise<Store> {
  return openStore(target.url, target.schema ? { schema: target.schema } : {});
}

async function outcomes(target: Target): Promise<Map<string, Outcome>> {
  const store = await open(target);
  try {
    const rows = await store.db.selectFrom('workflow_executions').select(['id', 'state', 'output_json']).where('task_execution_id', 'is', null).orderBy('id').execute();
    return new Map(rows.map((r) => [r.id, { state: r.state, output: r.output_json }]));
  } finally {
    await store.close();
  }
}

describe('crash recovery', () => {
  const dir = mkdtempSync(join(tmpdir(), 'convection-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  let expected: Map<string, Outcome> | null = null;

  async function uninterrupted(): Promise<Map<string, Outcome>> {
    if (expected) return expected;
    const reference = { url: `sqlite:${join(dir, 'reference.db')}` };
    expect(await runWorker(reference, null)).toBe(true);
    expected = await outcomes(reference);
    expect(expected.size).toBe(EXECUTIONS);
    expect([...expected.values()].every((o) => o.state === 'SUCCESS')).toBe(true);
    return expected;
  }

  it.each(testDialects())('ends every execution as an uninterrupted run would, after repeated SIGKILLs [%s]', async (dialect) => {
    const reference = await uninterrupted();
    hits.clear();
    const schema = `crash_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const crashed: Target = dialect === 'sqlite' ? { url: `sqlite:${join(dir, 'crashed.db')}` } : { url: PG_URL, schema };
    try {
      await crashAndCheck(crashed, reference);
    } finally {
      if (dialect === 'postgres') {
        const admin = await openStore(PG_URL, { migrate: false });
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.db);
        await admin.close();
      }
    }
  }, 240_000);

  async function crashAndCheck(crashed: Target, expected: Map<string, Outcome>): Promise<void> {
    // Kill points at increasing progress: while starting, and after 10%, 30%, 55% and 80% finished.
    const targets = [0, 20, 60, 110, 160];
    const reader = await open(crashed);
    let killed = 0;
    try {
      for (const target of targets) {
        const killAt = async (): Promise<boolean> => {
          const row = await reader.db.selectFrom('workflow_executions').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'SUCCESS').where('task_execution_id', 'is', null).executeTakeFirstOrThrow();
          return target === 0 ? (await reader.db.selectFrom('workflow_executions').select('id').limit(1).execute()).length > 0 : Number(row.n) >= target;
        };
        if (!(await runWorker(crashed, killAt))) killed++;
      }
    } finally {
      await reader.close();
    }
    expect(killed).toBeGreaterThanOrEqual(3);
    expect(await runWorker(crashed, null)).toBe(true);

    const actual = await outcomes(crashed);
    expect(actual.size).toBe(EXECUTIONS);
    for (const [id, outcome] of expected) expect({ id, ...actual.get(id) }).toEqual({ id, ...outcome });
    const store = await open(crashed);
    try {
      const stuck = await store.db.selectFrom('workflow_executions').select('id').where('state', 'in', ['RUNNING', 'IDLE', 'PAUSED']).execute();
      expect(stuck).toEqual([]);
    } finally {
      await store.close();
    }
    // The side effect reached the server at most once per execution; a call lost in a crash was
    // not repeated but failed its task with a message saying why.
    expect(hits.size).toBeGreaterThan(EXECUTIONS / 2);
    expect([...hits.values()].every((n) => n === 1)).toBe(true);
    const check = await open(crashed);
    try {
      const calls = await check.db.selectFrom('task_executions').select(['state', 'state_info']).where('name', '=', 'side_effect').execute();
      expect(calls).toHaveLength(EXECUTIONS);
      for (const c of calls.filter((x) => x.state !== 'SUCCESS')) expect(c.state_info).toMatch(/not safe to run twice/);
      // Lost calls may or may not have reached the server before the kill; successes all did.
      expect(calls.filter((c) => c.state === 'SUCCESS').length).toBeLessThanOrEqual(hits.size);
    } finally {
      await check.close();
    }
  }
});
