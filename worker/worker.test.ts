/**
 * The worker SDK against a real server, each worker a separate `node --import tsx` process.
 * Nothing here is timed: the tests wait for what the processes report and assert what the store
 * holds afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { FastifyRequest } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { AuthContext } from '../engine/api/auth/auth-context.js';
import { ApiErrors } from '../engine/api/errors.js';
import { serveApi, type RunningApi } from '../engine/api/server.js';
import { MEDIA_WORKBOOK } from '../engine/api/testing/media-workbook.js';
import { createEngine, type ConvectionEngine } from '../engine/index.js';
import { describeEachStore } from '../engine/store/testing/each-store.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `X-Auth-Token: <project>` is a member of that project; nothing else gets in. */
async function tokenAuth(request: FastifyRequest): Promise<AuthContext> {
  const token = request.headers['x-auth-token'];
  if (typeof token !== 'string' || !/^p\d$/.test(token)) throw new ApiErrors.Unauthenticated('Authentication required');
  return { userId: `u-${token}`, userName: `u-${token}`, projectId: token, projectName: token, domainId: 'default', roles: ['member'], isAdmin: false, readOnly: false, token, expiresAt: null };
}

interface Said {
  readonly event: string;
  readonly worker: string;
  readonly id?: string;
  readonly file?: string;
  readonly reason?: string;
}

/** A worker process and everything it printed. */
class WorkerProcess {
  readonly lines: Said[] = [];
  readonly exited: Promise<number | null>;
  readonly #child: ChildProcess;
  readonly #waiters: Array<() => void> = [];

