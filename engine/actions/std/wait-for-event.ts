/**
 * `std.wait_for_event`: the task stays RUNNING until an event of `type` (and, when given, with
 * `correlation` as its correlation key) is published in the workflow's project, or `timeout`
 * seconds pass. The output is the event; a timeout is an error, so retry and on-error apply.
 *
 * The action only registers the wait (or finds that a matching event already arrived since the
 * task started); the event processor completes it, and a durable timer ends it at the deadline.
 */
import { isNumber, num, typeName, type Value } from '../../language/values/value.js';
import { ASYNC_OUTCOME, failure, success, type ActionDefinition } from '../action.js';
import { ActionError } from '../errors.js';
import { readParam, readString } from '../input-readers.js';

const NAME = 'std.wait_for_event';

export interface EventWaitRequest {
  readonly actionExecutionId: string;
  readonly type: string;
  /** Null: any correlation key matches. */
  readonly correlation: string | null;
  /** Null: no deadline. */
  readonly timeoutSeconds: number | null;
}

/** Where waits are kept (the runtime's event module implements it). */
export interface EventWaitRegistrar {
  /** The event that already satisfies the wait, or `waiting` once the wait is stored. */
  register(request: EventWaitRequest): Promise<{ readonly kind: 'matched'; readonly event: Value } | { readonly kind: 'waiting' } | { readonly kind: 'not-in-workflow' }>;
}

/** Scalars compare as their text: a correlation of `42` matches the key `"42"`. */
function readCorrelation(v: Value): string | null {
  if (v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (isNumber(v)) return String(num(v));
  throw new ActionError(`Invalid value for parameter 'correlation' of ${NAME}: expected a string or a number, got ${typeName(v)}`);
}

function readTimeout(v: Value): number | null {
  if (v === null) return null;
  const seconds = isNumber(v) ? num(v) : Number.NaN;
  if (!(seconds > 0) || !Number.isFinite(seconds)) {
    throw new ActionError(`Invalid value for parameter 'timeout' of ${NAME}: expected a positive number of seconds, got ${isNumber(v) ? String(seconds) : typeName(v)}`);
  }
  return seconds;
}

export function createWaitForEventAction(registrar: EventWaitRegistrar): ActionDefinition {
  return {
    name: NAME,
    description:
      'Waits until an event of `type` (with correlation key `correlation`, if given) is published in the project, at most `timeout` seconds (none: no limit). Returns the event.',
    params: [
      { name: 'type', required: true },
      { name: 'correlation', required: false, default: null },
      { name: 'timeout', required: false, default: null },
    ],
    // Registering twice is harmless (the wait is keyed by the action execution).
    idempotent: true,
    isAsync: true,
    async run(input, ctx) {
      const type = readString(input, 'type', NAME);
      if (type.trim() === '') throw new ActionError(`Parameter 'type' of ${NAME} must not be empty`);
      const registered = await registrar.register({
        actionExecutionId: ctx.actionExecutionId,
        type,
        correlation: readCorrelation(readParam(input, 'correlation')),
        timeoutSeconds: readTimeout(readParam(input, 'timeout')),
      });
      if (registered.kind === 'matched') return success(registered.event);
      if (registered.kind === 'not-in-workflow') return failure(`${NAME} runs only as a task of a workflow: events are awaited by workflow executions`);
      return ASYNC_OUTCOME;
    },
  };
}
