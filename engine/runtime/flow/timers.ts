/**
 * Durable timers firing: wait-before, retry delays, wait-after, task timeouts and std.sleep.
 * A timer carries the task attempt it was armed for; one that outlived its attempt is ignored.
 */
import type { EngineEvent } from '../decision.js';
import type { DecideEnv } from '../catalog.js';
import type { Draft } from '../draft.js';
import type { TaskExecution } from '../model.js';
import { isCompleted } from '../states.js';
import { finalizeTask, onRunCompleted, retryTask } from './complete-task.js';
import { policyInt, taskContext } from './evaluate.js';
import { runTask, taskSpecOf } from './start-task.js';

export function handleTimer(draft: Draft, env: DecideEnv, event: Extract<EngineEvent, { type: 'timer' }>): void {
  const task = draft.task(event.taskId);
  if (!task || task.attempt !== event.attempt || isCompleted(task.state)) return;
  if (draft.execution.state === 'PAUSED') {
    const { type: _type, ...timer } = event;
    draft.updateExecution({ deferred: [...draft.execution.deferred, { kind: 'timer', ...timer }] });
    return;
  }
  if (draft.execution.state !== 'RUNNING') return;
  switch (event.purpose) {
    case 'wait-before':
      if (task.state === 'DELAYED') runTask(draft, env, task.id);
      return;
    case 'retry':
      if (task.state === 'DELAYED') retryTask(draft, env, task.id);
      return;
    case 'wait-after':
      if (task.state === 'DELAYED' && task.pendingOutcome) finalizeTask(draft, env, task.id, task.pendingOutcome.state, task.pendingOutcome.stateInfo);
      return;
    case 'sleep':
      if (event.runId) onRunCompleted(draft, env, event.runId, 'SUCCESS', null);
      return;
    case 'timeout':
      return timeOut(draft, env, task);
  }
}

function timeOut(draft: Draft, env: DecideEnv, task: TaskExecution): void {
  if (task.state !== 'RUNNING' && task.state !== 'DELAYED') return;
  const t = policyInt(taskSpecOf(env, task.name).policies.timeout, taskContext(draft, task), 'TimeoutPolicy');
  // Mistral does not cancel the running action; its late result is ignored (the task is no longer RUNNING).
  finalizeTask(draft, env, task.id, 'ERROR', `Task timed out [timeout(s)=${t.ok ? t.value : '?'}].`);
}
