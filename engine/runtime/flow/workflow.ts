/**
 * Workflow-level decisions: start (vars, start tasks or the reverse target's leaves), completion
 * detection, the final state and output (digest §4.5, §5, §8.5), and telling the parent.
 */
import type { WorkflowSpec } from '../../language/spec/types.js';
import { dumpJson } from '../../language/values/json.js';
import { mapOf, type MapKey, type Value, type ValueMap } from '../../language/values/value.js';
import type { DecideEnv } from '../catalog.js';
import type { Draft } from '../draft.js';
import type { TaskExecution } from '../model.js';
import { isCompleted } from '../states.js';
import { EMPTY_CONTEXT, mergeContexts, outboundContext, taskView } from './context.js';
import { evaluate, evaluateMap, failed, ok, type Evaluated } from './evaluate.js';
import { executionHost } from './expression-host.js';
import { evaluateJoin } from './join.js';
import { scheduleTask } from './start-task.js';
import { scheduleReady } from './transitions.js';

/** The tasks a reverse workflow runs: the target named in params.task_name and everything it requires. */
export function reverseClosure(spec: WorkflowSpec, params: ValueMap): Evaluated<readonly string[]> {
  const target = params.get('task_name');
  if (typeof target !== 'string') return failed(`Reverse workflow ${spec.name} needs params.task_name (the task to run)`);
  if (!spec.tasks.has(target)) return failed(`Reverse workflow ${spec.name} has no task "${target}" (params.task_name)`);
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const r of spec.tasks.get(name)?.requires ?? []) visit(r);
  };
  visit(target);
  return ok([...spec.tasks.keys()].filter((n) => seen.has(n)));
}

export function startWorkflow(draft: Draft, env: DecideEnv): void {
  if (draft.execution.state !== 'IDLE') return;
  draft.updateExecution({ state: 'RUNNING', startedAt: draft.now });
  draft.record({ entityType: 'workflow', entityId: draft.execution.id, name: draft.execution.workflowName, state: 'RUNNING', stateInfo: null, payload: null });
  const vars = evaluateMap(env.spec.vars, { data: taskView(draft.execution, new Map()), host: executionHost(draft, null) }, 'vars');
  if (!vars.ok) return finishWorkflow(draft, env, 'ERROR', vars.error);
  if (vars.value.size > 0) draft.updateExecution({ context: new Map([...draft.execution.context, ...vars.value]) });
  if (env.spec.type === 'reverse') {
    const closure = reverseClosure(env.spec, draft.execution.params);
    if (!closure.ok) return finishWorkflow(draft, env, 'ERROR', closure.error);
    scheduleReady(draft, env);
  } else {
    for (const name of env.spec.startTasks) {
      if ((draft.execution.state as string) !== 'RUNNING') break;
      scheduleTask(draft, env, name, null, EMPTY_CONTEXT);
    }
  }
  checkCompletion(draft, env);
}

function isActive(t: TaskExecution): boolean {
  return t.state === 'RUNNING' || t.state === 'DELAYED' || t.state === 'IDLE';
}

/** Finishes the workflow when nothing can run any more. */
export function checkCompletion(draft: Draft, env: DecideEnv): void {
  if (draft.execution.state !== 'RUNNING') return;
  const waiting: TaskExecution[] = [];
  // Newest first: while the workflow runs, an active task is almost always among the newest.
  for (const t of draft.tasksNewestFirst()) {
    if (isActive(t) || (isCompleted(t.state) && !t.processed)) return;
    if (t.state === 'WAITING') waiting.unshift(t);
  }
  if (waiting.length > 0) {
    // Nothing else can run, so these joins can never be satisfied; failing them may trigger on-error.
    for (const t of waiting) evaluateJoin(draft, env, t.id, true);
    return;
  }
  const tasks = [...draft.tasks()];
  if (tasks.some((t) => t.state === 'CANCELLED')) return finishWorkflow(draft, env, 'CANCELLED', 'Cancelled tasks: ' + tasks.filter((t) => t.state === 'CANCELLED').map((t) => t.name).join(', '));
  const failedTasks = tasks.filter((t) => t.state === 'ERROR' && !t.errorHandled);
  if (env.spec.type === 'reverse') {
    const target = draft.execution.params.get('task_name');
    const done = tasks.some((t) => t.name === target && t.state === 'SUCCESS');
    if (failedTasks.length === 0 && done) return finishWorkflow(draft, env, 'SUCCESS', null);
    if (failedTasks.length === 0) return finishWorkflow(draft, env, 'ERROR', `Reverse workflow could not reach task "${String(target)}"`);
  }
  if (failedTasks.length > 0) return finishWorkflow(draft, env, 'ERROR', failureSummary(draft, failedTasks));
  finishWorkflow(draft, env, 'SUCCESS', null);
}

