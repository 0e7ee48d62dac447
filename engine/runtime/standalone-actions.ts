/**
 * Actions run directly, outside any workflow (`POST /v2/action_executions`). The call resolves
 * like a task's action (ad-hoc actions expand through flow/adhoc-actions.ts), with the call's
 * input as the only data and no execution behind `env()` or `task()`. A stored run goes through
 * the engine's jobs table (Engine.startStandalone), so it survives a restart of its process.
 */
import { failure } from '../actions/action.js';
import type { ActionContext, ActionDefinition, ActionOutcome } from '../actions/action.js';
import { executeAction } from '../actions/execute-action.js';
import { staticHost } from '../language/expressions/host.js';
import type { MistralHost } from '../language/expressions/host.js';
import { dumpJson } from '../language/values/json.js';
import { isMap, isNumber, isString, num } from '../language/values/value.js';
import type { Value, ValueMap } from '../language/values/value.js';
import type { Catalog, LookupScope } from './catalog.js';
import { transformOutput } from './flow/adhoc-actions.js';
import { decode, encode } from './persistence/codec.js';

/** What expressions of a direct run see besides its input: no execution, no tasks, an empty env. */
export const STANDALONE_HOST: MistralHost = staticHost();

/** A direct run names actions as a workflow outside any workbook would. */
export function standaloneScope(namespace: string, projectId: string): LookupScope {
  return { workbook: null, namespace, projectId };
}

/** What the `run_action` job of a stored direct run carries: enough to run it again elsewhere. */
export interface StandaloneRun {
  /** The built-in action that runs (the end of an ad-hoc chain). */
  readonly builtin: string;
  /** The built-in's input, expanded and checked. */
  readonly input: ValueMap;
  /** Seconds from the row's start; null = no limit. */
  readonly timeout: number | null;
  readonly callbackUrl: string | null;
}

/** A direct run to store and start. */
export interface StandaloneStart {
  readonly id: string;
  readonly projectId: string;
  /** As called: the ad-hoc action's name, or the built-in's. */
  readonly name: string;
  readonly namespace: string;
  readonly description: string;
  /** The call's input and params as given: what the API shows and filters on. */
  readonly input: ValueMap;
  readonly params: ValueMap;
  /** Safe to run again after a crash (the built-in's property). */
  readonly idempotent: boolean;
  readonly run: StandaloneRun;
}

export function encodeStandaloneRun(run: StandaloneRun): string {
  return encode(
    new Map<string, Value>([
      ['builtin', run.builtin],
      ['input', run.input],
      ['timeout', run.timeout],
      ['callback_url', run.callbackUrl],
    ]),
  );
}

/** Null when the payload is not a standalone run's (written by something else). */
export function decodeStandaloneRun(text: string): StandaloneRun | null {
  const v = decode(text);
  if (!isMap(v)) return null;
  const builtin = v.get('builtin');
  const input = v.get('input');
  const timeout = v.get('timeout') ?? null;
  const callbackUrl = v.get('callback_url') ?? null;
  if (!isString(builtin) || input === undefined || !isMap(input)) return null;
  return {
    builtin,
    input,
    timeout: isNumber(timeout) ? num(timeout) : null,
    callbackUrl: isString(callbackUrl) ? callbackUrl : null,
  };
}

export interface RunLimit {
  /** The limit as the caller set it, for the message. */
  readonly seconds: number;
  /** What is left of it (less than `seconds` when a run is resumed after a restart). */
  readonly remainingMs: number;
}

/**
 * Runs `def`, failing it once `limit` is over (its signal is aborted then too, so the action
 * stops). `signal` cancels the run from outside (shutdown).
 */
export async function runWithTimeout(
  def: ActionDefinition,
  input: ValueMap,
  context: Omit<ActionContext, 'signal'>,
  limit: RunLimit | null,
  signal: AbortSignal,
  label: string = def.name,
): Promise<ActionOutcome> {
  const timedOutOutcome = (): ActionOutcome => failure(`Action ${label} timed out after ${limit?.seconds ?? 0} seconds`);
  if (limit !== null && limit.remainingMs <= 0) return timedOutOutcome();
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  if (signal.aborted) controller.abort();
  else signal.addEventListener('abort', stop, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timedOut =
    limit === null
      ? new Promise<never>(() => undefined)
      : new Promise<ActionOutcome>((resolve) => {
          timer = setTimeout(() => {
            controller.abort();
            resolve(timedOutOutcome());
          }, limit.remainingMs);
        });
  try {
    return await Promise.race([executeAction(def, input, { ...context, signal: controller.signal }), timedOut]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    signal.removeEventListener('abort', stop);
  }
}

export interface StandaloneCompletion {
  readonly state: 'SUCCESS' | 'ERROR' | 'CANCELLED';
  readonly output: Value;
  readonly stateInfo: string | null;
}

/** The state_info of an error: its message, or its data as JSON text. */
export function errorInfo(error: Value): string {
  return isString(error) ? error : dumpJson(error);
}

/** How a finished (not asynchronous) outcome completes a direct run, before transforms. */
export function outcomeCompletion(outcome: Exclude<ActionOutcome, { async: true }>): StandaloneCompletion {
  return outcome.ok ? { state: 'SUCCESS', output: outcome.result, stateInfo: null } : { state: 'ERROR', output: outcome.error, stateInfo: errorInfo(outcome.error) };
}

/**
 * The final state and output of a direct run of `call.name`: a success goes through the ad-hoc
 * `output` transforms, as in a workflow, and a failing transform turns it into an error.
 */
export function settleStandalone(catalog: Catalog, call: { readonly name: string; readonly namespace: string; readonly projectId: string }, completion: StandaloneCompletion): StandaloneCompletion {
  if (completion.state !== 'SUCCESS') return completion;
  const transformed = transformOutput(catalog, standaloneScope(call.namespace, call.projectId), call.name, completion.output, STANDALONE_HOST);
  if (transformed.ok) return { ...completion, output: transformed.value };
  return { state: 'ERROR', output: transformed.error, stateInfo: transformed.error };
}
