/**
 * Task queues for external workers: the runtime side of `convection.queue`.
 *
 * A task's queued action execution stays RUNNING while it waits for, and is held by, a worker.
 * Workers lease it by polling, keep the lease with heartbeats and complete it with their lease
 * (`PUT /v2/action_executions/{id}`). Leases are rows in the database, so every engine replica
 * serves the same queues: claims are atomic (repositories/queues.ts), and a completion and a
 * lease expiry each settle the lease with one conditional update, so exactly one of them wins.
 *
 * A lease that runs out without a heartbeat is a failed attempt: the sweeper (every replica runs
 * one; they cannot collide) sends the run an ERROR, and the task's retry policy decides what comes
 * next, a fresh action execution on the same queue if it retries. Both the completion and the
 * expiry commit their event as a job together with the lease change, so a crash loses neither.
 *
 * Direct runs (`POST /v2/action_executions` of a queued action) have no task: they are completed
 * in place, and an expired lease fails them. Between settling such a run's lease and writing its
 * result there is no shared transaction; a crash exactly there leaves the run RUNNING.
 */
import type { Value } from '../../language/values/value.js';
import type { QueueSink } from '../../actions/queue/queue-action.js';
import type { Store } from '../../store/open-store.js';
import {
  claimQueued,
  deleteQueueLimits,
  listExpiredQueueLeases,
  markQueued,
  putQueueLimits,
  queueStats,
  releaseQueueLease,
  renewQueueLease,
  settleExpiredQueueLease,
  settleQueueLease,
  type QueueEntry,
  type QueueLimits,
  type QueueStats,
} from '../../store/repositories/queues.js';
import { enqueueJobs } from '../../store/repositories/jobs.js';
import type { ActionExecution, EpochMs, JsonText, NewJob } from '../../store/schema.js';
import type { EngineEvent } from '../decision.js';
import type { Engine } from '../engine.js';
import { EngineError } from '../errors.js';
import { newId } from '../ids.js';
import { encode, encodeEvent } from '../persistence/codec.js';
import { errorInfo } from '../standalone-actions.js';
import { GroupCommit } from './group-commit.js';
import { QueueWakeups } from './wakeups.js';

export interface QueueServiceOptions {
  /** The time leases and rate limits are measured in. @default the engine's clock */
  readonly clock?: () => number;
  /** The engine's clock, for the jobs completions are committed with. @default Date.now */
  readonly engineClock?: () => number;
  /** How often expired leases are looked for (ms). @default 1000 */
  readonly sweepMs?: number;
  /** How often a waiting poll looks again without being woken, for work queued by other replicas (ms). @default 250 */
  readonly recheckMs?: number;
}

export interface PollRequest {
  readonly queue: string;
  /** Null: every project's items (admins). */
  readonly projectId: string | null;
  readonly batchSize: number;
  readonly waitMs: number;
  readonly leaseMs: number;
  readonly worker: string;
  /** Aborted when the poller goes away: nothing more is claimed for it. */
  readonly signal?: AbortSignal;
}

export interface HeartbeatRequest {
  readonly id: string;
  readonly leaseId: string;
  readonly leaseMs: number;
  readonly progressJson?: JsonText;
}

export interface Completion {
  readonly state: 'SUCCESS' | 'ERROR' | 'CANCELLED';
  readonly output: Value;
}

/** A workflow action's completion or expiry: its lease settled and its event committed together. */
interface Settlement {
  readonly id: string;
  readonly executionId: string;
  readonly leaseId: string;
  readonly now: EpochMs;
  readonly event: EngineEvent;
  readonly expired: boolean;
}

export class QueueService implements QueueSink {
  readonly #store: Store;
  readonly #engine: Engine;
  readonly #clock: () => number;
  readonly #engineClock: () => number;
  readonly #sweepMs: number;
  readonly #recheckMs: number;
  readonly #wakeups = new QueueWakeups();
  readonly #enqueues = new GroupCommit<QueueEntry, void>((items) => this.#markQueued(items));
  // Completions arrive one HTTP request each; committed together, they reach the engine as one batch.
  readonly #settlements = new GroupCommit<Settlement, string | null>((items) => this.#settle(items));
  #sweepTimer: NodeJS.Timeout | null = null;
  #sweeping: Promise<void> | null = null;
  #running = false;