/** Mistral's format: `Failure caused by error in tasks: a, b` then a block per task and failed action. */
export function failureSummary(draft: Draft, failedTasks: readonly TaskExecution[]): string {
  let text = `Failure caused by error in tasks: ${failedTasks.map((t) => t.name).join(', ')}\n`;
  for (const t of failedTasks) {
    text += `\n  ${t.name} [task_ex_id=${t.id}] -> ${t.stateInfo ?? ''}\n`;
    for (const r of draft.runsOf(t.id)) {
      if (r.accepted && r.state === 'ERROR' && r.kind === 'action') {
        const err = typeof r.output === 'string' ? r.output : dumpJson(r.output);
        text += `    [action_ex_id=${r.id}, idx=${r.index}]: ${err}\n`;
      }
    }
  }
  return text;
}

/**
 * The final context: branch contexts of the end tasks (completed tasks that selected no further
 * task) merged. Unlike Mistral 15, a task that ended the workflow through an engine command counts
 * as an end task, so `output` can see what it published (digest §8.5, deliberate fix).
 */
function finalContext(draft: Draft, env: DecideEnv): ValueMap {
  const ends: TaskExecution[] = [];
  for (const t of draft.tasks()) {
    if (!isCompleted(t.state)) continue;
    if (env.spec.type === 'reverse' || !t.nextTasks.some((n) => env.spec.tasks.has(n))) ends.push(t);
  }
  return mergeContexts(ends.length ? ends.map(outboundContext) : [EMPTY_CONTEXT]).values;
}

export function finishWorkflow(draft: Draft, env: DecideEnv, state: 'SUCCESS' | 'ERROR' | 'CANCELLED', stateInfo: string | null): void {
  const ctx = finalContext(draft, env);
  const evalCtx = { data: taskView(draft.execution, ctx), host: executionHost(draft, null) };
  let finalState = state;
  let info = stateInfo;
  let output: Value;
  if (state === 'SUCCESS') {
    if (env.spec.output === null) output = ctx;
    else {
      const r = evaluate(env.spec.output, evalCtx);
      if (r.ok) output = r.value;
      else {
        finalState = 'ERROR';
        info = `Failed to evaluate workflow output: ${r.error}`;
        output = mapOf([['result', info]]);
      }
    }
  } else if (state === 'ERROR') {
    const extra = env.spec.outputOnError === null ? ok<Value>(ctx) : evaluate(env.spec.outputOnError, evalCtx);
    const out = new Map<MapKey, Value>([['result', info]]);
    if (extra.ok && extra.value instanceof Map) for (const [k, v] of extra.value) if (k !== 'result') out.set(k, v);
    if (!extra.ok) out.set('result', `${info ?? ''}\nFailed to evaluate output-on-error: ${extra.error}`);
    output = out;
  } else {
    output = mapOf([['result', info]]);
  }
  draft.updateExecution({ state: finalState, stateInfo: info, output, finishedAt: draft.now });
  draft.record({ entityType: 'workflow', entityId: draft.execution.id, name: draft.execution.workflowName, state: finalState, stateInfo: info, payload: null });
  const parent = draft.execution.parentExecutionId;
  if (parent) {
    draft.command({ kind: 'event', executionId: parent, dueAt: draft.now, event: { type: 'child-completed', runId: draft.execution.id, state: finalState, output, stateInfo: info } });
  }
}
