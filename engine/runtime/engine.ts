/**
 * The engine loop: the I/O around the pure decision function. For each event it locks the
 * execution, decides, writes the changes, the history and the follow-up jobs in one transaction,
 * then runs the actions the decision asked for.
 *
 * Throughput comes from batching: one transaction processes many events (follow-up events of the
 * same batch are handled in it directly), and instant pure actions (std.noop, std.echo, …) run
 * inside the batch. Everything else goes through the jobs table, so a crash at any instant loses
 * nothing: uncommitted work is redone, committed work is resumed from its job.
 *
 * Actions run directly (no workflow, `POST /v2/action_executions`) use the same `run_action` jobs
 * and leases; having no execution to send an event to, their completion updates their row.
 */
import { failure } from '../actions/action.js';
import type { ActionOutcome } from '../actions/action.js';
import { executeAction } from '../actions/execute-action.js';
import type { ActionRegistry } from '../actions/registry.js';
import type { Value } from '../language/values/value.js';
import type { Store } from '../store/open-store.js';
import { getActionExecution, insertActionExecutions, updateActionExecution } from '../store/repositories/action-executions.js';
import { appendEvents } from '../store/repositories/events.js';
import { claimDueJobs, completeJob, completeJobs, enqueueJobs, renewJobLease } from '../store/repositories/jobs.js';
import type { ActionExecution, Job, NewExecutionEvent, NewJob, NewWorkflowExecution, StoreDb } from '../store/schema.js';
import type { DecideEnv } from './catalog.js';
import { decide } from './decide.js';
import type { Command, EngineEvent, HistoryEvent } from './decision.js';
import type { DefinitionCatalog } from './definition-catalog.js';
import { newId } from './ids.js';
import { applyDecision, CachedSnapshot, loadSnapshot, lockExecutions, noneTouched, writeChanges, type Touched } from './persistence/snapshot-store.js';
import { decodeEvent, encode, encodeEvent } from './persistence/codec.js';
import type { Run } from './model.js';
import { isTerminal } from './states.js';
import {
  decodeStandaloneRun,
  encodeStandaloneRun,
  outcomeCompletion,
  runWithTimeout,
  settleStandalone,
  type StandaloneCompletion,
  type StandaloneRun,
  type StandaloneStart,
} from './standalone-actions.js';

export interface EngineOptions {
  /** Identifies this process in job claims. */
  readonly owner?: string;
  /** How long a claimed job stays ours without renewal; a crashed engine's jobs return after this. */
  readonly leaseMs?: number;
  /** How often due jobs (timers, recovered work) are polled for. */
  readonly pollMs?: number;
  /** Most events one transaction handles. */
  readonly batchEvents?: number;
  /** Longest a transaction keeps taking new events (ms); bounds how long others wait for the lock. */
  readonly batchMillis?: number;
  /** Most actions running at once in this process. */
  readonly maxConcurrentActions?: number;
  readonly clock?: () => number;
}

/** One state change, as subscribers (event streams, `convection run`) see it. */
export interface EngineNotification extends HistoryEvent {
  readonly executionId: string;
  readonly rootExecutionId: string;
  readonly projectId: string;
}

/** An action run of a workflow execution: its completion is an event to that execution. */
interface WorkflowDispatch {
  readonly kind: 'workflow';
  readonly runId: string;
  readonly executionId: string;
  readonly jobId: string;
}

/** A direct run (no workflow): its completion updates its row. */
interface StandaloneDispatch {
  readonly kind: 'standalone';
  readonly runId: string;
  readonly jobId: string;
  readonly run: StandaloneRun;
  /** Called once this engine is done with the run (finished, gone asynchronous, or stopped). */
  readonly settled?: () => void;
}

type Dispatch = WorkflowDispatch | StandaloneDispatch;

interface InboxItem {
  readonly executionId: string;
  readonly event: EngineEvent;
  /** The job that carried the event, deleted in the same transaction that handles it. */
  readonly jobId: string | null;
  /** A new execution to insert in the same transaction that starts it (group commit of starts). */
  readonly create?: NewWorkflowExecution;
  /** Settled once the batch holding this item has committed (or failed). */
  readonly done?: { resolve: () => void; reject: (e: unknown) => void };
}

const INSTANT_ACTIONS = new Set(['std.noop', 'std.fail', 'std.test_dict']);

