/**
 * Fires due cron triggers. Each poll claims due triggers under a lease (so several engine
 * processes on one database share the work), starts one execution per claimed occurrence, then
 * advances the trigger or deletes it after its last run.
 *
 * Exactly-once per occurrence rests on the execution id: it is derived from (trigger id, due time),
 * and ExecutionService.start returns the existing execution for a known id. A process that dies
 * between starting and advancing leaves the trigger claimed; when the lease runs out another
 * process claims the same occurrence, computes the same id, finds the execution and only advances.
 *
 * Occurrences missed while no engine ran are not replayed: the overdue trigger fires once, and its
 * next time is computed from now (Mistral's `advance_cron_trigger` does the same).
 */
import { createHash } from 'node:crypto';
import { dumpJson } from '../../language/values/json.js';
import type { Value } from '../../language/values/value.js';
import type { Store } from '../../store/open-store.js';
import {
  advanceCronTrigger,
  claimDueCronTriggers,
  deleteCronTrigger,
  releaseCronTrigger,
} from '../../store/repositories/cron-triggers.js';
import type { CronTrigger, EpochMs } from '../../store/schema.js';
import { EngineError } from '../errors.js';
import { newId } from '../ids.js';
import { decodeMap } from '../persistence/codec.js';
import type { ExecutionService } from '../service/executions.js';
import { afterFiring } from './cron-schedule.js';

export interface CronRunnerOptions {
  /** How often due triggers are looked for. @default 1000 */
  readonly pollMs?: number;
  /** How long a claim protects a trigger; a crashed process's claims return after this. @default 60000 */
  readonly leaseMs?: number;
  /** Triggers claimed per query. @default 20 */
  readonly batchSize?: number;
  readonly clock?: () => EpochMs;
  /** Identifies this process in claims. */
  readonly owner?: string;
  /**
   * A firing that failed. Permanent failures (an EngineError: workflow gone, input no longer valid)
   * skip the occurrence, as Mistral does; any other error leaves the trigger claimed, so it is
   * retried when the lease runs out. The engine has no logger; the server should log these.
   */
  readonly onError?: (error: unknown, trigger: CronTrigger | null) => void;
}

/** Fixed UUID namespace of cron occurrence ids. */
const OCCURRENCE_NAMESPACE = Buffer.from('270700508e6b4a9484decd0daa81c467', 'hex');

/**
 * The execution id of a trigger's occurrence: a name-based UUID (version 5 layout, SHA-1) over the
 * trigger id and the due time, so every process computes the same id for the same occurrence.
 */
export function occurrenceId(triggerId: string, scheduledAt: EpochMs): string {
  const hash = createHash('sha1').update(OCCURRENCE_NAMESPACE).update(`${triggerId}@${scheduledAt}`).digest();
  const b = hash.subarray(0, 16);
  b[6] = ((b[6] as number) & 0x0f) | 0x50;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Mistral's description of a cron-started execution (a JSON text clients parse for `triggered_by`). */
function describe(trigger: CronTrigger): string {
  return dumpJson(
    new Map<string, Value>([
      ['description', `Workflow execution created by cron trigger '(${trigger.id})'.`],
      ['triggered_by', new Map<string, Value>([['type', 'cron_trigger'], ['id', trigger.id], ['name', trigger.name]])],
    ]),
  );
}

type StartOutcome = 'started' | 'skipped' | 'retry';

export class CronRunner {
  readonly owner: string;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly clock: () => EpochMs;
  private readonly onError: (error: unknown, trigger: CronTrigger | null) => void;
  private running = false;
  private stopping = false;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<number> | null = null;

  constructor(
    private readonly store: Store,
    private readonly executions: ExecutionService,
    options: CronRunnerOptions = {},
  ) {
    this.owner = options.owner ?? `cron-${newId()}`;
    this.pollMs = options.pollMs ?? 1_000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batchSize = options.batchSize ?? 20;
    this.clock = options.clock ?? Date.now;
    this.onError = options.onError ?? (() => undefined);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const loop = (): void => {
      if (!this.running) return;
      this.tick()
        .catch((error: unknown) => this.onError(error, null))
        .finally(() => {
          if (this.running) this.timer = setTimeout(loop, this.pollMs);
        });
    };
    loop();
  }

  /** Stops polling and waits for the firing in progress; triggers it had not reached are released. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    try {
      await this.ticking?.catch(() => undefined);
    } finally {
      this.stopping = false;
    }
  }

  /**
   * Fires every occurrence due now (also callable by hand, e.g. with the loop off); returns how
   * many occurrences now have their execution. Concurrent calls share one tick.
   */
  tick(): Promise<number> {
    this.ticking ??= this.fireDue().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async fireDue(): Promise<number> {
    let started = 0;
    for (;;) {
      if (this.stopping) return started;
      const claimed = await claimDueCronTriggers(this.store, { owner: this.owner, limit: this.batchSize, leaseMs: this.leaseMs, now: this.clock() });
      for (const [i, trigger] of claimed.entries()) {
        if (this.stopping) {
          // Released rather than left to the lease, so another process can fire them right away.
          for (const rest of claimed.slice(i)) await this.store.transaction((tx) => releaseCronTrigger(tx, rest.id, this.owner));
          return started;
        }
        if (await this.fire(trigger)) started++;
      }
      if (claimed.length < this.batchSize) return started;
    }
  }

  /** True when this call started the occurrence's execution. */
  private async fire(trigger: CronTrigger): Promise<boolean> {
    const scheduledAt = trigger.next_execution_time;
    const outcome = await this.startOccurrence(trigger, occurrenceId(trigger.id, scheduledAt));
    if (outcome === 'retry') return false;
    const next = afterFiring({ pattern: trigger.pattern, remainingExecutions: trigger.remaining_executions }, scheduledAt, this.clock());
    try {
      // False from either call means the claim was lost (lease expired, or the trigger was deleted):
      // the process that took over advances it, and the shared occurrence id kept the start single.
      await this.store.transaction((tx) =>
        next.kind === 'delete'
          ? deleteCronTrigger(tx, trigger.id, this.owner)
          : advanceCronTrigger(tx, { id: trigger.id, owner: this.owner, nextExecutionTime: next.nextExecutionTime, remainingExecutions: next.remainingExecutions, now: this.clock() }),
      );
    } catch (error) {
      // The claim stays; after the lease the occurrence is claimed again and resolves to the same execution.
      this.onError(error, trigger);
    }
    return outcome === 'started';
  }

  private async startOccurrence(trigger: CronTrigger, id: string): Promise<StartOutcome> {
    try {
      // By id, so a renamed or moved workflow still resolves; the stored name is the fallback.
      const wf = await this.store.db.selectFrom('workflow_definitions').select(['name', 'namespace']).where('id', '=', trigger.workflow_id).executeTakeFirst();
      await this.executions.start({
        id,
        workflow: wf?.name ?? trigger.workflow_name,
        namespace: wf?.namespace ?? '',
        projectId: trigger.project_id,
        input: decodeMap(trigger.workflow_input_json),
        params: decodeMap(trigger.workflow_params_json),
        description: describe(trigger),
      });
      return 'started';
    } catch (error) {
      // Two processes can race past start's existence check after a lease expiry; one insert wins.
      if (await this.executionExists(id)) return 'started';
      this.onError(error, trigger);
      return error instanceof EngineError ? 'skipped' : 'retry';
    }
  }

  private async executionExists(id: string): Promise<boolean> {
    try {
      const row = await this.store.db.selectFrom('workflow_executions').select('id').where('id', '=', id).executeTakeFirst();
      return row !== undefined;
    } catch {
      return false;
    }
  }
}
