/**
 * Operator actions (pause, resume, cancel, force a state, rerun a task) and their cascade through
 * sub-workflows. The API validates preconditions and explains refusals; here a request that no
 * longer applies is simply a no-op.
 */
import type { ValueMap } from '../../language/values/value.js';
import type { DecideEnv } from '../catalog.js';
import type { Draft } from '../draft.js';
import type { Run, TaskExecution } from '../model.js';
import { isCompleted, isTerminal } from '../states.js';
import { mergeMaps, outboundContext } from './context.js';
import { policyBool, taskContext } from './evaluate.js';
import { onRunCompleted } from './complete-task.js';
import { runTask, scheduleTask, startTask, taskSpecOf } from './start-task.js';
import { checkCompletion, finishWorkflow } from './workflow.js';
import { handleTimer } from './timers.js';

function cascade(draft: Draft, type: 'pause' | 'resume'): void {
  for (const t of draft.tasks()) {
    if (t.type !== 'WORKFLOW' || isCompleted(t.state)) continue;
    for (const r of draft.runsOf(t.id)) {
      if (r.kind === 'workflow' && !isCompleted(r.state)) {
        draft.command({ kind: 'event', executionId: r.id, dueAt: draft.now, event: { type, cascade: true } });
      }
    }
  }
}

export function pauseWorkflow(draft: Draft): void {
  if (draft.execution.state !== 'RUNNING') return;
  draft.updateExecution({ state: 'PAUSED' });
  draft.record({ entityType: 'workflow', entityId: draft.execution.id, name: draft.execution.workflowName, state: 'PAUSED', stateInfo: null, payload: null });
  cascade(draft, 'pause');
}

export function resumeWorkflow(draft: Draft, env: DecideEnv, newEnv: ValueMap | undefined): void {
  const e = draft.execution;
  if (e.state !== 'PAUSED') return;
  const deferred = e.deferred;
  draft.updateExecution({ state: 'RUNNING', stateInfo: null, deferred: [], env: newEnv ? mergeMaps(e.env, newEnv) : e.env });
  draft.record({ entityType: 'workflow', entityId: e.id, name: e.workflowName, state: 'RUNNING', stateInfo: null, payload: null });
  cascade(draft, 'resume');
  for (const d of deferred) {
    if (draft.execution.state !== 'RUNNING') {
      // A replayed command paused or ended the workflow again: keep the rest for later.
      draft.updateExecution({ deferred: [...draft.execution.deferred, d] });
      continue;
    }
    if (d.kind === 'start-task') {
      const t = draft.task(d.taskId);
      if (t && (t.state === 'IDLE' || t.state === 'WAITING')) startTask(draft, env, d.taskId, t.stateInfo === "Set by 'pause-before' policy");
    } else if (d.kind === 'transition') {
      const from = draft.task(d.fromTaskId) as TaskExecution;
      scheduleTask(draft, env, d.target, { taskId: from.id, event: d.event }, outboundContext(from));
    } else {
      handleTimer(draft, env, { type: 'timer', purpose: d.purpose, taskId: d.taskId, attempt: d.attempt, ...(d.runId ? { runId: d.runId } : {}) });
    }
  }
  checkCompletion(draft, env);
}

export function cancelWorkflow(draft: Draft, env: DecideEnv, stateInfo: string | null): void {
  if (isTerminal(draft.execution.state)) return;
  for (const t of [...draft.tasks()]) {
    if (isCompleted(t.state)) continue;
    for (const r of draft.runsOf(t.id)) {
      if (isCompleted(r.state)) continue;
      draft.updateRun(r.id, { state: 'CANCELLED', finishedAt: draft.now, accepted: false });
      if (r.kind === 'workflow') draft.command({ kind: 'event', executionId: r.id, dueAt: draft.now, event: { type: 'cancel', stateInfo: 'Cancelled with its parent workflow' } });
    }
    draft.updateTask(t.id, { state: 'CANCELLED', finishedAt: draft.now, processed: true });
    draft.record({ entityType: 'task', entityId: t.id, name: t.name, state: 'CANCELLED', stateInfo: null, payload: null });
  }
  finishWorkflow(draft, env, 'CANCELLED', stateInfo ?? 'Cancelled by request');
}

