/** Helpers for the action tests (not used by production code). */
import { pyRepr } from '../language/values/python-format.js';
import { fromJs, type Value, type ValueMap } from '../language/values/value.js';
import type { ActionContext, ActionOutcome } from './action.js';

export function testContext(overrides: Partial<ActionContext> = {}): ActionContext {
  return { signal: new AbortController().signal, actionExecutionId: 'ae-1', ...overrides };
}

/** Action input from a plain object literal. */
export function inputOf(obj: Record<string, unknown>): ValueMap {
  return fromJs(obj) as ValueMap;
}

/** The error value of a failed outcome; throws (failing the test) for any other outcome. */
export function errorOf(outcome: ActionOutcome): Value {
  if (outcome.ok !== false) throw new Error(`expected a failed outcome, got ${describe(outcome)}`);
  return outcome.error;
}

/** The result of a successful outcome; throws (failing the test) for any other outcome. */
export function resultOf(outcome: ActionOutcome): Value {
  if (outcome.ok !== true) throw new Error(`expected a successful outcome, got ${describe(outcome)}`);
  return outcome.result;
}

function describe(outcome: ActionOutcome): string {
  if (outcome.async) return 'async';
  return outcome.ok ? `success ${pyRepr(outcome.result)}` : `failure ${pyRepr(outcome.error)}`;
}
