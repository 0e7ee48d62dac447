/**
 * From a finished run to a finished task: with-items aggregation, after-completion policies
 * (fail-on, retry, wait-after), publishing, then the task's transitions.
 */
import { dumpJson } from '../../language/values/json.js';
import type { Value, ValueMap } from '../../language/values/value.js';
import type { DecideEnv } from '../catalog.js';
import type { Draft } from '../draft.js';
import type { Run, TaskExecution } from '../model.js';
import { isCompleted } from '../states.js';
import { condition, evaluateMap, policyBool, policyInt, taskContext } from './evaluate.js';
import { itemCount, launchMoreItems, runTask, taskSpecOf } from './start-task.js';
import { transformOutput } from './adhoc-actions.js';
import { executionHost } from './expression-host.js';
import { lookupScope } from './launch-run.js';
import { processTransitions } from './transitions.js';
import { retryDelayMs } from './retry.js';
import { mergeMaps } from './context.js';

function describeError(v: Value): string | null {
  if (v === null) return null;
  return typeof v === 'string' ? v : dumpJson(v);
}

/** A run (action or child workflow) reached a final state. Stale runs are ignored. */
export function onRunCompleted(draft: Draft, env: DecideEnv, runId: string, state: 'SUCCESS' | 'ERROR' | 'CANCELLED', output: Value, stateInfo: string | null = null): void {
  const run = draft.run(runId);
  if (!run || run.state !== 'RUNNING') return;
  const task = draft.task(run.taskId);
  let value = output;
  let finalState = state;
  if (state === 'SUCCESS' && run.kind === 'action') {
    const transformed = transformOutput(env.catalog, lookupScope(draft, env), run.name, output, executionHost(draft, null));
    if (transformed.ok) value = transformed.value;
    else {
      finalState = 'ERROR';
      value = transformed.error;
    }
  }
  const stale = !task || task.state !== 'RUNNING' || run.attempt !== task.attempt;
  draft.updateRun(runId, { state: finalState, output: value, stateInfo: stateInfo ?? (finalState === 'ERROR' ? describeError(value) : null), finishedAt: draft.now, accepted: !stale });
  draft.record({ entityType: 'action', entityId: run.id, name: run.name, state: finalState, stateInfo: finalState === 'ERROR' ? describeError(value) : null, payload: null });
  if (stale || !task) return;

  if (task.withItems === null) {
    const info = finalState === 'ERROR' ? (stateInfo ?? describeError(value)) : finalState === 'CANCELLED' ? (stateInfo ?? 'Cancelled') : null;
    completeTask(draft, env, task.id, finalState, value, info);
    return;
  }
  const p = task.withItems;
  draft.updateTask(task.id, { withItems: { ...p, finished: p.finished + 1 } });
  if (p.finished + 1 < itemCount(p)) {
    launchMoreItems(draft, env, task.id);
    return;
  }
  finishWithItems(draft, env, task.id);
}

function finishWithItems(draft: Draft, env: DecideEnv, taskId: string): void {
  const task = draft.task(taskId) as TaskExecution;
  const p = task.withItems;
  if (!p) return;
  const latest = new Map<number, Run>();
  for (const r of draft.runsOf(taskId)) if (r.accepted && isCompleted(r.state)) latest.set(r.index, r);
  const results: Value[] = [];
  let anyError = false;
  let anyCancelled = false;
  for (let i = 0; i < p.total; i++) {
    const r = latest.get(i);
    results.push(r ? r.output : null);
    if (r?.state === 'ERROR') anyError = true;
    if (r?.state === 'CANCELLED') anyCancelled = true;
  }
  if (anyCancelled) return completeTask(draft, env, taskId, 'CANCELLED', results, 'Cancelled');
  if (anyError) return completeTask(draft, env, taskId, 'ERROR', results, 'One or more actions had failed.');
  completeTask(draft, env, taskId, 'SUCCESS', results, null);
}

/**
 * The task's runs are done with `state`. Applies fail-on and retry, then wait-after, then
 * finalises (publish + transitions).
 */
