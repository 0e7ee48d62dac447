/**
 * Expression evaluation inside decisions. Evaluation errors are expected outcomes (a task fails
 * with the reason in its state_info), so they come back as values rather than exceptions.
 */
import { ExpressionError } from '../../language/expressions/errors.js';
import type { EvaluationContext } from '../../language/expressions/host.js';
import { evaluateDeep } from '../../language/expressions/template.js';
import { isInt, isMap, num, isNumber, truthy, typeName, type Value, type ValueMap } from '../../language/values/value.js';
import type { Draft } from '../draft.js';
import type { TaskExecution } from '../model.js';
import { executionHost } from './expression-host.js';
import { taskView } from './context.js';

export type Evaluated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export function ok<T>(value: T): Evaluated<T> {
  return { ok: true, value };
}

export function failed<T>(error: string): Evaluated<T> {
  return { ok: false, error };
}

/** Evaluates a raw value (expressions anywhere inside) in a context. */
export function evaluate(raw: Value, ctx: EvaluationContext): Evaluated<Value> {
  try {
    return ok(evaluateDeep(raw, ctx));
  } catch (e) {
    if (e instanceof ExpressionError) return failed(e.message);
    return failed(`Unexpected error while evaluating an expression: ${(e as Error).message}`);
  }
}

/** The evaluation context of a task: its branch data and `task()` answering for it. */
export function taskContext(draft: Draft, task: TaskExecution, itemVars: ValueMap | null = null): EvaluationContext {
  return { data: taskView(draft.execution, task.inContext, itemVars), host: executionHost(draft, task) };
}

export function evaluateMap(raw: ValueMap | null, ctx: EvaluationContext, what: string): Evaluated<ValueMap> {
  if (raw === null) return ok(new Map());
  const r = evaluate(raw, ctx);
  if (!r.ok) return r;
  if (!isMap(r.value)) return failed(`${what} must evaluate to a dict, got ${typeName(r.value)}`);
  return ok(r.value);
}

/**
 * Evaluates a policy value and checks its type after evaluation, as Mistral does
 * (`Invalid data type in <Policy>…`). Returns the fallback when the policy is absent.
 */
export function policyInt(raw: Value | null, ctx: EvaluationContext, policy: string, fallback = 0): Evaluated<number> {
  if (raw === null) return ok(fallback);
  const r = evaluate(raw, ctx);
  if (!r.ok) return r;
  const v = r.value;
  if (v === null) return ok(fallback);
  if (isNumber(v) && num(v) >= 0 && (isInt(v) || Number.isInteger(num(v)))) return ok(num(v));
  if (isNumber(v) && num(v) >= 0) return ok(num(v));
  return failed(`Invalid data type in ${policy}: expected a non-negative number, got ${typeName(v)} ${JSON.stringify(String(v))}`);
}

export function policyBool(raw: Value | null, ctx: EvaluationContext, policy: string): Evaluated<boolean> {
  if (raw === null) return ok(false);
  const r = evaluate(raw, ctx);
  if (!r.ok) return r;
  if (typeof r.value === 'boolean') return ok(r.value);
  if (r.value === null) return ok(false);
  return failed(`Invalid data type in ${policy}: expected a boolean, got ${typeName(r.value)}`);
}

/** Truthiness of a guard or condition expression. */
export function condition(raw: Value, ctx: EvaluationContext): Evaluated<boolean> {
  const r = evaluate(raw, ctx);
  return r.ok ? ok(truthy(r.value)) : r;
}
