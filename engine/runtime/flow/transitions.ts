/**
 * What happens after a task finishes (digest §4.2 direct, §5 reverse): select targets from the
 * on-* clauses in Mistral's order, run engine commands, schedule next tasks, then see whether the
 * workflow is done.
 */
import type { TransitionClause, TransitionTarget } from '../../language/spec/types.js';
import { pyStr } from '../../language/values/python-format.js';
import type { DecideEnv } from '../catalog.js';
import type { Draft } from '../draft.js';
import type { TaskExecution, Trigger } from '../model.js';
import { mergeContexts, outboundContext, taskView } from './context.js';
import { condition, evaluate } from './evaluate.js';
import { executionHost } from './expression-host.js';
import { evaluateJoin } from './join.js';
import { scheduleTask, taskSpecOf } from './start-task.js';
import { checkCompletion, finishWorkflow, reverseClosure } from './workflow.js';

interface Selected {
  readonly target: TransitionTarget;
  readonly event: Trigger['event'];
}

function select(clause: TransitionClause | null, event: Trigger['event'], draft: Draft, task: TaskExecution, out: Selected[]): string | null {
  if (!clause) return null;
  const ctx = { data: taskView(draft.execution, outboundContext(task).values), host: executionHost(draft, task) };
  for (const target of clause.targets) {
    if (target.guard !== null) {
      const c = condition(target.guard, ctx);
      if (!c.ok) return c.error;
      if (!c.value) continue;
    }
    out.push({ target, event });
  }
  return null;
}

export function processTransitions(draft: Draft, env: DecideEnv, taskId: string): void {
  if (env.spec.type === 'reverse') return processReverse(draft, env, taskId);
  let task = draft.task(taskId) as TaskExecution;
  const spec = taskSpecOf(env, task.name);
  const selected: Selected[] = [];
  let error: string | null = null;
  if (task.state === 'ERROR') error = select(spec.onError, 'on-error', draft, task, selected);
  const handled = task.state === 'ERROR' && selected.length > 0;
  if (!error && task.state === 'SUCCESS') error = select(spec.onSuccess, 'on-success', draft, task, selected);
  if (!error && (task.state === 'SUCCESS' || task.state === 'ERROR')) error = select(spec.onComplete, 'on-complete', draft, task, selected);
  if (error) {
    // A guard that cannot be evaluated fails the task; nothing is selected.
    draft.updateTask(taskId, { state: 'ERROR', stateInfo: error, processed: true, nextTasks: [], errorHandled: false });
    draft.record({ entityType: 'task', entityId: taskId, name: task.name, state: 'ERROR', stateInfo: error, payload: null });
    return checkCompletion(draft, env);
  }
  task = draft.updateTask(taskId, {
    processed: true,
    errorHandled: handled,
    nextTasks: selected.map((s) => (s.target.kind === 'task' ? s.target.name : s.target.command)),
  });
  const outbound = outboundContext(task);
  for (let i = 0; i < selected.length; i++) {
    const { target, event } = selected[i] as Selected;
    if (draft.execution.state === 'PAUSED') {
      const rest = selected.slice(i).filter((s) => s.target.kind === 'task');
      draft.updateExecution({
        deferred: [...draft.execution.deferred, ...rest.map((s) => ({ kind: 'transition' as const, fromTaskId: taskId, target: (s.target as { name: string }).name, event: s.event }))],
      });
      break;
    }
    if (draft.execution.state !== 'RUNNING') break;
    if (target.kind === 'task') scheduleTask(draft, env, target.name, { taskId, event }, outbound);
    else runCommand(draft, env, task, target);
  }
  notifyJoins(draft, env, task);
  checkCompletion(draft, env);
}

function runCommand(draft: Draft, env: DecideEnv, task: TaskExecution, target: Extract<TransitionTarget, { kind: 'command' }>): void {
  let msg: string | null = null;
  if (target.msg !== null) {
    const ctx = { data: taskView(draft.execution, outboundContext(task).values), host: executionHost(draft, task) };
    const r = evaluate(target.msg, ctx);
    msg = r.ok ? (r.value === null ? null : pyStr(r.value)) : r.error;
  }
  switch (target.command) {
    case 'noop':
      return;
    case 'fail':
      return finishWorkflow(draft, env, 'ERROR', msg ?? `Workflow failed by the 'fail' command of task "${task.name}"`);
    case 'succeed':
      return finishWorkflow(draft, env, 'SUCCESS', msg);
    case 'pause':
      draft.updateExecution({ state: 'PAUSED', stateInfo: msg });
      draft.record({ entityType: 'workflow', entityId: draft.execution.id, name: draft.execution.workflowName, state: 'PAUSED', stateInfo: msg, payload: null });
      return;
  }
}

/** A join waiting on this task must learn that the task finished without selecting it. */
function notifyJoins(draft: Draft, env: DecideEnv, task: TaskExecution): void {
  if (!feedsAJoin(env, task.name)) return;
  for (const t of draft.tasks()) {
    if (t.state !== 'WAITING') continue;
    const inbound = env.spec.inbound.get(t.name) ?? [];
    if (inbound.includes(task.name) && !task.nextTasks.includes(t.name)) evaluateJoin(draft, env, t.id);
  }
}

const joinFeeders = new WeakMap<object, ReadonlySet<string>>();

/** Whether any join task of the workflow waits on tasks named `name` (cached per spec). */
function feedsAJoin(env: DecideEnv, name: string): boolean {
  let feeders = joinFeeders.get(env.spec);
  if (!feeders) {
    const set = new Set<string>();
    for (const t of env.spec.tasks.values()) if (t.join !== null) for (const n of env.spec.inbound.get(t.name) ?? []) set.add(n);
    feeders = set;
    joinFeeders.set(env.spec, feeders);
  }
  return feeders.has(name);
}

/** Reverse workflows: start every task of the target's closure whose requirements all succeeded. */
function processReverse(draft: Draft, env: DecideEnv, taskId: string): void {
  const task = draft.updateTask(taskId, { processed: true });
  if (task.state === 'SUCCESS' && draft.execution.state === 'RUNNING') scheduleReady(draft, env);
  checkCompletion(draft, env);
}

export function scheduleReady(draft: Draft, env: DecideEnv): void {
  const closure = reverseClosure(env.spec, draft.execution.params);
  if (!closure.ok) return;
  const created = new Set<string>();
  const succeeded = new Map<string, TaskExecution>();
  for (const t of draft.tasks()) {
    created.add(t.name);
    if (t.state === 'SUCCESS') succeeded.set(t.name, t);
  }
  for (const name of closure.value) {
    if (created.has(name)) continue;
    const requires = taskSpecOf(env, name).requires;
    if (!requires.every((r) => succeeded.has(r))) continue;
    const upstream = requires.map((r) => succeeded.get(r) as TaskExecution);
    const ctx = mergeContexts(upstream.map(outboundContext));
    const trigger = upstream[0] ? { taskId: upstream[0].id, event: 'requires' as const } : null;
    scheduleTask(draft, env, name, trigger, upstream.length ? ctx : { values: new Map(), versions: new Map() });
    created.add(name);
  }
}

