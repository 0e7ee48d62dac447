/**
 * A worker serving one Convection task queue:
 *
 * ```ts
 * const worker = new Worker({
 *   url: 'http://127.0.0.1:8989',
 *   auth: { token },                       // or { keystone: { authUrl, username, password, projectName } }
 *   queue: 'video',
 *   concurrency: 4,
 *   handlers: { 'video.encode': async (input, ctx) => encode(input, ctx.signal) },
 * });
 * worker.start();
 * process.on('SIGTERM', () => void worker.stop());
 * ```
 *
 * It long-polls for as many items as it has free slots, runs each with the handler named after
 * the item's action, heartbeats every lease while its handler runs, and completes the action
 * execution with the handler's result (SUCCESS) or its error message (ERROR). `ctx.signal` aborts
 * when the workflow cancelled the action, when the lease was lost, or when a shutdown gave the
 * lease back; a result after that is dropped, since it is no longer this worker's to report.
 * Polls that fail (server down, network) are retried with exponential backoff and jitter.
 *
 * `stop()` polls no more, waits up to `shutdownTimeoutMs` for running handlers to finish and
 * report, then aborts the rest and releases their leases, so another worker takes them at once.
 */
import { hostname } from 'node:os';
import { tokenSource, type WorkerAuth } from './auth.js';
import { Backoff, pause, type BackoffOptions } from './backoff.js';
import { QueueClient, QueueHttpError, type LeasedItem } from './queue-client.js';

export interface JobContext {
  /** The action execution id. */
  readonly id: string;
  readonly name: string;
  /** The task's attempt (1, then one more per retry). */
  readonly attempt: number;
  readonly projectId: string;
  readonly workflowExecutionId: string | null;
  readonly workflowName: string | null;
  readonly taskExecutionId: string | null;
  readonly taskName: string | null;
  /** Aborted on cancellation, lost lease or shutdown: stop promptly. */
  readonly signal: AbortSignal;
  /** Reports progress now (any JSON), extending the lease. */
  progress(value: unknown): Promise<void>;
}

/** Runs one item; the resolved value is the action's output, a throw its error. */
export type Handler = (input: unknown, ctx: JobContext) => unknown;

export interface WorkerOptions {
  /** The Convection server, e.g. `http://127.0.0.1:8989`. */
  readonly url: string;
  /** Omit for a server without authentication. */
  readonly auth?: WorkerAuth;
  readonly queue: string;
  /** Items run at once. @default 1 */
  readonly concurrency?: number;
  /** By action name. */
  readonly handlers: Readonly<Record<string, Handler>>;
  /** Recorded on leases. @default `<hostname>-<pid>` */
  readonly name?: string;
  /** How long a lease lasts without a heartbeat. @default 30 */
  readonly leaseSeconds?: number;
  /** How often a running item's lease is renewed. @default a third of leaseSeconds */
  readonly heartbeatSeconds?: number;
  /** Longest a poll waits on the server. @default 20 */
  readonly waitSeconds?: number;
  /** Serve every project's items (admins only). @default false */
  readonly allProjects?: boolean;
  readonly backoff?: BackoffOptions;
  /** How long `stop()` lets running handlers finish before releasing their leases. @default 30000 */
  readonly shutdownTimeoutMs?: number;
  /** Failures the worker recovers from (a poll, a heartbeat, a completion); default: ignored. */
  readonly onError?: (error: unknown, during: 'poll' | 'heartbeat' | 'complete' | 'release') => void;
}

interface Running {
  readonly item: LeasedItem;
  readonly controller: AbortController;
  done: Promise<void>;
}

const SHUTDOWN = 'worker shutting down';

export class Worker {
  readonly name: string;
  readonly #options: WorkerOptions;
  readonly #client: QueueClient;
  readonly #concurrency: number;
  readonly #leaseSeconds: number;
  readonly #heartbeatMs: number;
  readonly #running = new Map<string, Running>();
  readonly #stopping = new AbortController();
  #loop: Promise<void> | null = null;
  #slotFreed: (() => void) | null = null;

