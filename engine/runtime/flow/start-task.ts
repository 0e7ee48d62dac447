/**
 * Creating and starting task executions: joins, before-start policies (pause-before, wait-before,
 * timeout) and launching runs (one, or one per with-items iteration).
 */
import type { TaskSpec } from '../../language/spec/types.js';
import { isList, type MapKey, type Value, type ValueMap } from '../../language/values/value.js';
import type { DecideEnv } from '../catalog.js';
import type { Draft } from '../draft.js';
import type { TaskExecution, Trigger, WithItemsProgress } from '../model.js';
import { completeTask } from './complete-task.js';
import { mergeContexts, type VersionedContext } from './context.js';
import { evaluate, policyBool, policyInt, taskContext } from './evaluate.js';
import { evaluateJoin } from './join.js';
import { launchRun } from './launch-run.js';

export function taskSpecOf(env: DecideEnv, name: string): TaskSpec {
  const spec = env.spec.tasks.get(name);
  if (!spec) throw new Error(`workflow ${env.spec.name} has no task ${name}`);
  return spec;
}

function newTask(draft: Draft, name: string, trigger: Trigger | null, ctx: VersionedContext, state: TaskExecution['state'], uniqueKey: string | null, type: TaskExecution['type']): TaskExecution {
  return {
    id: draft.newId(),
    name,
    type,
    state,
    stateInfo: null,
    inContext: ctx.values,
    inVersions: ctx.versions,
    published: new Map(),
    result: null,
    actionName: null,
    input: null,
    retryNo: 0,
    attempt: 0,
    triggeredBy: trigger ? [trigger] : [],
    withItems: null,
    processed: false,
    nextTasks: [],
    errorHandled: false,
    uniqueKey,
    pendingOutcome: null,
    createdAt: draft.now,
    startedAt: null,
    finishedAt: null,
    updatedAt: draft.now,
  };
}

/**
 * Schedules task `name` with the context of the task that selected it. Join tasks are created once
 * (WAITING) and collect arrivals; other tasks get a new execution each time (loops).
 */
export function scheduleTask(draft: Draft, env: DecideEnv, name: string, trigger: Trigger | null, ctx: VersionedContext): void {
  const spec = taskSpecOf(env, name);
  const type = spec.type === 'workflow' ? 'WORKFLOW' : 'ACTION';
  if (spec.join !== null) {
    const key = `join-task-${draft.execution.id}-${name}`;
    const existing = [...draft.tasks()].find((t) => t.uniqueKey === key);
    if (existing && existing.state === 'WAITING') {
      const merged = mergeContexts([{ values: existing.inContext, versions: existing.inVersions }, ctx]);
      draft.updateTask(existing.id, {
        triggeredBy: trigger ? [...existing.triggeredBy, trigger] : existing.triggeredBy,
        inContext: merged.values,
        inVersions: merged.versions,
      });
      evaluateJoin(draft, env, existing.id);
      return;
    }
    if (!existing) {
      const task = newTask(draft, name, trigger, ctx, 'WAITING', key, type);
      draft.insertTask(task);
      draft.record({ entityType: 'task', entityId: task.id, name, state: 'WAITING', stateInfo: null, payload: null });
      evaluateJoin(draft, env, task.id);
    }
    return;
  }
  const task = newTask(draft, name, trigger, ctx, 'IDLE', null, type);
  draft.insertTask(task);
  startTask(draft, env, task.id, false);
}

/** Starts an IDLE (or satisfied WAITING) task, honouring pause-before and wait-before. */
export function startTask(draft: Draft, env: DecideEnv, taskId: string, skipPauseBefore: boolean): void {
  if (draft.execution.state === 'PAUSED') {
    draft.updateExecution({ deferred: [...draft.execution.deferred, { kind: 'start-task', taskId }] });
    return;
  }
  const task = draft.task(taskId) as TaskExecution;
  const spec = taskSpecOf(env, task.name);
  const ctx = taskContext(draft, task);
  if (!skipPauseBefore) {
    const pause = policyBool(spec.policies.pauseBefore, ctx, 'PauseBeforePolicy');
    if (!pause.ok) return failBeforeStart(draft, env, task, pause.error);
    if (pause.value) {
      const info = "Set by 'pause-before' policy";
      draft.updateTask(task.id, { state: 'IDLE', stateInfo: info });
      draft.record({ entityType: 'task', entityId: task.id, name: task.name, state: 'IDLE', stateInfo: info, payload: null });
      draft.updateExecution({ state: 'PAUSED', deferred: [...draft.execution.deferred, { kind: 'start-task', taskId }] });
      draft.record({ entityType: 'workflow', entityId: draft.execution.id, name: draft.execution.workflowName, state: 'PAUSED', stateInfo: info, payload: null });
      return;
    }
    const wait = policyInt(spec.policies.waitBefore, ctx, 'WaitBeforePolicy');
    if (!wait.ok) return failBeforeStart(draft, env, task, wait.error);
    if (wait.value > 0) {
      const info = `Delayed by 'wait-before' policy [delay=${wait.value}]`;
      const t = draft.updateTask(task.id, { state: 'DELAYED', stateInfo: info });
      draft.record({ entityType: 'task', entityId: task.id, name: task.name, state: 'DELAYED', stateInfo: info, payload: null });
      draft.command({ kind: 'event', executionId: draft.execution.id, dueAt: draft.now + wait.value * 1000, event: { type: 'timer', purpose: 'wait-before', taskId, attempt: t.attempt } });
      return;
    }
  }
  runTask(draft, env, taskId);
}

