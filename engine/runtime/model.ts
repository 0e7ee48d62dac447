/**
 * The state of one workflow execution as the decision functions see it: plain data loaded from the
 * store (or kept in the engine's cache), never mutated by decisions.
 */
import type { Value, ValueMap } from '../language/values/value.js';
import type { RunState, TaskState, WorkflowState } from './states.js';

export type ContextVersions = ReadonlyMap<string, number>;

/** Why a task was created: the upstream task and the clause that selected it. */
export interface Trigger {
  readonly taskId: string;
  readonly event: 'on-success' | 'on-error' | 'on-complete' | 'on-skip' | 'requires' | 'start';
}

/** Progress of a with-items task; results live on its runs. */
export interface WithItemsProgress {
  /** Evaluated collections, one list per binding, all of equal length. */
  readonly variables: readonly string[];
  readonly collections: readonly (readonly Value[])[];
  readonly total: number;
  /** 0 = all at once. */
  readonly concurrency: number;
  /** Iterations started so far in the current attempt (the next index to start). */
  readonly launched: number;
  /** Iterations finished in the current attempt. */
  readonly finished: number;
  /** When rerun with reset=false: only these indexes run. */
  readonly pendingIndexes: readonly number[] | null;
}

export interface TaskExecution {
  readonly id: string;
  readonly name: string;
  readonly type: 'ACTION' | 'WORKFLOW';
  readonly state: TaskState;
  readonly stateInfo: string | null;
  /** Branch context the task started with (merge of its triggers' outbound contexts). */
  readonly inContext: ValueMap;
  readonly inVersions: ContextVersions;
  readonly published: ValueMap;
  readonly result: Value;
  /** Resolved action (or workflow) name and the task's evaluated input, fixed at start. */
  readonly actionName: string | null;
  readonly input: ValueMap | null;
  readonly retryNo: number;
  /** Incremented on every (re)start; timers carry it so stale ones are ignored. */
  readonly attempt: number;
  readonly triggeredBy: readonly Trigger[];
  readonly withItems: WithItemsProgress | null;
  /** Transitions have been computed (the task will never select more targets). */
  readonly processed: boolean;
  /** Names the task's clauses selected (tasks and commands), in order. */
  readonly nextTasks: readonly string[];
  readonly errorHandled: boolean;
  /** `join-task-<wf>-<name>` for join tasks, so only one is ever created. */
  readonly uniqueKey: string | null;
  /** Outcome held back while a `wait-after` delay runs. */
  readonly pendingOutcome: { readonly state: 'SUCCESS' | 'ERROR'; readonly stateInfo: string | null } | null;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly updatedAt: number;
}

/** One run of a task: an action execution, or a child workflow execution. */
export interface Run {
  readonly id: string;
  readonly taskId: string;
  readonly kind: 'action' | 'workflow';
  /** Action or workflow name. */
  readonly name: string;
  /** with-items index (0 for plain tasks). */
  readonly index: number;
  readonly attempt: number;
  readonly state: RunState;
  readonly stateInfo: string | null;
  /** For actions: the built-in action that actually runs (differs from `name` for ad-hoc actions). */
  readonly builtin: string | null;
  readonly input: ValueMap;
  /** Result on success, error payload on failure. */
  readonly output: Value;
  /** Whether this run's result counts for the task (false once superseded by a retry or rerun). */
  readonly accepted: boolean;
  readonly idempotent: boolean;
  readonly createdAt: number;
  readonly finishedAt: number | null;
}

/** Work postponed while the workflow is paused, replayed in order on resume. */
export type DeferredCommand =
  | { readonly kind: 'start-task'; readonly taskId: string }
  | { readonly kind: 'transition'; readonly fromTaskId: string; readonly target: string; readonly event: Trigger['event'] }
  | { readonly kind: 'timer'; readonly purpose: 'wait-before' | 'wait-after' | 'retry' | 'timeout' | 'sleep'; readonly taskId: string; readonly attempt: number; readonly runId?: string };

export interface WorkflowExecution {
  readonly id: string;
  readonly projectId: string;
  readonly workflowName: string;
  readonly workflowId: string | null;
  readonly namespace: string;
  /** YAML text of the workflow, snapshotted at start (the spec is re-parsed from it, cached). */
  readonly definition: string;
  readonly description: string;
  readonly state: WorkflowState;
  readonly stateInfo: string | null;
  readonly input: ValueMap;
  readonly params: ValueMap;
  readonly env: ValueMap;
  /** Workflow context: evaluated vars plus `global:` publishes. */
  readonly context: ValueMap;
  readonly output: Value;
  readonly parentTaskId: string | null;
  readonly parentExecutionId: string | null;
  readonly rootExecutionId: string;
  readonly tags: readonly string[];
  readonly deferred: readonly DeferredCommand[];
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly updatedAt: number;
}

export interface Snapshot {
  readonly execution: WorkflowExecution;
  /** Task executions by id, in creation order. */
  readonly tasks: ReadonlyMap<string, TaskExecution>;
  /** Task ids in creation order (for newest-first scans without copying). */
  readonly taskIds: readonly string[];
  readonly runs: ReadonlyMap<string, Run>;
  /** Run ids per task id, in creation order. */
  readonly runsByTask: ReadonlyMap<string, readonly string[]>;
}
