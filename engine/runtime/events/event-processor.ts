/**
 * Processes published events exactly once, however many engine processes share the database.
 *
 * Each poll claims pending events under a lease (PostgreSQL skips rows another process holds). For
 * a claimed event it fires the project's matching triggers, then, in one transaction, wakes the
 * waiting tasks (their completions become engine jobs) and marks the event PROCESSED.
 *
 * A trigger fires at most once per event even across crashes: the execution id is derived from
 * (event, trigger), so a process that takes over an expired claim finds the execution the first
 * one started, and each outcome is recorded once in `event_trigger_firings`. A trigger whose input
 * cannot be evaluated is recorded FAILED with the reason and starts nothing.
 */
import type { Store } from '../../store/open-store.js';
import { findEventTriggersForEvent } from '../../store/repositories/event-triggers.js';
import { claimPendingEvents, insertFiring, listFirings, lockProjectEvents, markEventProcessed, purgeProcessedEvents, renewEventClaims } from '../../store/repositories/events-published.js';
import { deleteEventWaits, matchingEventWaits, purgeInertEventWaits } from '../../store/repositories/events-waits.js';
import { completeJobs, enqueueJobs } from '../../store/repositories/jobs.js';
import type { EpochMs, EventTrigger, NewEventTriggerFiring, PublishedEvent } from '../../store/schema.js';
import { EngineError } from '../errors.js';
import { newId } from '../ids.js';
import type { ExecutionService } from '../service/executions.js';
import { firingExecutionId } from './derived-id.js';
import { eventValue } from './event-value.js';
import { completionJob } from './event-waits.js';
import { firingDescription, planFiring, triggerRoutes } from './trigger-firing.js';

export interface EventProcessorOptions {
  /** Identifies this process in claims. */
  readonly owner?: string;
  /** How often pending events are looked for (publishing in this process also wakes it). @default 250 */
  readonly pollMs?: number;
  /** How long a claim protects an event; a crashed process's events return after this. @default 30000 */
  readonly leaseMs?: number;
  /** Events claimed per query. @default 50 */
  readonly batchSize?: number;
  /** How often waits whose task has ended, and expired events, are purged. @default 60000 */
  readonly purgeEveryMs?: number;
  /** How long processed events are kept (listing, debugging). @default 7 days */
  readonly retentionMs?: number;
  readonly clock?: () => EpochMs;
  /** A failure the processor will retry (the event stays claimed until its lease ends). */
  readonly onError?: (error: unknown, event: PublishedEvent | null) => void;
}

/** The claim moved to another process while this one worked: its outcome is not ours to commit. */
class ClaimLost extends Error {}

export class EventProcessor {
  readonly owner: string;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly purgeEveryMs: number;
  private readonly retentionMs: number;
  private readonly clock: () => EpochMs;
  private readonly onError: (error: unknown, event: PublishedEvent | null) => void;
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<number> | null = null;
  private again = false;
  private lastPurge = 0;

  constructor(
    private readonly store: Store,
    private readonly executions: ExecutionService,
    options: EventProcessorOptions = {},
  ) {
    this.owner = options.owner ?? `events-${newId()}`;
    this.pollMs = options.pollMs ?? 250;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.batchSize = options.batchSize ?? 50;
    this.purgeEveryMs = options.purgeEveryMs ?? 60_000;
    this.retentionMs = options.retentionMs ?? 7 * 24 * 3600 * 1000;
    this.clock = options.clock ?? Date.now;
    this.onError = options.onError ?? (() => undefined);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.ticking?.catch(() => undefined);
  }