export class Engine {
  readonly owner: string;
  readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly batchEvents: number;
  private readonly batchMillis: number;
  private readonly maxConcurrentActions: number;
  private readonly clock: () => number;
  private readonly cache = new Map<string, CachedSnapshot>();
  private inbox: InboxItem[] = [];
  /** Events a full batch passed on (already stored as claimed jobs), taken by the next batch. */
  private inboxNext: InboxItem[] = [];
  private draining: Promise<void> | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private running = false;
  private readonly inFlight = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly waitingActions: Dispatch[] = [];
  private readonly listeners = new Set<(n: EngineNotification) => void>();
  private idleWaiters: Array<() => void> = [];

  constructor(
    readonly store: Store,
    readonly registry: ActionRegistry,
    readonly catalog: DefinitionCatalog,
    options: EngineOptions = {},
  ) {
    this.owner = options.owner ?? `engine-${newId()}`;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 200;
    this.batchEvents = options.batchEvents ?? 5_000;
    this.batchMillis = options.batchMillis ?? 250;
    this.maxConcurrentActions = options.maxConcurrentActions ?? 256;
    this.clock = options.clock ?? Date.now;
  }

  /** Starts polling for due jobs: timers, and work left behind by a stopped engine. */
  start(): void {
    if (this.running) return;
    this.running = true;
    const tick = (): void => {
      if (!this.running) return;
      const polling: Promise<void> = this.poll()
        .then(() => undefined, () => undefined)
        .finally(() => {
          if (this.polling === polling) this.polling = null;
          if (this.running) this.pollTimer = setTimeout(tick, this.pollMs);
        });
      this.polling = polling;
    };
    tick();
  }

  /** Stops polling and waits for running actions; their jobs stay claimed until the lease ends. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    // A poll under way may still dispatch what it claimed; those runs must be aborted below too.
    await this.polling;
    for (const f of this.inFlight.values()) f.controller.abort();
    await Promise.allSettled([...this.inFlight.values()].map((f) => f.done));
    await this.draining;
  }

  subscribe(listener: (n: EngineNotification) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Delivers an event to an execution (operator actions, completions from outside). */
  async send(executionId: string, event: EngineEvent): Promise<void> {
    this.inbox.push({ executionId, event, jobId: null });
    await this.drain();
  }