export function completeTask(draft: Draft, env: DecideEnv, taskId: string, state: 'SUCCESS' | 'ERROR' | 'CANCELLED', result: Value, stateInfo: string | null): void {
  const spec = taskSpecOf(env, (draft.task(taskId) as TaskExecution).name);
  let task = draft.updateTask(taskId, { result });
  let outcome = state;
  let info = stateInfo;
  if (outcome === 'CANCELLED') return finalizeTask(draft, env, taskId, 'CANCELLED', info);

  const ctx = taskContext(draft, task);
  if (outcome === 'SUCCESS' && spec.policies.failOn !== null) {
    const failOn = condition(spec.policies.failOn, ctx);
    if (!failOn.ok || failOn.value) {
      outcome = 'ERROR';
      info = failOn.ok ? "Failed by 'fail-on' policy" : failOn.error;
    }
  }
  task = draft.updateTask(taskId, { state: outcome, stateInfo: info });
  const retry = spec.policies.retry;
  if (retry !== null && !(info ?? '').startsWith('Task timed out')) {
    const delay = retryDelayMs(draft, task, retry, taskContext(draft, task));
    if (delay.ok && delay.value !== null) {
      for (const r of draft.runsOf(taskId)) if (r.attempt === task.attempt && r.accepted) draft.updateRun(r.id, { accepted: false });
      const delayedInfo = `Delayed by 'retry' policy [delay=${Math.round(delay.value / 100) / 10}]`;
      const t = draft.updateTask(taskId, { state: 'DELAYED', stateInfo: delayedInfo, retryNo: task.retryNo + 1, result: null });
      draft.record({ entityType: 'task', entityId: taskId, name: t.name, state: 'DELAYED', stateInfo: delayedInfo, payload: null });
      draft.command({ kind: 'event', executionId: draft.execution.id, dueAt: draft.now + delay.value, event: { type: 'timer', purpose: 'retry', taskId, attempt: t.attempt } });
      return;
    }
    if (!delay.ok) {
      outcome = 'ERROR';
      info = delay.error;
    }
  }
  const waitAfter = policyInt(spec.policies.waitAfter, ctx, 'WaitAfterPolicy');
  if (!waitAfter.ok) return finalizeTask(draft, env, taskId, 'ERROR', waitAfter.error);
  if (waitAfter.value > 0) {
    const delayedInfo = `Delayed by 'wait-after' policy [delay=${waitAfter.value}]`;
    const t = draft.updateTask(taskId, { state: 'DELAYED', stateInfo: delayedInfo, pendingOutcome: { state: outcome, stateInfo: info } });
    draft.record({ entityType: 'task', entityId: taskId, name: t.name, state: 'DELAYED', stateInfo: delayedInfo, payload: null });
    draft.command({ kind: 'event', executionId: draft.execution.id, dueAt: draft.now + waitAfter.value * 1000, event: { type: 'timer', purpose: 'wait-after', taskId, attempt: t.attempt } });
    return;
  }
  finalizeTask(draft, env, taskId, outcome, info);
}

/** Retry timer fired: run the task again (all iterations for with-items). */
export function retryTask(draft: Draft, env: DecideEnv, taskId: string): void {
  const task = draft.task(taskId) as TaskExecution;
  if (task.withItems) draft.updateTask(taskId, { withItems: { ...task.withItems, launched: 0, finished: 0 } });
  runTask(draft, env, taskId);
}

/** Sets the final state, publishes, and processes transitions. */
export function finalizeTask(draft: Draft, env: DecideEnv, taskId: string, state: 'SUCCESS' | 'ERROR' | 'CANCELLED', stateInfo: string | null): void {
  const before = draft.task(taskId) as TaskExecution;
  const spec = taskSpecOf(env, before.name);
  let task = draft.updateTask(taskId, { state, stateInfo, finishedAt: draft.now, pendingOutcome: null });
  let finalState = state;
  let finalInfo = stateInfo;
  if (state !== 'CANCELLED') {
    const published = publish(draft, env, task);
    if (published.ok) {
      task = draft.updateTask(taskId, { published: published.value });
    } else {
      finalState = 'ERROR';
      finalInfo = published.error;
      task = draft.updateTask(taskId, { state: 'ERROR', stateInfo: published.error });
    }
  }
  const ctx = taskContext(draft, task);
  const keep = policyBool(spec.keepResult, ctx, 'keep-result');
  if (keep.ok && !keep.value) task = draft.updateTask(taskId, { result: null });
  draft.record({ entityType: 'task', entityId: taskId, name: task.name, state: finalState, stateInfo: finalInfo, payload: null });
  processTransitions(draft, env, taskId);
}

/**
 * Publish sources merged with the precedence Mistral's code has (digest §8.2): on-complete publish
 * over the task's publish / publish-on-error over the on-success / on-error clause publish. Global
 * publishes go straight into the workflow context.
 */
function publish(draft: Draft, env: DecideEnv, task: TaskExecution): { ok: true; value: ValueMap } | { ok: false; error: string } {
  const spec = taskSpecOf(env, task.name);
  const ctx = taskContext(draft, task);
  const success = task.state === 'SUCCESS';
  const clause = success ? spec.onSuccess : spec.onError;
  const own = success ? spec.publish : spec.publishOnError;
  const parts: ValueMap[] = [];
  const globals: ValueMap[] = [];
  for (const [raw, what] of [
    [clause?.publishBranch ?? null, 'publish'],
    [own, 'publish'],
    [spec.onComplete?.publishBranch ?? null, 'publish'],
  ] as const) {
    const r = evaluateMap(raw, ctx, what);
    if (!r.ok) return r;
    parts.push(r.value);
  }
  for (const raw of [clause?.publishGlobal ?? null, spec.onComplete?.publishGlobal ?? null]) {
    const r = evaluateMap(raw, ctx, 'global publish');
    if (!r.ok) return r;
    globals.push(r.value);
  }
  const g = mergeMaps(...globals);
  if (g.size > 0) draft.updateExecution({ context: mergeMaps(draft.execution.context, g) });
  return { ok: true, value: mergeMaps(...parts) };
}
