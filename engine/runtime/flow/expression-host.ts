/**
 * Answers Mistral's expression functions (`task()`, `env()`, `execution()`, …) from the execution
 * being decided. Only this execution's tasks are visible: looking across executions would need I/O
 * inside a decision.
 */
import type { MistralHost } from '../../language/expressions/host.js';
import { mapOf, type Value, type ValueMap } from '../../language/values/value.js';
import type { Draft } from '../draft.js';
import type { TaskExecution, WorkflowExecution } from '../model.js';
import { formatTimestamp } from '../time.js';

export function taskDict(t: TaskExecution, executionId: string): ValueMap {
  return mapOf([
    ['id', t.id],
    ['name', t.name],
    ['spec', mapOf([['name', t.name]])],
    ['state', t.state],
    ['state_info', t.stateInfo],
    ['result', t.result],
    ['published', t.published],
    ['type', t.type],
    ['workflow_execution_id', executionId],
    ['created_at', formatTimestamp(t.createdAt)],
    ['updated_at', formatTimestamp(t.updatedAt)],
  ]);
}

export function executionDict(e: WorkflowExecution): ValueMap {
  return mapOf([
    ['id', e.id],
    ['name', e.workflowName],
    ['spec', mapOf([['name', e.workflowName]])],
    ['input', e.input],
    ['params', e.params],
    ['created_at', formatTimestamp(e.createdAt)],
    ['updated_at', formatTimestamp(e.updatedAt)],
    ['root_execution_id', e.rootExecutionId === e.id ? null : e.rootExecutionId],
  ]);
}

/**
 * @param current the task whose expressions are evaluated (`task()` without a name), if any; pass
 * a patched copy (with its result) when evaluating publish expressions.
 */
export function executionHost(draft: Draft, current: TaskExecution | null): MistralHost {
  const executionId = draft.execution.id;
  return {
    task(name): Value {
      if (name === null) return current ? taskDict(current, executionId) : null;
      if (current && current.name === name) return taskDict(current, executionId);
      const t = draft.latestTask(name);
      return t ? taskDict(t, executionId) : null;
    },
    tasks(filter): Value {
      if (filter.workflowExecutionId !== null && filter.workflowExecutionId !== executionId) return [];
      const out: Value[] = [];
      for (const t of draft.tasks()) {
        const task = current && t.id === current.id ? current : t;
        if (filter.state === null || task.state === filter.state) out.push(taskDict(task, executionId));
      }
      return out;
    },
    execution: () => executionDict(draft.execution),
    executions(filter): Value {
      const e = draft.execution;
      if (filter.id !== null && filter.id !== e.id) return [];
      if (filter.state !== null && filter.state !== e.state) return [];
      return [executionDict(e)];
    },
    env: () => draft.execution.env,
    global: (name) => draft.execution.context.get(name) ?? null,
  };
}