  /**
   * Delivers an event whose job (claimed by this engine) already carries it durably, and resolves
   * once the batch handling it has committed (not when the inbox is empty, which under steady load
   * may be much later). If that batch fails, the job's lease ends and a poll handles it again.
   */
  deliverJob(executionId: string, event: EngineEvent, jobId: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.inbox.push({ executionId, event, jobId, done: { resolve, reject } });
      void this.drain().catch(() => undefined);
    });
  }

  /**
   * Inserts a new execution and starts it in one transaction, shared with whatever else is queued:
   * concurrent starts commit together. Resolves once committed.
   */
  create(row: NewWorkflowExecution): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.inbox.push({ executionId: row.id as string, event: { type: 'start' }, jobId: null, create: row, done: { resolve, reject } });
      void this.drain().catch(() => undefined);
    });
  }

  /** Resolves when nothing is queued or running in this process. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.inbox.length === 0 && this.draining === null && this.inFlight.size === 0 && this.waitingActions.length === 0;
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /** Drops cached state (after a failed transaction, or when another engine may have written). */
  forget(executionId: string): void {
    this.cache.delete(executionId);
  }

  private drain(): Promise<void> {
    if (this.draining) return this.draining;
    this.draining = (async () => {
      try {
        while (this.inbox.length > 0) {
          const batch = this.inbox;
          this.inbox = [];
          await this.processBatch(batch);
        }
      } finally {
        this.draining = null;
        this.notifyIdle();
      }
    })();
    return this.draining;
  }

  private async snapshotFor(tx: StoreDb, executionId: string, locked: Map<string, number>): Promise<CachedSnapshot | null> {
    if (!locked.has(executionId)) {
      for (const [id, v] of await lockExecutions(tx, [executionId], this.store.dialect.name === 'postgres')) locked.set(id, v);
    }
    const version = locked.get(executionId);
    if (version === undefined) return null;
    const cached = this.cache.get(executionId);
    if (cached && cached.version === version) return cached;
    const loaded = await loadSnapshot(tx, executionId);
    if (loaded) this.cache.set(executionId, loaded);
    return loaded;
  }

  private envFor(snap: CachedSnapshot, now: number): DecideEnv {
    return { now, newId, spec: this.catalog.specOf(snap.execution.definition, snap.execution.workflowName), catalog: this.catalog };
  }

  private async processBatch(items: InboxItem[]): Promise<void> {
    const touchedIds = new Set<string>();
    let toDispatch: Dispatch[] = [];
    let notifications: EngineNotification[] = [];
    try {
      await this.store.transaction(async (tx) => {
        // A retried transaction must not see what the failed attempt left in the cache.
        for (const id of touchedIds) this.cache.delete(id);
        touchedIds.clear();
        toDispatch = [];
        notifications = [];
        const creates = items.flatMap((i) => (i.create ? [i.create] : []));
        // An id that already exists was started by a concurrent caller (idempotent start); its
        // start event is then a no-op, and the other starts of the batch are unaffected.
        if (creates.length > 0) await tx.insertInto('workflow_executions').values(creates).onConflict((oc) => oc.column('id').doNothing()).execute();
        const queue = [...items];
        const locked = await lockExecutions(tx, items.map((i) => i.executionId), this.store.dialect.name === 'postgres');
        const jobs: NewJob[] = [];
        const history: NewExecutionEvent[] = [];
        // Each execution's changes are written once, at the end of the batch.
        const dirty = new Map<string, { snap: CachedSnapshot; touched: Touched }>();
        const flush = async (): Promise<void> => {
          await writeChanges(tx, [...dirty.values()], this.clock());
          for (const entry of dirty.values()) entry.touched = noneTouched();
        };
        const doneJobs: string[] = [];
        const batchStarted = performance.now();
        let handled = 0;
        const withinBudget = (): boolean => handled < this.batchEvents && performance.now() - batchStarted < this.batchMillis;
        while (queue.length > 0) {
          const item = queue.shift() as InboxItem;
          if (!withinBudget()) {
            // Over budget: hand the rest to the job table, claimed by us, and take them next round.
            const job = this.eventJob(item.executionId, item.event, this.clock(), true);
            jobs.push(job);
            this.inboxNext.push({ executionId: item.executionId, event: item.event, jobId: job.id as string });
            if (item.jobId) doneJobs.push(item.jobId);
            continue;
          }
          handled++;
          const snap = dirty.get(item.executionId)?.snap ?? (await this.snapshotFor(tx, item.executionId, locked));
          if (item.jobId) doneJobs.push(item.jobId);
          if (!snap) continue;
          const now = this.clock();
          touchedIds.add(item.executionId);
          const decision = decide(snap, item.event, this.envFor(snap, now));
          if (decision.mutations.length === 0 && decision.commands.length === 0) continue;
          const entry = dirty.get(item.executionId) ?? { snap, touched: noneTouched() };
          dirty.set(item.executionId, entry);
          applyDecision(snap, decision, entry.touched);
          // A new child execution must exist in the database before its start event is handled.
          if (decision.mutations.some((m) => m.type === 'insert-run' && m.child !== null)) await flush();
          const e = snap.execution;
          for (const h of decision.history) {
            history.push({
              root_execution_id: e.rootExecutionId,
              execution_id: e.id,
              project_id: e.projectId,
              entity_type: h.entityType,
              entity_id: h.entityId,
              name: h.name,
              state: h.state,
              state_info: h.stateInfo,
              payload_json: h.payload ? encode(h.payload) : null,
              created_at: h.at,
            });
            notifications.push({ ...h, executionId: e.id, rootExecutionId: e.rootExecutionId, projectId: e.projectId });
          }
          for (const c of decision.commands) await this.handleCommand(c, snap, now, queue, jobs, toDispatch, withinBudget());
        }
        await flush();
        if (doneJobs.length > 0) await completeJobs(tx, doneJobs);
        if (jobs.length > 0) await enqueueJobs(tx, jobs);
        // Last: on PostgreSQL appending events serialises transactions until commit.
        if (history.length > 0) await appendEvents(tx, history);
      });
    } catch (error) {
      for (const id of touchedIds) this.cache.delete(id);
      this.inboxNext = [];
      const waiting = items.filter((i) => i.done);
      for (const i of waiting) i.done?.reject(error);
      // Callers of create() were told; anything else is a bug to surface.
      if (waiting.length === items.length) return;
      throw error;
    }
    for (const i of items) i.done?.resolve();
    this.inbox.push(...this.inboxNext);
    this.inboxNext = [];
    for (const n of notifications) for (const l of this.listeners) l(n);
    for (const d of toDispatch) this.dispatch(d);
  }

  private eventJob(executionId: string, event: EngineEvent, dueAt: number, claimed: boolean): NewJob {
    const now = this.clock();
    return {
      id: newId(),
      kind: 'event',
      root_execution_id: null,
      entity_id: executionId,
      payload_json: encodeEvent(event),
      due_at: dueAt,
      claimed_by: claimed ? this.owner : null,
      claimed_until: claimed ? now + this.leaseMs : null,
      attempts: claimed ? 1 : 0,
      last_error: null,
      created_at: now,
    };
  }

  /** A `run_action` job for `entityId`, already claimed by this engine, which runs the action itself. */
  private claimedRunJob(rootExecutionId: NewJob['root_execution_id'], entityId: string, payloadJson: NewJob['payload_json'], now: number): NewJob {
    return {
      id: newId(),
      kind: 'run_action',
      root_execution_id: rootExecutionId,
      entity_id: entityId,
      payload_json: payloadJson,
      due_at: now,
      claimed_by: this.owner,
      claimed_until: now + this.leaseMs,
      attempts: 1,
      last_error: null,
      created_at: now,
    };
  }

  private async handleCommand(c: Command, snap: CachedSnapshot, now: number, queue: InboxItem[], jobs: NewJob[], toDispatch: Dispatch[], withinBudget: boolean): Promise<void> {
    if (c.kind === 'event') {
      // Due events join this batch (the loop stores any overflow as jobs); timers become jobs.
      if (c.dueAt <= now) queue.push({ executionId: c.executionId, event: c.event, jobId: null });
      else jobs.push(this.eventJob(c.executionId, c.event, c.dueAt, false));
      return;
    }
    const run = snap.runs.get(c.runId) as Run;
    if (withinBudget && this.isInstant(run)) {
      const def = this.registry.get(run.builtin ?? '');
      if (def) {
        const outcome = await executeAction(def, run.input, { signal: new AbortController().signal, actionExecutionId: run.id, executionId: snap.execution.id, taskExecutionId: run.taskId, workflowName: snap.execution.workflowName });
        if (!outcome.async) {
          queue.push({ executionId: snap.execution.id, event: { type: 'run-completed', runId: run.id, state: outcome.ok ? 'SUCCESS' : 'ERROR', output: (outcome.ok ? outcome.result : outcome.error) as Value }, jobId: null });
          return;
        }
      }
    }
    const job = this.claimedRunJob(snap.execution.rootExecutionId, run.id, encode(new Map([['execution_id', snap.execution.id]])), now);
    jobs.push(job);
    toDispatch.push({ kind: 'workflow', runId: run.id, executionId: snap.execution.id, jobId: job.id as string });
  }

  private isInstant(run: Run): boolean {
    if (run.builtin === null) return false;
    if (INSTANT_ACTIONS.has(run.builtin)) return true;
    if (run.builtin === 'std.echo') {
      const delay = run.input.get('delay');
      return delay === undefined || delay === null || delay === 0;
    }
    return false;
  }

  /** Runs an action outside any transaction; its completion comes back as an event. */
  private dispatch(d: Dispatch): void {
    if (this.inFlight.size >= this.maxConcurrentActions) {
      this.waitingActions.push(d);
      return;
    }
    const controller = new AbortController();
    const running = d.kind === 'workflow' ? this.runAction(d, controller) : this.runStandalone(d, controller);
    const done = running.finally(() => {
      this.inFlight.delete(d.runId);
      if (d.kind === 'standalone') d.settled?.();
      const next = this.waitingActions.shift();
      if (next) this.dispatch(next);
      else this.notifyIdle();
    });
    this.inFlight.set(d.runId, { controller, done });
  }

  private async runAction(d: WorkflowDispatch, controller: AbortController): Promise<void> {
    const row = await this.store.db.selectFrom('action_executions').selectAll().where('id', '=', d.runId).executeTakeFirst();
    if (!row || row.state !== 'RUNNING') {
      await this.store.transaction((tx) => completeJob(tx, d.jobId));
      return;
    }
    const cached = this.cache.get(d.executionId)?.runs.get(d.runId);
    const run = cached ?? null;
    const builtin = run?.builtin ?? null;
    const def = builtin ? this.registry.get(builtin) : undefined;
    // Keep the claim alive while the action runs, so no other engine takes it over.
    const renew = setInterval(() => {
      renewJobLease(this.store.db, { id: d.jobId, owner: this.owner, until: this.clock() + this.leaseMs }).catch(() => undefined);
    }, Math.max(1000, this.leaseMs / 3));
    let event: EngineEvent;
    try {
      if (!def || !run) {
        event = { type: 'run-completed', runId: d.runId, state: 'ERROR', output: `Action ${builtin ?? row.name} is not available on this engine` };
      } else {
        const outcome = await executeAction(def, run.input, { signal: controller.signal, actionExecutionId: run.id, executionId: d.executionId, taskExecutionId: run.taskId });
        if (outcome.async) {
          await this.store.transaction((tx) => completeJob(tx, d.jobId));
          return;
        }
        event = { type: 'run-completed', runId: d.runId, state: outcome.ok ? 'SUCCESS' : 'ERROR', output: (outcome.ok ? outcome.result : outcome.error) as Value };
      }
    } finally {
      clearInterval(renew);
    }
    if (!this.running && controller.signal.aborted) return;
    this.inbox.push({ executionId: d.executionId, event, jobId: d.jobId });
    await this.drain();
  }

  /** Claims due jobs: timers, and jobs whose previous owner stopped renewing them. */
  async poll(): Promise<number> {
    const jobs = await claimDueJobs(this.store, { owner: this.owner, limit: 200, leaseMs: this.leaseMs, now: this.clock() });
    for (const job of jobs) await this.takeJob(job);
    if (this.inbox.length > 0) await this.drain();
    return jobs.length;
  }

  private async takeJob(job: Job): Promise<void> {
    if (job.kind === 'event') {
      this.inbox.push({ executionId: job.entity_id ?? '', event: decodeEvent(job.payload_json), jobId: job.id });
      return;
    }
    const runId = job.entity_id ?? '';
    const row = await this.store.db.selectFrom('action_executions').select(['state', 'idempotent', 'workflow_execution_id', 'name']).where('id', '=', runId).executeTakeFirst();
    if (!row || row.state !== 'RUNNING') {
      await this.store.transaction((tx) => completeJob(tx, job.id));
      return;
    }
    if (row.workflow_execution_id === null) {
      await this.takeStandaloneJob(job, { ...row, id: runId });
      return;
    }
    const executionId = row.workflow_execution_id;
    if (job.attempts > 1 && !row.idempotent) {
      // Its previous owner died mid-action: whether to run it twice is the task's call (safe-rerun).
      this.inbox.push({ executionId, event: { type: 'run-lost', runId }, jobId: job.id });
      return;
    }
    if (!this.cache.get(executionId)?.runs.has(runId)) {
      await this.store.transaction(async (tx) => {
        const snap = await loadSnapshot(tx, executionId);
        if (snap) this.cache.set(executionId, snap);
      });
    }
    this.dispatch({ kind: 'workflow', runId, executionId, jobId: job.id });
  }

  /** A direct run's job left by an engine that stopped (or crashed) while running it. */
  private async takeStandaloneJob(job: Job, row: { readonly id: string; readonly name: string; readonly idempotent: boolean }): Promise<void> {
    const run = decodeStandaloneRun(job.payload_json);
    if (run === null) {
      const message = `Action execution ${row.id} (${row.name}) cannot be resumed: its job does not say what to run`;
      await this.completeStandalone(row.id, { state: 'ERROR', output: message, stateInfo: message }, job.id);
      return;
    }
    if (job.attempts > 1 && !row.idempotent) {
      // No task decides here (no safe-rerun): an action that may have had its effect is not repeated.
      const message = `Action ${row.name} was interrupted: the engine running it stopped before it finished, and ${run.builtin} is not safe to run twice`;
      await this.completeStandalone(row.id, { state: 'ERROR', output: message, stateInfo: message }, job.id);
      return;
    }
    this.dispatch({ kind: 'standalone', runId: row.id, jobId: job.id, run });
  }

  /**
   * Stores a direct run (no workflow) with its `run_action` job, claimed by this engine, in one
   * transaction, then runs it here. If this engine stops first, another one takes the job over once
   * the lease ends: it runs the action again when that is safe (idempotent), else marks it ERROR.
   * `finished` resolves once this engine is done with the run.
   */
  async startStandalone(start: StandaloneStart): Promise<{ readonly row: ActionExecution; readonly finished: Promise<void> }> {
    const now = this.clock();
    const job = this.claimedRunJob(null, start.id, encodeStandaloneRun(start.run), now);
    const row = await this.store.transaction(async (tx) => {
      const [inserted] = await insertActionExecutions(tx, [
        {
          id: start.id,
          task_execution_id: null,
          workflow_execution_id: null,
          root_execution_id: null,
          project_id: start.projectId,
          name: start.name,
          workflow_name: null,
          workflow_namespace: start.namespace,
          task_name: null,
          description: start.description,
          state: 'RUNNING',
          state_info: null,
          accepted: false,
          input_json: encode(start.input),
          output_json: null,
          params_json: encode(start.params),
          tags_json: '[]',
          item_index: null,
          attempt: 1,
          idempotent: start.idempotent,
          created_at: now,
          updated_at: now,
          started_at: now,
          finished_at: null,
        },
      ]);
      await enqueueJobs(tx, [job]);
      return inserted;
    });
    if (row === undefined) throw new Error('the inserted action execution was not returned');
    const finished = new Promise<void>((resolve) => this.dispatch({ kind: 'standalone', runId: start.id, jobId: job.id as string, run: start.run, settled: resolve }));
    return { row, finished };
  }

  private async runStandalone(d: StandaloneDispatch, controller: AbortController): Promise<void> {
    const row = await getActionExecution(this.store.db, d.runId);
    if (!row || row.state !== 'RUNNING') {
      await this.store.transaction((tx) => completeJob(tx, d.jobId));
      return;
    }
    const def = this.registry.get(d.run.builtin);
    const renew = setInterval(() => {
      renewJobLease(this.store.db, { id: d.jobId, owner: this.owner, until: this.clock() + this.leaseMs }).catch(() => undefined);
    }, Math.max(1000, this.leaseMs / 3));
    let outcome: ActionOutcome;
    try {
      if (def === undefined) {
        outcome = failure(`Action ${d.run.builtin} is not available on this engine`);
      } else {
        // The limit counts from the first start: a run taken over after a restart gets what is left.
        const limit = d.run.timeout === null ? null : { seconds: d.run.timeout, remainingMs: (row.started_at ?? row.created_at) + d.run.timeout * 1000 - this.clock() };
        const context = { actionExecutionId: row.id, ...(d.run.callbackUrl === null ? {} : { callbackUrl: d.run.callbackUrl }) };
        outcome = await runWithTimeout(def, d.run.input, context, limit, controller.signal, row.name);
      }
    } finally {
      clearInterval(renew);
    }
    // Stopping: the job stays claimed until its lease ends, and whoever takes it over decides.
    if (!this.running && controller.signal.aborted) return;
    if (outcome.async) {
      await this.store.transaction((tx) => completeJob(tx, d.jobId));
      return;
    }
    await this.completeStandalone(row.id, outcomeCompletion(outcome), d.jobId);
  }

  /**
   * Ends a direct run: the row is updated in place (there is no workflow to send an event to), a
   * success through the ad-hoc `output` transforms first. False when the run had already ended
   * (a PUT, another engine) or kept changing meanwhile. `jobId`, if given, is deleted with it.
   */
  async completeStandalone(id: string, completion: StandaloneCompletion, jobId?: string): Promise<boolean> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const row = await getActionExecution(this.store.db, id);
      if (row === undefined || isTerminal(row.state)) {
        if (jobId !== undefined) await this.store.transaction((tx) => completeJob(tx, jobId));
        return false;
      }
      const settled = settleStandalone(this.catalog, { name: row.name, namespace: row.workflow_namespace, projectId: row.project_id }, completion);
      const now = this.clock();
      const applied = await this.store.transaction(async (tx) => {
        const ok = await updateActionExecution(tx, {
          id,
          version: row.version,
          patch: { state: settled.state, state_info: settled.stateInfo, output_json: encode(settled.output), accepted: true, updated_at: now, finished_at: now },
        });
        if (ok && jobId !== undefined) await completeJob(tx, jobId);
        return ok;
      });
      if (applied) return true;
    }
    return false;
  }
}
