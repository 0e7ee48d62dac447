/**
 * Registering a `std.wait_for_event` wait, and the completions that end waits. A wait is stored
 * with a durable timer (an engine `event` job due at the deadline) in one transaction; an event
 * that wakes it deletes both and enqueues the run's completion, also in one transaction.
 *
 * Only events published at or after the action execution's creation match, so an event that came
 * before the task started never satisfies it. Registration also looks at the events already
 * processed since then: together with the per-project lock this means no (event, wait) pair is
 * missed whichever of the two transactions commits first.
 */
import type { EventWaitRegistrar, EventWaitRequest } from '../../actions/std/wait-for-event.js';
import type { Value } from '../../language/values/value.js';
import type { Store } from '../../store/open-store.js';
import { getActionExecution } from '../../store/repositories/action-executions.js';
import { findProcessedMatch, lockProjectEvents } from '../../store/repositories/events-published.js';
import { getEventWait, insertEventWait } from '../../store/repositories/events-waits.js';
import type { EpochMs, EventWait, NewJob, PublishedEvent } from '../../store/schema.js';
import { encodeEvent } from '../persistence/codec.js';
import { waitTimeoutJobId } from './derived-id.js';
import { eventValue } from './event-value.js';

/** `no event "approval.granted" with correlation "abc" within 30 s`. */
export function timeoutMessage(type: string, correlation: string | null, seconds: number): string {
  const which = correlation === null ? '' : ` with correlation "${correlation}"`;
  return `no event "${type}"${which} within ${seconds} s`;
}

/** The engine job delivering a run's completion to its execution (due now, or at a deadline). */
export function completionJob(
  wait: Pick<EventWait, 'action_execution_id' | 'execution_id'>,
  outcome: { readonly state: 'SUCCESS' | 'ERROR'; readonly output: Value },
  options: { readonly id: string; readonly dueAt: EpochMs; readonly now: EpochMs },
): NewJob {
  return {
    id: options.id,
    kind: 'event',
    root_execution_id: null,
    entity_id: wait.execution_id,
    payload_json: encodeEvent({ type: 'run-completed', runId: wait.action_execution_id, state: outcome.state, output: outcome.output }),
    due_at: options.dueAt,
    claimed_by: null,
    claimed_until: null,
    attempts: 0,
    last_error: null,
    created_at: options.now,
  };
}

export class EventWaits implements EventWaitRegistrar {
  constructor(
    private readonly store: Store,
    private readonly clock: () => EpochMs = Date.now,
  ) {}

  async register(request: EventWaitRequest): ReturnType<EventWaitRegistrar['register']> {
    const run = await getActionExecution(this.store.db, request.actionExecutionId);
    if (run === undefined || run.workflow_execution_id === null) return { kind: 'not-in-workflow' };
    const executionId = run.workflow_execution_id;
    const since = run.created_at;
    const matched = await this.store.transaction(async (tx): Promise<PublishedEvent | null> => {
      await lockProjectEvents(tx, run.project_id);
      // Registered before (the action ran again after a crash): keep waiting.
      if ((await getEventWait(tx, run.id)) !== undefined) return null;
      const already = await findProcessedMatch(tx, { projectId: run.project_id, type: request.type, correlationKey: request.correlation, since });
      if (already !== undefined) return already;
      const now = this.clock();
      const deadline = request.timeoutSeconds === null ? null : since + Math.round(request.timeoutSeconds * 1000);
      const timeoutJobId = deadline === null ? null : waitTimeoutJobId(run.id);
      const wait = {
        action_execution_id: run.id,
        execution_id: executionId,
        project_id: run.project_id,
        event_type: request.type,
        correlation_key: request.correlation,
        since,
        deadline,
        timeout_job_id: timeoutJobId,
        created_at: now,
      };
      await insertEventWait(tx, wait);
      if (timeoutJobId !== null && deadline !== null) {
        const message = timeoutMessage(request.type, request.correlation, request.timeoutSeconds ?? 0);
        const job = completionJob(wait, { state: 'ERROR', output: message }, { id: timeoutJobId, dueAt: deadline, now });
        await tx.insertInto('jobs').values(job).onConflict((oc) => oc.column('id').doNothing()).execute();
      }
      return null;
    });
    return matched === null ? { kind: 'waiting' } : { kind: 'matched', event: eventValue(matched) };
  }
}
