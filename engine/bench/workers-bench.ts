/**
 * Worker queue benchmark (`npm run bench -- workers`): one with-items task of 10,000 items on a
 * `convection.queue` action, served over HTTP by 4 worker processes (the SDK's test worker, whose
 * handler answers at once), on the embedded SQLite store and on PostgreSQL.
 *
 * Reported: tasks per second from the execution's start to its SUCCESS, and the latency from each
 * lease's grant to its action execution's completion in the engine (`finished_at − leased_at`,
 * both stamped by the server), p50 and p99. A warm-up execution first makes sure every worker is
 * connected and polling.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { serveApi } from '../api/server.js';
import { MEDIA_QUEUE, MEDIA_WORKBOOK } from '../api/testing/media-workbook.js';
import { createEngine } from '../index.js';
import type { Store } from '../store/open-store.js';

const WORKER = fileURLToPath(new URL('../../worker/testing/test-worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface WorkersBenchResult {
  readonly store: string;
  readonly items: number;
  readonly workers: number;
  readonly concurrencyPerWorker: number;
  readonly seconds: number;
  readonly tasksPerSecond: number;
  readonly leaseToCompletionP50Ms: number;
  readonly leaseToCompletionP99Ms: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function startWorker(url: string, name: string, concurrency: number): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    cwd: ROOT,
    env: { ...process.env, CONVECTION_URL: url, TOKEN: 'noauth', QUEUE: MEDIA_QUEUE, WORKER_NAME: name, CONCURRENCY: String(concurrency), LEASE_SECONDS: '120', HEARTBEAT_SECONDS: '40' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<void>((resolve) => {
    // Every line is read (a full pipe would stall the worker); only `ready` matters.
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (line.includes('"ready"')) resolve();
    });
  });
  return { child, ready };
}

export async function runWorkersBench(storeName: string, open: () => Promise<Store>, options: { items?: number; workers?: number; concurrency?: number } = {}): Promise<WorkersBenchResult> {
  const items = options.items ?? 10_000;
  const workerCount = options.workers ?? 4;
  const concurrency = options.concurrency ?? 50;
  const engine = await createEngine(await open(), { pollMs: 50 });
  const api = await serveApi(engine, { authMode: 'noauth', port: 0 });
  const workers = Array.from({ length: workerCount }, (_, i) => startWorker(api.url, `bench-${i}`, concurrency));
  try {
    await engine.definitions.saveWorkbook(MEDIA_WORKBOOK, { projectId: '<default-project>' });
    await Promise.all(workers.map((w) => w.ready));
    const run = async (n: number): Promise<{ id: string; seconds: number }> => {
      const t0 = performance.now();
      const ex = await engine.executions.start({ workflow: 'media.fanout', projectId: '<default-project>', input: new Map([['n', n]]) });
      const done = await engine.executions.waitForSettled(ex.id, 600_000);
      if (done.state !== 'SUCCESS') throw new Error(`the benchmark execution ended ${done.state}: ${done.stateInfo ?? ''}`);
      return { id: ex.id, seconds: (performance.now() - t0) / 1000 };
    };
    await run(workerCount * 4);
    const { id, seconds } = await run(items);
    const rows = await engine.store.db.selectFrom('action_executions').select(['leased_at', 'finished_at']).where('workflow_execution_id', '=', id).execute();
    const latencies = rows.flatMap((r) => (r.leased_at === null || r.finished_at === null ? [] : [r.finished_at - r.leased_at])).sort((a, b) => a - b);
    return {
      store: storeName,
      items,
      workers: workerCount,
      concurrencyPerWorker: concurrency,
      seconds,
      tasksPerSecond: items / seconds,
      leaseToCompletionP50Ms: percentile(latencies, 50),
      leaseToCompletionP99Ms: percentile(latencies, 99),
    };
  } finally {
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((resolve) => (w.child.exitCode === null ? w.child.once('exit', resolve) : resolve(null)))));
    await api.close();
    await engine.close();
  }
}
