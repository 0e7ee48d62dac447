/**
 * The retry policy (language digest §6), plus Convection's exponential backoff and jitter.
 */
import { createHash } from 'node:crypto';
import type { EvaluationContext } from '../../language/expressions/host.js';
import type { RetryPolicy } from '../../language/spec/types.js';
import type { Draft } from '../draft.js';
import type { TaskExecution } from '../model.js';
import { condition, evaluate, failed, ok, policyInt, type Evaluated } from './evaluate.js';
import { isNumber, num } from '../../language/values/value.js';

/**
 * Whether the just-finished task runs again, and after how many milliseconds (null: no retry).
 * Mistral's order: no retry past `count`; a success retries only under `continue-on`; a falsy
 * `continue-on` stops; an error stops when `break-on` holds.
 */
export function retryDelayMs(_draft: Draft, task: TaskExecution, policy: RetryPolicy, ctx: EvaluationContext): Evaluated<number | null> {
  const count = policyInt(policy.count, ctx, 'RetryPolicy');
  if (!count.ok) return count;
  if (count.value === 0 || task.retryNo >= count.value) return ok(null);
  if (task.state !== 'SUCCESS' && task.state !== 'ERROR') return ok(null);
  if (task.state === 'SUCCESS' && policy.continueOn === null) return ok(null);
  if (policy.continueOn !== null) {
    const c = condition(policy.continueOn, ctx);
    if (!c.ok) return c;
    if (!c.value) return ok(null);
  }
  if (task.state === 'ERROR' && policy.breakOn !== null) {
    const b = condition(policy.breakOn, ctx);
    if (!b.ok) return b;
    if (b.value) return ok(null);
  }
  const delay = policyInt(policy.delay, ctx, 'RetryPolicy');
  if (!delay.ok) return delay;
  let ms = delay.value * 1000;
  if (policy.backoff === 'exponential') ms *= 2 ** task.retryNo;
  if (policy.maxDelay !== null) {
    const max = policyInt(policy.maxDelay, ctx, 'RetryPolicy');
    if (!max.ok) return max;
    if (max.value > 0) ms = Math.min(ms, max.value * 1000);
  }
  if (policy.jitter !== null) {
    const j = evaluate(policy.jitter, ctx);
    if (!j.ok) return j;
    const fraction = j.value === true ? 1 : isNumber(j.value) ? num(j.value) : 0;
    if (fraction < 0 || fraction > 1) return failed(`Invalid data type in RetryPolicy: jitter must be true or a fraction between 0 and 1`);
    ms += Math.floor(ms * fraction * deterministicUnit(`${task.id}:${task.retryNo}`));
  }
  return ok(ms);
}

/** A number in [0, 1) derived from the key: jitter that replays identically after a restart. */
function deterministicUnit(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
}
