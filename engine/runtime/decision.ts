/**
 * What a decision returns: the changes to store, the work to do next, and the history to append.
 * All of it is committed in one transaction, so a crash leaves either everything or nothing.
 */
import type { Value, ValueMap } from '../language/values/value.js';
import type { Run, TaskExecution, WorkflowExecution } from './model.js';
import type { RunState, WorkflowState } from './states.js';

/** Inputs to a decision: every outside fact comes in here, so decisions replay exactly in tests. */
export type EngineEvent =
  | { readonly type: 'start' }
  | { readonly type: 'run-completed'; readonly runId: string; readonly state: Extract<RunState, 'SUCCESS' | 'ERROR' | 'CANCELLED'>; readonly output: Value }
  /** A non-idempotent run was in flight when its engine process died. */
  | { readonly type: 'run-lost'; readonly runId: string }
  | { readonly type: 'timer'; readonly purpose: TimerPurpose; readonly taskId: string; readonly attempt: number; readonly runId?: string }
  | { readonly type: 'pause'; readonly cascade: boolean }
  | { readonly type: 'resume'; readonly cascade: boolean; readonly env?: ValueMap }
  | { readonly type: 'cancel'; readonly stateInfo: string | null }
  | { readonly type: 'force-state'; readonly state: Extract<WorkflowState, 'SUCCESS' | 'ERROR'>; readonly stateInfo: string | null }
  | { readonly type: 'rerun-task'; readonly taskId: string; readonly reset: boolean; readonly env?: ValueMap }
  /** A child workflow execution (a run of one of our tasks) reached a final state. */
  | { readonly type: 'child-completed'; readonly runId: string; readonly state: Extract<RunState, 'SUCCESS' | 'ERROR' | 'CANCELLED'>; readonly output: Value; readonly stateInfo: string | null }
  /** A child was rerun: the parent task and workflow become RUNNING again. */
  | { readonly type: 'child-rerun'; readonly runId: string };

export type TimerPurpose = 'wait-before' | 'wait-after' | 'retry' | 'timeout' | 'sleep';

/** A new child workflow execution to create together with its run. */
export interface NewChildExecution {
  readonly workflowName: string;
  readonly definition: string;
  readonly namespace: string;
  readonly input: ValueMap;
  readonly params: ValueMap;
  readonly env: ValueMap;
}

export type Mutation =
  | { readonly type: 'update-execution'; readonly patch: Partial<WorkflowExecution> }
  | { readonly type: 'insert-task'; readonly task: TaskExecution }
  | { readonly type: 'update-task'; readonly id: string; readonly patch: Partial<TaskExecution> }
  | { readonly type: 'insert-run'; readonly run: Run; readonly child: NewChildExecution | null }
  | { readonly type: 'update-run'; readonly id: string; readonly patch: Partial<Run> };

/** Work to do after commit. Stored as jobs; `dueAt` makes a job a durable timer. */
export type Command =
  | { readonly kind: 'run-action'; readonly executionId: string; readonly runId: string; readonly dueAt: number }
  | { readonly kind: 'event'; readonly executionId: string; readonly event: EngineEvent; readonly dueAt: number };

/** One line of the append-only history (what the dashboard timeline and analytics read). */
export interface HistoryEvent {
  readonly entityType: 'workflow' | 'task' | 'action';
  readonly entityId: string;
  readonly name: string;
  readonly state: string;
  readonly stateInfo: string | null;
  readonly at: number;
  readonly payload: ValueMap | null;
}

export interface Decision {
  readonly mutations: readonly Mutation[];
  readonly commands: readonly Command[];
  readonly history: readonly HistoryEvent[];
}