  constructor(store: Store, engine: Engine, options: QueueServiceOptions = {}) {
    this.#store = store;
    this.#engine = engine;
    this.#engineClock = options.engineClock ?? Date.now;
    this.#clock = options.clock ?? this.#engineClock;
    this.#sweepMs = options.sweepMs ?? 1000;
    this.#recheckMs = options.recheckMs ?? 250;
  }

  enqueue(actionExecutionId: string, queue: string, input: Value): Promise<void> {
    return this.#enqueues.submit({ id: actionExecutionId, queue, inputJson: encode(input) });
  }

  async #markQueued(entries: readonly QueueEntry[]): Promise<void[]> {
    await markQueued(this.#store, entries, this.#clock());
    for (const queue of new Set(entries.map((e) => e.queue))) this.#wakeups.wake(queue);
    return entries.map(() => undefined);
  }

  /** Settles each lease and commits the event it implies, in one transaction; null where the lease was not live. */
  #settle(items: readonly Settlement[]): Promise<(string | null)[]> {
    return this.#store.transaction(async (tx) => {
      const jobIds: (string | null)[] = [];
      const jobs: NewJob[] = [];
      const now = this.#engineClock();
      for (const s of items) {
        const lease = { id: s.id, leaseId: s.leaseId, now: s.now };
        const settled = s.expired ? await settleExpiredQueueLease(tx, lease) : await settleQueueLease(tx, lease);
        if (!settled) {
          jobIds.push(null);
          continue;
        }
        const id = newId();
        jobIds.push(id);
        // Claimed by this engine, which handles it right after commit (another one after a crash).
        jobs.push({ id, kind: 'event', root_execution_id: null, entity_id: s.executionId, payload_json: encodeEvent(s.event), due_at: now, claimed_by: this.#engine.owner, claimed_until: now + this.#engine.leaseMs, attempts: 1, last_error: null, created_at: now });
      }
      await enqueueJobs(tx, jobs);
      return jobIds;
    });
  }

  /** Settles through the group commit, then hands the event to the engine; false when the lease was not live. */
  async #settleAndDeliver(s: Settlement): Promise<boolean> {
    const jobId = await this.#settlements.submit(s);
    if (jobId === null) return false;
    await this.#engine.deliverJob(s.executionId, s.event, jobId);
    return true;
  }

  /** Leases up to `batchSize` items, waiting up to `waitMs` for the first one to arrive. */
  async poll(req: PollRequest): Promise<ActionExecution[]> {
    const deadline = performance.now() + req.waitMs;
    const gone = (): boolean => req.signal?.aborted === true;
    for (;;) {
      if (gone()) return [];
      const claimed = await claimQueued(this.#store, {
        queue: req.queue,
        projectId: req.projectId,
        limit: req.batchSize,
        leaseMs: req.leaseMs,
        now: this.#clock(),
        owner: req.worker,
        leasePrefix: `${newId()}.`,
      });
      if (claimed.length > 0 && gone()) {
        // The poller left while we claimed: give the items back rather than let them fail by expiry.
        const now = this.#clock();
        for (const row of claimed) if (row.lease_id !== null) await releaseQueueLease(this.#store.db, { id: row.id, leaseId: row.lease_id, now });
        this.#wakeups.wake(req.queue);
        return [];
      }
      const left = deadline - performance.now();
      if (claimed.length > 0 || left <= 0) return claimed;
      await this.#wakeups.wait(req.queue, Math.min(left, this.#recheckMs), req.signal);
    }
  }

  /** Extends a lease; `cancelled` once the action execution stopped running (e.g. its workflow was cancelled). */
  async heartbeat(req: HeartbeatRequest): Promise<{ readonly cancelled: boolean; readonly expiresAt: EpochMs }> {
    const beat = await renewQueueLease(this.#store.db, { id: req.id, leaseId: req.leaseId, now: this.#clock(), leaseMs: req.leaseMs, progressJson: req.progressJson });
    if (beat === undefined) throw lostLease(req.id);
    return { cancelled: beat.state !== 'RUNNING', expiresAt: beat.expiresAt };
  }

  /** Gives a lease back unused: the item is available again at once (a worker shutting down). */
  async release(id: string, queue: string, leaseId: string): Promise<void> {
    if (!(await releaseQueueLease(this.#store.db, { id, leaseId, now: this.#clock() }))) throw lostLease(id);
    this.#wakeups.wake(queue);
  }

  /**
   * Completes a queued action execution for the worker holding `leaseId`. A lease that expired, was
   * replaced or was already used answers 409 and changes nothing.
   */
  async complete(row: ActionExecution, leaseId: string, completion: Completion): Promise<void> {
    const now = this.#clock();
    if (row.workflow_execution_id === null) {
      if (!(await settleQueueLease(this.#store.db, { id: row.id, leaseId, now }))) throw lostLease(row.id);
      const stateInfo = completion.state === 'ERROR' ? errorInfo(completion.output) : null;
      this.#wakeups.wake(row.queue_name ?? '');
      await this.#engine.completeStandalone(row.id, { ...completion, stateInfo });
      return;
    }
    const event: EngineEvent = { type: 'run-completed', runId: row.id, state: completion.state, output: completion.output };
    const settled = this.#settleAndDeliver({ id: row.id, executionId: row.workflow_execution_id, leaseId, now, event, expired: false });
    // A freed lease may let a concurrency-limited poll through.
    void settled.then(() => this.#wakeups.wake(row.queue_name ?? ''), () => undefined);
    if (!(await settled)) throw lostLease(row.id);
  }

  stats(options: { readonly projectId: string | null; readonly name?: string }): Promise<QueueStats[]> {
    return queueStats(this.#store.db, { ...options, now: this.#clock() });
  }

  async setLimits(projectId: string, name: string, limits: QueueLimits): Promise<void> {
    await putQueueLimits(this.#store.db, { projectId, name, limits, now: this.#clock() });
    this.#wakeups.wake(name);
  }

  async removeLimits(projectId: string, name: string): Promise<boolean> {
    const removed = await deleteQueueLimits(this.#store.db, { projectId, name });
    this.#wakeups.wake(name);
    return removed;
  }

  /** Starts sweeping expired leases. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    const tick = (): void => {
      if (!this.#running) return;
      const sweeping: Promise<void> = this.sweep()
        .then(() => undefined, () => undefined)
        .finally(() => {
          if (this.#sweeping === sweeping) this.#sweeping = null;
          if (this.#running) this.#sweepTimer = setTimeout(tick, this.#sweepMs);
        });
      this.#sweeping = sweeping;
    };
    this.#sweepTimer = setTimeout(tick, this.#sweepMs);
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#sweepTimer) clearTimeout(this.#sweepTimer);
    this.#wakeups.wakeAll();
    await this.#sweeping;
  }

  /** Fails every attempt whose lease ran out; returns how many. */
  async sweep(): Promise<number> {
    const now = this.#clock();
    let failed = 0;
    for (const row of await listExpiredQueueLeases(this.#store.db, { now, limit: 200 })) {
      if (row.lease_id === null) continue;
      const message = `Lease of action execution ${row.id} (${row.name}) on queue ${row.queue_name ?? ''} expired without a heartbeat from worker ${row.lease_owner ?? 'unknown'}`;
      if (row.workflow_execution_id === null) {
        if (await settleExpiredQueueLease(this.#store.db, { id: row.id, leaseId: row.lease_id, now })) {
          await this.#engine.completeStandalone(row.id, { state: 'ERROR', output: message, stateInfo: message });
          failed++;
        }
        continue;
      }
      const event: EngineEvent = { type: 'run-completed', runId: row.id, state: 'ERROR', output: message };
      if (await this.#settleAndDeliver({ id: row.id, executionId: row.workflow_execution_id, leaseId: row.lease_id, now, event, expired: true })) failed++;
    }
    return failed;
  }
}

function lostLease(id: string): EngineError {
  return new EngineError('conflict', `The lease on action execution ${id} is not held: it expired, was completed, or belongs to another worker`);
}