export function forceState(draft: Draft, env: DecideEnv, state: 'SUCCESS' | 'ERROR', stateInfo: string | null): void {
  if (isTerminal(draft.execution.state)) return;
  finishWorkflow(draft, env, state, stateInfo);
}

/** Makes this execution RUNNING again after a rerun, and tells its parent to do the same. */
function reopenWorkflow(draft: Draft, newEnv: ValueMap | undefined): void {
  const e = draft.execution;
  draft.updateExecution({ state: 'RUNNING', stateInfo: null, finishedAt: null, output: null, env: newEnv ? mergeMaps(e.env, newEnv) : e.env });
  draft.record({ entityType: 'workflow', entityId: e.id, name: e.workflowName, state: 'RUNNING', stateInfo: 'rerun', payload: null });
  if (e.parentExecutionId) draft.command({ kind: 'event', executionId: e.parentExecutionId, dueAt: draft.now, event: { type: 'child-rerun', runId: e.id } });
}

function resetTask(draft: Draft, taskId: string, patch: Partial<TaskExecution>): void {
  draft.updateTask(taskId, { processed: false, errorHandled: false, nextTasks: [], finishedAt: null, retryNo: 0, published: new Map(), result: null, ...patch });
}

/** Mistral's PUT /v2/tasks/{id} with state RUNNING: run an ERROR task again. */
export function rerunTask(draft: Draft, env: DecideEnv, taskId: string, reset: boolean, newEnv: ValueMap | undefined): void {
  const task = draft.task(taskId);
  if (!task || task.state !== 'ERROR') return;
  reopenWorkflow(draft, newEnv);
  const runs = draft.runsOf(taskId).filter((r) => r.accepted);
  let pendingIndexes: number[] | null = null;
  if (task.withItems && !reset) {
    const latest = new Map<number, Run>();
    for (const r of runs) latest.set(r.index, r);
    pendingIndexes = [];
    for (let i = 0; i < task.withItems.total; i++) {
      const r = latest.get(i);
      if (!r || r.state !== 'SUCCESS') pendingIndexes.push(i);
    }
    for (const r of runs) if (pendingIndexes.includes(r.index)) draft.updateRun(r.id, { accepted: false });
  } else {
    for (const r of runs) draft.updateRun(r.id, { accepted: false });
  }
  resetTask(draft, taskId, { withItems: task.withItems ? { ...task.withItems, pendingIndexes, launched: 0, finished: 0 } : null });
  runTask(draft, env, taskId);
}

/** A child workflow of one of our tasks was rerun: its task and this workflow run again. */
export function childRerun(draft: Draft, runId: string): void {
  const run = draft.run(runId);
  if (!run) return;
  draft.updateRun(runId, { state: 'RUNNING', accepted: true, finishedAt: null });
  const task = draft.task(run.taskId) as TaskExecution;
  if (isCompleted(draft.execution.state as TaskExecution['state'])) reopenWorkflow(draft, undefined);
  if (task.state === 'ERROR') {
    const finished = task.withItems ? task.withItems.finished - 1 : 0;
    resetTask(draft, task.id, { state: 'RUNNING', stateInfo: null, withItems: task.withItems ? { ...task.withItems, finished } : null });
  }
}

/**
 * A run was in flight when its engine process died. Idempotent actions are simply run again by the
 * engine; this handles the others: re-run only when the task says `safe-rerun`, else fail the run
 * with a message the operator can act on (Mistral's rule).
 */
export function runLost(draft: Draft, env: DecideEnv, runId: string): void {
  const run = draft.run(runId);
  if (!run || run.state !== 'RUNNING') return;
  const task = draft.task(run.taskId) as TaskExecution;
  const safe = policyBool(taskSpecOf(env, task.name).safeRerun, taskContext(draft, task), 'safe-rerun');
  if (safe.ok && safe.value) {
    draft.command({ kind: 'run-action', executionId: draft.execution.id, runId, dueAt: draft.now });
    return;
  }
  const info = `Action ${run.name} was running when the engine stopped and is not safe to run twice; it was not re-run (set 'safe-rerun: true' on task "${task.name}" to allow it, or rerun the task).`;
  onRunCompleted(draft, env, runId, 'ERROR', info, info);
}