  constructor(options: WorkerOptions) {
    const concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency must be a positive integer, got ${concurrency}`);
    this.#options = options;
    this.#concurrency = concurrency;
    this.#leaseSeconds = options.leaseSeconds ?? 30;
    this.#heartbeatMs = (options.heartbeatSeconds ?? this.#leaseSeconds / 3) * 1000;
    this.name = options.name ?? `${hostname()}-${process.pid}`;
    this.#client = new QueueClient(options.url, options.queue, tokenSource(options.auth));
  }

  /** Items being run now. */
  get inFlight(): number {
    return this.#running.size;
  }

  /** Starts polling; resolves once `stop()` has finished. */
  start(): Promise<void> {
    this.#loop ??= this.#pollLoop();
    return this.#loop;
  }

  /** Graceful shutdown: no more polls; running items finish, or are released after `shutdownTimeoutMs`. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    this.#slotFreed?.();
    await this.#loop;
    const all = Promise.all([...this.#running.values()].map((r) => r.done));
    const timeout = this.#options.shutdownTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeout)))]);
    clearTimeout(timer);
    await Promise.all(
      [...this.#running.values()].map(async (r) => {
        r.controller.abort(new Error(SHUTDOWN));
        await this.#client.release(r.item).catch((e: unknown) => this.#report(e, 'release'));
      }),
    );
    await all;
  }

  async #pollLoop(): Promise<void> {
    const backoff = new Backoff(this.#options.backoff);
    const stopping = this.#stopping.signal;
    while (!stopping.aborted) {
      const free = this.#concurrency - this.#running.size;
      if (free <= 0) {
        await new Promise<void>((resolve) => (this.#slotFreed = resolve));
        continue;
      }
      try {
        const items = await this.#client.poll({
          batchSize: free,
          waitSeconds: this.#options.waitSeconds ?? 20,
          leaseSeconds: this.#leaseSeconds,
          worker: this.name,
          allProjects: this.#options.allProjects ?? false,
          signal: stopping,
        });
        backoff.reset();
        for (const item of items) this.#start(item);
      } catch (error) {
        if (stopping.aborted) break;
        this.#report(error, 'poll');
        await pause(backoff.next(), stopping);
      }
    }
  }

  #start(item: LeasedItem): void {
    const running: Running = { item, controller: new AbortController(), done: Promise.resolve() };
    this.#running.set(item.id, running);
    running.done = this.#run(running).finally(() => {
      this.#running.delete(item.id);
      const wake = this.#slotFreed;
      this.#slotFreed = null;
      wake?.();
    });
  }

  async #run({ item, controller }: Running): Promise<void> {
    const { signal } = controller;
    const beat = async (progress?: unknown): Promise<void> => {
      try {
        if (await this.#client.heartbeat(item, this.#leaseSeconds, progress)) controller.abort(new Error(`action execution ${item.id} was cancelled`));
      } catch (error) {
        if (error instanceof QueueHttpError && error.leaseLost) controller.abort(new Error(`the lease on action execution ${item.id} was lost`));
        else this.#report(error, 'heartbeat');
      }
    };
    const timer = setInterval(() => void beat(), this.#heartbeatMs);
    try {
      const outcome = await this.#handle(item, {
        id: item.id,
        name: item.name,
        attempt: item.attempt,
        projectId: item.project_id,
        workflowExecutionId: item.workflow_execution_id,
        workflowName: item.workflow_name,
        taskExecutionId: item.task_execution_id,
        taskName: item.task_name,
        signal,
        progress: (value) => beat(value),
      });
      if (!signal.aborted) await this.#complete(item, outcome, signal);
    } finally {
      clearInterval(timer);
    }
  }

  async #handle(item: LeasedItem, ctx: JobContext): Promise<{ state: 'SUCCESS' | 'ERROR'; output: unknown }> {
    const handler = this.#options.handlers[item.name];
    if (handler === undefined) return { state: 'ERROR', output: `Worker ${this.name} has no handler for action ${item.name} (queue ${item.queue})` };
    try {
      return { state: 'SUCCESS', output: await handler(item.input, ctx) };
    } catch (error) {
      return { state: 'ERROR', output: error instanceof Error ? error.message || error.name : String(error) };
    }
  }

  /** Reports the outcome, retrying through network trouble while the lease lasts. */
  async #complete(item: LeasedItem, outcome: { state: 'SUCCESS' | 'ERROR'; output: unknown }, signal: AbortSignal): Promise<void> {
    const backoff = new Backoff(this.#options.backoff);
    for (;;) {
      try {
        await this.#client.complete(item, outcome.state, outcome.output);
        return;
      } catch (error) {
        this.#report(error, 'complete');
        // 4xx: retrying cannot help (409: the lease is gone; the sweeper or another worker decides).
        if (error instanceof QueueHttpError && error.status < 500) return;
        if (signal.aborted) return;
        await pause(backoff.next(), signal);
      }
    }
  }

  #report(error: unknown, during: 'poll' | 'heartbeat' | 'complete' | 'release'): void {
    this.#options.onError?.(error, during);
  }
}
