/**
 * Launching one run of a task: resolves the action (expanding ad-hoc actions down to a built-in) or
 * the sub-workflow, checks its input and emits the command that performs it.
 */
import { parseDynamicCommand } from '../../language/inline-params.js';
import { isMap, typeName, type ValueMap } from '../../language/values/value.js';
import type { DecideEnv, LookupScope } from '../catalog.js';
import type { Draft } from '../draft.js';
import type { Run, TaskExecution } from '../model.js';
import { expandAction } from './adhoc-actions.js';
import { executionHost } from './expression-host.js';
import { mergeMaps, taskView } from './context.js';
import { evaluate, evaluateMap, failed, ok, taskContext, type Evaluated } from './evaluate.js';
import { checkWorkflowInput } from './inputs.js';
import { taskSpecOf } from './start-task.js';

export function lookupScope(draft: Draft, env: DecideEnv): LookupScope {
  return { workbook: env.spec.workbook, namespace: draft.execution.namespace, projectId: draft.execution.projectId };
}

/** Resolves the task's action or workflow name and inline parameters (evaluating a dynamic name). */
function resolveTarget(draft: Draft, task: TaskExecution, env: DecideEnv, itemVars: ValueMap | null): Evaluated<{ name: string; inline: ValueMap }> {
  const spec = taskSpecOf(env, task.name);
  if (!spec.targetIsExpression) return ok({ name: spec.target, inline: spec.inlineInput });
  const r = evaluate(spec.target, taskContext(draft, task, itemVars));
  if (!r.ok) return r;
  if (typeof r.value !== 'string' || r.value.trim() === '') {
    return failed(`task "${task.name}": the ${spec.type} name expression must yield a non-empty string, got ${typeName(r.value)}`);
  }
  const parsed = parseDynamicCommand(r.value);
  if (parsed.problems.length > 0) return failed(`task "${task.name}": ${parsed.problems.join('; ')}`);
  return ok({ name: parsed.name, inline: mergeMaps(spec.inlineInput, parsed.params) });
}

export function launchRun(draft: Draft, env: DecideEnv, task: TaskExecution, index: number, itemVars: ValueMap | null): Evaluated<void> {
  const spec = taskSpecOf(env, task.name);
  const ctx = taskContext(draft, task, itemVars);
  const target = resolveTarget(draft, task, env, itemVars);
  if (!target.ok) return target;
  const inline = evaluateMap(target.value.inline, ctx, 'inline parameters');
  if (!inline.ok) return inline;
  let explicit: ValueMap = new Map();
  if (spec.input !== null) {
    const r = evaluate(spec.input, ctx);
    if (!r.ok) return r;
    if (r.value !== null && !isMap(r.value)) return failed(`task "${task.name}": input must evaluate to a dict, got ${typeName(r.value)}`);
    if (r.value !== null) explicit = r.value;
  }
  const input = mergeMaps(inline.value, explicit);
  const scope = lookupScope(draft, env);
  const base = {
    taskId: task.id,
    index,
    attempt: task.attempt,
    state: 'RUNNING' as const,
    stateInfo: null,
    output: null,
    accepted: true,
    createdAt: draft.now,
    finishedAt: null,
  };
  if (index === 0 || task.actionName === null) draft.updateTask(task.id, { actionName: target.value.name, input });

  if (spec.type === 'workflow') {
    const wf = env.catalog.workflow(target.value.name, scope);
    if (!wf) return failed(`Workflow not found [workflow_name=${target.value.name}, namespace=${scope.namespace}]`);
    const checked = checkWorkflowInput(wf.spec, input);
    if (!checked.ok) return checked;
    const run: Run = { ...base, id: draft.newId(), kind: 'workflow', name: wf.name, builtin: null, input: checked.value, idempotent: true };
    draft.insertRun(run, { workflowName: wf.name, definition: wf.definition, namespace: wf.namespace, input: checked.value, params: new Map(), env: draft.execution.env });
    draft.command({ kind: 'event', executionId: run.id, dueAt: draft.now, event: { type: 'start' } });
    return ok(undefined);
  }

  const data = taskView(draft.execution, task.inContext, itemVars);
  const expanded = expandAction(env.catalog, scope, target.value.name, input, data, executionHost(draft, null));
  if (!expanded.ok) return expanded;
  const { builtin } = expanded.value;
  const run: Run = { ...base, id: draft.newId(), kind: 'action', name: target.value.name, builtin: builtin.name, input: expanded.value.input, idempotent: builtin.idempotent };
  draft.insertRun(run);
  draft.record({ entityType: 'action', entityId: run.id, name: run.name, state: 'RUNNING', stateInfo: null, payload: null });
  if (builtin.timer) {
    const seconds = expanded.value.input.get('seconds');
    const ms = typeof seconds === 'number' ? seconds * 1000 : 1000;
    draft.command({ kind: 'event', executionId: draft.execution.id, dueAt: draft.now + ms, event: { type: 'timer', purpose: 'sleep', taskId: task.id, attempt: task.attempt, runId: run.id } });
  } else {
    draft.command({ kind: 'run-action', executionId: draft.execution.id, runId: run.id, dueAt: draft.now });
  }
  return ok(undefined);
}
