/**
 * A worker process for the SDK's tests: serves queue `$QUEUE` with one handler, `encode`, and
 * prints one JSON line per happening on stdout (`ready`, `start`, `done`, `aborted`, `stopped`).
 *
 * The handler takes `{file, ms?}`: it waits `ms` milliseconds, or, when `$GATE` names a file,
 * until that file exists, then answers `{file, worker}`. SIGTERM stops the worker gracefully.
 */
import { existsSync } from 'node:fs';
import { Worker } from '../index.js';
import { pause } from '../backoff.js';

function env(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
}

function say(event: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ event, worker: name, ...fields })}\n`);
}

const name = env('WORKER_NAME');
const gate = process.env['GATE'];

async function hold(ms: number, signal: AbortSignal): Promise<void> {
  if (gate === undefined) {
    await pause(ms, signal);
    return;
  }
  while (!existsSync(gate) && !signal.aborted) await pause(25, signal);
}

const worker = new Worker({
  url: env('CONVECTION_URL'),
  auth: { token: env('TOKEN') },
  queue: env('QUEUE', 'video'),
  name,
  concurrency: Number(env('CONCURRENCY', '1')),
  leaseSeconds: Number(env('LEASE_SECONDS', '30')),
  heartbeatSeconds: Number(env('HEARTBEAT_SECONDS', '10')),
  waitSeconds: 1,
  shutdownTimeoutMs: Number(env('SHUTDOWN_MS', '30000')),
  backoff: { initialMs: 50, maxMs: 500 },
  handlers: {
    async encode(input, ctx) {
      const { file, ms } = input as { file: string; ms?: number };
      say('start', { id: ctx.id, file, attempt: ctx.attempt });
      await hold(ms ?? 0, ctx.signal);
      if (ctx.signal.aborted) {
        say('aborted', { id: ctx.id, reason: String(ctx.signal.reason) });
        return null;
      }
      say('done', { id: ctx.id, file });
      return { file, worker: name };
    },
  },
  onError: (error, during) => say('error', { during, message: error instanceof Error ? error.message : String(error) }),
});

process.once('SIGTERM', () => {
  void worker.stop().then(() => {
    say('stopped');
    process.exit(0);
  });
});
say('ready');
await worker.start();