function failBeforeStart(draft: Draft, env: DecideEnv, task: TaskExecution, error: string): void {
  draft.updateTask(task.id, { state: 'RUNNING', startedAt: draft.now });
  completeTask(draft, env, task.id, 'ERROR', null, error);
}

/** Moves the task to RUNNING (a new attempt), arms its timeout and launches its runs. */
export function runTask(draft: Draft, env: DecideEnv, taskId: string): void {
  const before = draft.task(taskId) as TaskExecution;
  const spec = taskSpecOf(env, before.name);
  const task = draft.updateTask(taskId, { state: 'RUNNING', stateInfo: null, attempt: before.attempt + 1, startedAt: before.startedAt ?? draft.now });
  draft.record({ entityType: 'task', entityId: task.id, name: task.name, state: 'RUNNING', stateInfo: null, payload: null });
  const ctx = taskContext(draft, task);
  const timeout = policyInt(spec.policies.timeout, ctx, 'TimeoutPolicy');
  if (!timeout.ok) return completeTask(draft, env, taskId, 'ERROR', null, timeout.error);
  if (timeout.value > 0) {
    draft.command({ kind: 'event', executionId: draft.execution.id, dueAt: draft.now + timeout.value * 1000, event: { type: 'timer', purpose: 'timeout', taskId, attempt: task.attempt } });
  }
  if (spec.withItems === null) {
    const launched = launchRun(draft, env, task, 0, null);
    if (!launched.ok) completeTask(draft, env, taskId, 'ERROR', null, launched.error);
    return;
  }
  startWithItems(draft, env, task, spec);
}

function startWithItems(draft: Draft, env: DecideEnv, task: TaskExecution, spec: TaskSpec): void {
  const bindings = spec.withItems ?? [];
  const ctx = taskContext(draft, task);
  const collections: Value[][] = [];
  for (const b of bindings) {
    const r = evaluate(b.collection, ctx);
    if (!r.ok) return completeTask(draft, env, task.id, 'ERROR', null, r.error);
    if (!isList(r.value)) {
      return completeTask(draft, env, task.id, 'ERROR', null, `Invalid with-items: '${b.variable}' must be a list, got ${r.value === null ? 'None' : typeof r.value}`);
    }
    collections.push([...r.value]);
  }
  const total = collections[0]?.length ?? 0;
  if (collections.some((c) => c.length !== total)) {
    return completeTask(draft, env, task.id, 'ERROR', null, 'All arrays must have the same length');
  }
  const concurrency = policyInt(spec.policies.concurrency, ctx, 'ConcurrencyPolicy');
  if (!concurrency.ok) return completeTask(draft, env, task.id, 'ERROR', null, concurrency.error);
  const progress: WithItemsProgress = {
    variables: bindings.map((b) => b.variable),
    collections,
    total,
    concurrency: concurrency.value,
    launched: 0,
    finished: 0,
    pendingIndexes: task.withItems?.pendingIndexes ?? null,
  };
  draft.updateTask(task.id, { withItems: progress });
  if (total === 0) return completeTask(draft, env, task.id, 'SUCCESS', [], null);
  launchMoreItems(draft, env, task.id);
}

/** How many iterations this attempt runs (all, or only the failed ones after a reset=false rerun). */
export function itemCount(p: WithItemsProgress): number {
  return p.pendingIndexes?.length ?? p.total;
}

/** The item index of the `n`-th iteration of this attempt. */
function itemIndexAt(p: WithItemsProgress, n: number): number {
  return p.pendingIndexes ? (p.pendingIndexes[n] as number) : n;
}

/** Starts iterations until the concurrency cap is reached or none are left. */
export function launchMoreItems(draft: Draft, env: DecideEnv, taskId: string): void {
  for (;;) {
    const task = draft.task(taskId) as TaskExecution;
    const p = task.withItems as WithItemsProgress;
    const inFlight = p.launched - p.finished;
    if (p.launched >= itemCount(p) || task.state !== 'RUNNING') return;
    if (p.concurrency > 0 && inFlight >= p.concurrency) return;
    const index = itemIndexAt(p, p.launched);
    draft.updateTask(taskId, { withItems: { ...p, launched: p.launched + 1 } });
    const vars = new Map<MapKey, Value>();
    p.variables.forEach((name, i) => vars.set(name, (p.collections[i] as Value[])[index] as Value));
    const r = launchRun(draft, env, draft.task(taskId) as TaskExecution, index, vars as ValueMap);
    if (!r.ok) return completeTask(draft, env, taskId, 'ERROR', null, r.error);
  }
}
