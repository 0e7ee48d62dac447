/**
 * Row builders for tests: every required column filled with a plausible value, overridable.
 * Times default to a fixed instant so tests stay deterministic.
 */
import { randomUUID } from 'node:crypto';
import type {
  NewActionExecution,
  NewExecutionEvent,
  NewJob,
  NewTaskExecution,
  NewWorkflowDefinition,
  NewWorkflowExecution,
} from '../schema.js';

export const T0 = Date.UTC(2026, 0, 1);

export function newWorkflowDefinition(overrides: Partial<NewWorkflowDefinition> = {}): NewWorkflowDefinition {
  return {
    id: randomUUID(),
    name: 'wf',
    namespace: '',
    project_id: 'p1',
    scope: 'private',
    definition: 'version: "2.0"\nwf:\n  tasks: {}\n',
    spec_json: '{}',
    input: '',
    interface_json: '{"input": [], "output": []}',
    tags_json: '[]',
    checksum: '0',
    created_at: T0,
    updated_at: T0,
    ...overrides,
  };
}

export function newWorkflowExecution(overrides: Partial<NewWorkflowExecution> = {}): NewWorkflowExecution {
  return {
    id: randomUUID(),
    project_id: 'p1',
    workflow_name: 'wf',
    workflow_namespace: '',
    workflow_id: randomUUID(),
    description: '',
    definition: 'version: "2.0"\n',
    state: 'RUNNING',
    input_json: '{}',
    params_json: '{}',
    context_json: '{}',
    env_json: '{}',
    tags_json: '[]',
    created_at: T0,
    updated_at: T0,
    ...overrides,
  };
}

export function newTaskExecution(
  execution: { readonly id: string; readonly root_execution_id?: string | null },
  overrides: Partial<NewTaskExecution> = {},
): NewTaskExecution {
  return {
    id: randomUUID(),
    workflow_execution_id: execution.id,
    root_execution_id: execution.root_execution_id ?? execution.id,
    project_id: 'p1',
    name: 'task1',
    workflow_name: 'wf',
    workflow_namespace: '',
    workflow_id: 'wf-id',
    type: 'ACTION',
    state: 'RUNNING',
    in_context_json: '{}',
    runtime_context_json: '{}',
    tags_json: '[]',
    created_at: T0,
    updated_at: T0,
    ...overrides,
  };
}

export function newActionExecution(overrides: Partial<NewActionExecution> = {}): NewActionExecution {
  return {
    id: randomUUID(),
    project_id: 'p1',
    name: 'std.echo',
    description: '',
    state: 'RUNNING',
    input_json: '{}',
    params_json: '{}',
    tags_json: '[]',
    created_at: T0,
    updated_at: T0,
    ...overrides,
  };
}

export function newJob(overrides: Partial<NewJob> = {}): NewJob {
  return { id: randomUUID(), kind: 'timer', payload_json: '{}', due_at: T0, created_at: T0, ...overrides };
}

export function newEvent(overrides: Partial<NewExecutionEvent> = {}): NewExecutionEvent {
  return {
    root_execution_id: 'root-1',
    execution_id: 'root-1',
    project_id: 'p1',
    entity_type: 'workflow',
    entity_id: 'root-1',
    name: 'wf',
    state: 'RUNNING',
    created_at: T0,
    ...overrides,
  };
}
