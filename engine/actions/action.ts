/**
 * The contract between the runtime and an action implementation.
 *
 * An action receives its input already validated and normalised by `validateActionInput` (every
 * declared parameter present, defaults applied, nothing else) and reports an {@link ActionOutcome}
 * instead of throwing: failures are data the runtime stores as the task result, as Mistral does.
 */
import type { Value, ValueMap } from '../language/values/value.js';

/** One declared parameter. Optional parameters always carry a default, as in Python signatures. */
export interface ActionParam {
  readonly name: string;
  readonly required: boolean;
  /** The value used when the caller omits an optional parameter; ignored for required ones. */
  readonly default?: Value;
}

/** Where the action runs. Ids are absent for standalone action executions (no workflow). */
export interface ActionContext {
  /** Aborted when the action is cancelled or the runtime shuts down; actions must stop promptly. */
  readonly signal: AbortSignal;
  readonly actionExecutionId: string;
  readonly executionId?: string;
  readonly taskExecutionId?: string;
  readonly workflowName?: string;
  /** Where a third party completes an asynchronous action (`PUT /v2/action_executions/{id}`). */
  readonly callbackUrl?: string;
}

/**
 * What running an action produced.
 * - success: `result` becomes the task result.
 * - error: `error` is the error data (a message string for exceptions, any value for `std.fail`).
 * - async: the result arrives later from outside (REST completion of the action execution).
 *
 * The optional `never`-typed members let callers read `outcome.ok` / `outcome.async` on the union
 * without `in` checks.
 */
export type ActionOutcome =
  | { readonly ok: true; readonly result: Value; readonly async?: undefined }
  | { readonly ok: false; readonly error: Value; readonly async?: undefined }
  | { readonly async: true; readonly ok?: undefined };

export type ActionSuccess = Extract<ActionOutcome, { ok: true }>;
export type ActionFailure = Extract<ActionOutcome, { ok: false }>;

export interface ActionDefinition {
  /** Full name, `std.echo`. */
  readonly name: string;
  readonly description: string;
  /** Declared parameters in signature order (the order `input` is listed in by the REST API). */
  readonly params: readonly ActionParam[];
  /** True when re-running after a crash cannot cause a duplicate side effect. */
  readonly idempotent: boolean;
  /** True when a successful run only starts the work and returns `{ async: true }` (Mistral `is_sync() == False`). */
  readonly isAsync: boolean;
  /**
   * `timer`: the runtime should implement the action as a durable timer instead of calling `run`
   * and holding a slot (std.sleep); `run` still works for direct, standalone calls.
   */
  readonly durationHint?: 'timer';
  /**
   * Runs with normalised input. May throw (an `ActionError` message is meant for the user);
   * callers go through `executeAction`, which turns throws into error outcomes.
   */
  run(input: ValueMap, ctx: ActionContext): Promise<ActionOutcome>;
}

export function success(result: Value): ActionSuccess {
  return { ok: true, result };
}

export function failure(error: Value): ActionFailure {
  return { ok: false, error };
}

export const ASYNC_OUTCOME: ActionOutcome = Object.freeze({ async: true });