  constructor(
    readonly name: string,
    env: Record<string, string>,
  ) {
    this.#child = spawn(process.execPath, ['--import', 'tsx', 'worker/testing/test-worker.ts'], {
      cwd: ROOT,
      env: { ...process.env, WORKER_NAME: name, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: this.#child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      this.lines.push(JSON.parse(line) as Said);
      for (const w of this.#waiters.splice(0)) w();
    });
    this.exited = new Promise((resolve) => this.#child.once('exit', (code) => resolve(code)));
  }

  /** Resolves once the worker printed a line matching `match`. */
  async waitFor(match: (s: Said) => boolean): Promise<Said> {
    for (;;) {
      const found = this.lines.find(match);
      if (found !== undefined) return found;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  kill(signal: NodeJS.Signals): void {
    this.#child.kill(signal);
  }
}

describeEachStore('worker SDK with worker processes', (ctx) => {
  let engine: ConvectionEngine;
  let api: RunningApi;
  let dir: string;
  let workers: WorkerProcess[] = [];

  beforeAll(async () => {
    engine = await createEngine(await ctx.openStore(), { pollMs: 50, queues: { sweepMs: 100 } });
    api = await serveApi(engine, { authMode: 'keystone', auth: tokenAuth, port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'convection-workers-'));
  });
  beforeEach(async () => {
    await engine.store.db.deleteFrom('task_queues').execute();
    await engine.definitions.loadCatalog();
    const res = await fetch(`${api.url}/v2/workbooks`, { method: 'POST', headers: { 'content-type': 'text/plain', 'x-auth-token': 'p1' }, body: MEDIA_WORKBOOK });
    expect(res.status, await res.text()).toBe(201);
  });
  afterEach(async () => {
    for (const w of workers) w.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    workers = [];
  });
  afterAll(async () => {
    await api.close();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function startWorker(name: string, env: Record<string, string> = {}): WorkerProcess {
    const w = new WorkerProcess(name, { CONVECTION_URL: api.url, TOKEN: 'p1', ...env });
    workers.push(w);
    return w;
  }

  async function start(workflow: string, input: Record<string, unknown>): Promise<string> {
    const res = await fetch(`${api.url}/v2/executions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': 'p1' },
      body: JSON.stringify({ workflow_name: workflow, input }),
    });
    const body = (await res.json()) as { id: string };
    expect(res.status).toBe(201);
    return body.id;
  }

  function actionRows(executionIds: readonly string[]) {
    return engine.store.db.selectFrom('action_executions').selectAll().where('workflow_execution_id', 'in', executionIds).orderBy('created_at').execute();
  }

  /** Per action execution, how many times it was recorded finishing: must be at most once each. */
  async function completionsPerAction(executionIds: readonly string[]): Promise<number[]> {
    const rows = await engine.store.db
      .selectFrom('execution_events')
      .select(['entity_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('execution_id', 'in', executionIds)
      .where('entity_type', '=', 'action')
      .where('state', 'in', ['SUCCESS', 'ERROR', 'CANCELLED'])
      .groupBy('entity_id')
      .execute();
    return rows.map((r) => Number(r.n));
  }

  it('finishes the work of a worker killed mid-task once its lease expires, completing every action once', { timeout: 120_000 }, async () => {
    const gate = join(dir, `gate-${ctx.dialect}`);
    const env = { GATE: gate, LEASE_SECONDS: '4', HEARTBEAT_SECONDS: '0.3' };
    const pool = [startWorker('w1', env), startWorker('w2', env), startWorker('w3', env)];
    const executions = [await start('media.one', { file: 'a' }), await start('media.one', { file: 'b' }), await start('media.one', { file: 'c' }), await start('media.one', { file: 'd' })];
    const started = await Promise.all(pool.map((w) => w.waitFor((s) => s.event === 'start')));

    const [victim, ...survivors] = pool;
    const victimItem = started[0];
    victim?.kill('SIGKILL');
    await victim?.exited;
    writeFileSync(gate, '');

    for (const id of executions) expect((await engine.executions.waitForSettled(id, 60_000)).state).toBe('SUCCESS');
    const rows = await actionRows(executions);
    const story = JSON.stringify(rows.map((r) => [r.workflow_execution_id, r.state, r.attempt, r.lease_owner, r.output_json]));
    const lost = rows.find((r) => r.id === victimItem?.id);
    expect(lost?.state).toBe('ERROR');
    expect(lost?.output_json).toContain('expired without a heartbeat from worker w1');
    const redone = rows.find((r) => r.workflow_execution_id === lost?.workflow_execution_id && r.state === 'SUCCESS');
    expect(redone?.attempt).toBe(2);
    expect(['w2', 'w3']).toContain(JSON.parse(redone?.output_json ?? '{}').worker);
    // One success per execution, and no action execution finished twice.
    expect(rows.filter((r) => r.state === 'SUCCESS')).toHaveLength(4);
    expect(rows, story).toHaveLength(5);
    expect(await completionsPerAction(executions)).toEqual(rows.map(() => 1));
    expect(survivors.flatMap((w) => w.lines.filter((l) => l.event === 'error'))).toEqual([]);
  });

  it('keeps a task that outlasts its lease alive with heartbeats', { timeout: 60_000 }, async () => {
    const w = startWorker('steady', { LEASE_SECONDS: '1', HEARTBEAT_SECONDS: '0.2' });
    const ex = await start('media.one', { file: 'long', ms: 4000 });
    expect((await engine.executions.waitForSettled(ex, 30_000)).state).toBe('SUCCESS');
    const rows = await actionRows([ex]);
    expect(rows.map((r) => [r.state, r.attempt])).toEqual([['SUCCESS', 1]]);
    expect(w.lines.filter((l) => l.event === 'start')).toHaveLength(1);
  });

  it('never leases more items at once than the queue allows, across worker processes', { timeout: 90_000 }, async () => {
    const limits = await fetch(`${api.url}/v2/queues/video`, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-auth-token': 'p1' }, body: JSON.stringify({ max_concurrency: 2 }) });
    expect(limits.status).toBe(200);
    const gate = join(dir, `gate-limit-${ctx.dialect}`);
    for (const name of ['c1', 'c2', 'c3']) startWorker(name, { GATE: gate, CONCURRENCY: '2', LEASE_SECONDS: '10', HEARTBEAT_SECONDS: '1' });
    const ex = await start('media.many', { files: Array.from({ length: 8 }, (_, i) => `f${i}`) });
    const leasedNow = async (): Promise<number> => {
      const row = await engine.store.db
        .selectFrom('action_executions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('workflow_execution_id', '=', ex)
        .where('state', '=', 'RUNNING')
        .where('lease_expires_at', '>', Date.now())
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    const seen: number[] = [];
    // Gate closed: the workers keep polling with free slots while two items are held.
    while (seen.filter((n) => n === 2).length < 20) {
      seen.push(await leasedNow());
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    writeFileSync(gate, '');
    const settled = engine.executions.waitForSettled(ex, 60_000);
    let done = false;
    void settled.finally(() => (done = true));
    while (!done) {
      seen.push(await leasedNow());
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await settled).state).toBe('SUCCESS');
    expect(Math.max(...seen)).toBe(2);
    expect((await actionRows([ex])).filter((r) => r.state === 'SUCCESS')).toHaveLength(8);
  });

  it('gives running work back on graceful shutdown, so another worker takes it without a failed attempt', { timeout: 60_000 }, async () => {
    const gate = join(dir, `gate-stop-${ctx.dialect}`);
    const leaving = startWorker('leaving', { GATE: gate, SHUTDOWN_MS: '100' });
    const ex = await start('media.one', { file: 'handover' });
    await leaving.waitFor((s) => s.event === 'start');
    leaving.kill('SIGTERM');
    expect(await leaving.exited).toBe(0);
    expect(leaving.lines.map((l) => l.event)).toEqual(['ready', 'start', 'aborted', 'stopped']);
    const [released] = await actionRows([ex]);
    expect(released).toMatchObject({ state: 'RUNNING', lease_id: null, attempt: 1 });

    writeFileSync(gate, '');
    const taker = startWorker('taker');
    expect((await engine.executions.waitForSettled(ex, 30_000)).state).toBe('SUCCESS');
    const rows = await actionRows([ex]);
    expect(rows.map((r) => [r.id, r.state, r.attempt])).toEqual([[released?.id, 'SUCCESS', 1]]);
    expect(JSON.parse(rows[0]?.output_json ?? '{}')).toEqual({ file: 'handover', worker: 'taker' });
    expect(taker.lines.some((l) => l.event === 'done')).toBe(true);
  });

  it('aborts ctx.signal when the workflow is cancelled', { timeout: 60_000 }, async () => {
    const gate = join(dir, `gate-cancel-${ctx.dialect}`);
    const w = startWorker('cancellable', { GATE: gate, LEASE_SECONDS: '5', HEARTBEAT_SECONDS: '0.2' });
    const ex = await start('media.one', { file: 'doomed' });
    await w.waitFor((s) => s.event === 'start');
    const res = await fetch(`${api.url}/v2/executions/${ex}`, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-auth-token': 'p1' }, body: JSON.stringify({ state: 'CANCELLED' }) });
    expect(res.status).toBe(200);
    const aborted = await w.waitFor((s) => s.event === 'aborted');
    expect(aborted.reason).toContain('was cancelled');
    expect((await actionRows([ex])).map((r) => r.state)).toEqual(['CANCELLED']);
  });
});