  /** Processes soon (an event was just published in this process). */
  wake(): void {
    if (!this.running) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.tick()
        .catch((error: unknown) => this.onError(error, null))
        .finally(() => {
          if (!this.running) return;
          const soon = this.again;
          this.again = false;
          this.schedule(soon ? 0 : this.pollMs);
        });
    }, ms);
  }

  /** Processes every pending event (also callable by hand); returns how many this call processed. */
  tick(): Promise<number> {
    this.ticking ??= this.processPending().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async processPending(): Promise<number> {
    let processed = 0;
    if (this.clock() - this.lastPurge >= this.purgeEveryMs) {
      this.lastPurge = this.clock();
      await purgeInertEventWaits(this.store.db);
      await purgeProcessedEvents(this.store.db, this.lastPurge - this.retentionMs);
    }
    for (;;) {
      const claimed = await claimPendingEvents(this.store, { owner: this.owner, limit: this.batchSize, leaseMs: this.leaseMs, now: this.clock() });
      // The whole batch stays ours while it is worked through, not only the event in hand.
      const pending = new Set(claimed.map((e) => e.id));
      const renew = setInterval(() => {
        renewEventClaims(this.store.db, { ids: [...pending], owner: this.owner, until: this.clock() + this.leaseMs }).catch(() => undefined);
      }, Math.max(250, this.leaseMs / 3));
      try {
        for (const event of claimed) {
          if (await this.process(event)) processed++;
          pending.delete(event.id);
        }
      } finally {
        clearInterval(renew);
      }
      if (claimed.length < this.batchSize || !this.running) return processed;
    }
  }

  private async process(event: PublishedEvent): Promise<boolean> {
    try {
      await this.fireTriggers(event);
      await this.wakeWaits(event);
      return true;
    } catch (error) {
      if (!(error instanceof ClaimLost)) this.onError(error, event);
      return false;
    }
  }

  private async fireTriggers(event: PublishedEvent): Promise<void> {
    const triggers = (await findEventTriggersForEvent(this.store.db, { projectId: event.project_id, type: event.type })).filter((t) => triggerRoutes(t, event));
    if (triggers.length === 0) return;
    const recorded = new Set((await listFirings(this.store.db, event.id)).map((f) => f.trigger_id));
    const value = eventValue(event);
    for (const trigger of triggers) {
      if (recorded.has(trigger.id)) continue;
      const outcome = await this.fire(trigger, event, value);
      await insertFiring(this.store.db, { event_id: event.id, trigger_id: trigger.id, project_id: event.project_id, created_at: this.clock(), ...outcome });
    }
  }

  private async fire(
    trigger: EventTrigger,
    event: PublishedEvent,
    value: ReturnType<typeof eventValue>,
  ): Promise<Pick<NewEventTriggerFiring, 'state' | 'execution_id' | 'state_info'>> {
    const plan = planFiring(trigger, value);
    if (!plan.ok) return { state: 'FAILED', execution_id: null, state_info: plan.error };
    const id = firingExecutionId(event.id, trigger.id);
    const workflow = await this.store.db.selectFrom('workflow_definitions').select(['name', 'namespace']).where('id', '=', trigger.workflow_id).executeTakeFirst();
    if (workflow === undefined) return { state: 'FAILED', execution_id: null, state_info: `Event trigger ${trigger.name || trigger.id}: workflow ${trigger.workflow_id} no longer exists` };
    try {
      await this.executions.start({
        id,
        workflow: workflow.name,
        namespace: workflow.namespace,
        workflowId: trigger.workflow_id,
        projectId: trigger.project_id,
        input: plan.input,
        params: plan.params,
        description: firingDescription(trigger, event.id),
      });
      return { state: 'STARTED', execution_id: id, state_info: null };
    } catch (error) {
      // Two processes can race past start's existence check after a lease expiry; one insert wins.
      const exists = await this.store.db.selectFrom('workflow_executions').select('id').where('id', '=', id).executeTakeFirst();
      if (exists !== undefined) return { state: 'STARTED', execution_id: id, state_info: null };
      if (error instanceof EngineError) return { state: 'FAILED', execution_id: null, state_info: `Event trigger ${trigger.name || trigger.id}: ${error.message}` };
      throw error;
    }
  }

  /** Wakes the waits and marks the event processed, atomically; nothing if the claim was lost. */
  private async wakeWaits(event: PublishedEvent): Promise<void> {
    const value = eventValue(event);
    await this.store.transaction(async (tx) => {
      await lockProjectEvents(tx, event.project_id);
      const waits = await matchingEventWaits(tx, { projectId: event.project_id, type: event.type, correlationKey: event.correlation_key, at: event.created_at });
      const now = this.clock();
      if (waits.length > 0) {
        await deleteEventWaits(tx, waits.map((w) => w.action_execution_id));
        await completeJobs(tx, waits.flatMap((w) => (w.timeout_job_id === null ? [] : [w.timeout_job_id])));
        await enqueueJobs(tx, waits.map((w) => completionJob(w, { state: 'SUCCESS', output: value }, { id: newId(), dueAt: now, now })));
      }
      if (!(await markEventProcessed(tx, { id: event.id, owner: this.owner, now }))) throw new ClaimLost();
    });
  }
}
