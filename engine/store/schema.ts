/**
 * Row types of every table, one `*Table` interface each, composed into {@link Database}.
 *
 * Conventions shared by all tables:
 * - `*_at` and `*_time` columns are integers: milliseconds since the Unix epoch, UTC. They compare and
 *   sort the same on both databases; the API formats them for the wire.
 * - `*_json` columns are JSON text the caller encoded itself; the store never parses or encodes them.
 * - Ids are UUID strings generated in code, except `execution_events.id` (a database sequence).
 * - `version` columns start at 1 and are bumped by every versioned update (optimistic concurrency).
 * - Columns typed `never` on update (ids, `created_at`, owners) are immutable once inserted.
 */
import type { ColumnType, Generated, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';

/** Milliseconds since the Unix epoch (UTC). */
export type EpochMs = number;
/** JSON text, encoded by the caller. */
export type JsonText = string;

export type Scope = 'private' | 'public';
/** Every state an execution entity can be in (language digest §14). */
export type ExecutionState =
  | 'IDLE'
  | 'WAITING'
  | 'RUNNING'
  | 'DELAYED'
  | 'PAUSED'
  | 'SUCCESS'
  | 'ERROR'
  | 'CANCELLED'
  | 'SKIPPED';
export type TaskType = 'ACTION' | 'WORKFLOW';
export type MemberStatus = 'pending' | 'accepted' | 'rejected';
export type EventEntityType = 'workflow' | 'task' | 'action';

type Immutable<T> = ColumnType<T, T, never>;
/** Has a database default, so it may be left out of an insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type ImmutableDefaulted<T> = ColumnType<T, T | undefined, never>;

export interface WorkflowDefinitionTable {
  id: Immutable<string>;
  name: string;
  namespace: Defaulted<string>;
  project_id: Immutable<string>;
  scope: Scope;
  /** Set for workflows created by a workbook (`<workbook>.<workflow>`). */
  workbook_name: string | null;
  definition: string;
  spec_json: JsonText;
  /** Mistral's `input` text, e.g. `name, greeting="Hello"`. */
  input: string;
  /** Mistral's `interface` field: `{"input": [...], "output": [...]}`. */
  interface_json: JsonText;
  tags_json: JsonText;
  /** MD5 hex of `definition`. */
  checksum: string;
  created_at: Immutable<EpochMs>;
  updated_at: EpochMs;
}

export interface WorkbookTable {
  id: Immutable<string>;
  name: string;
  namespace: Defaulted<string>;
  project_id: Immutable<string>;
  scope: Scope;
  definition: string;
  spec_json: JsonText;
  tags_json: JsonText;
  checksum: string;
  created_at: Immutable<EpochMs>;
  updated_at: EpochMs;
}

export interface ActionDefinitionTable {
  id: Immutable<string>;
  name: string;
  namespace: Defaulted<string>;
  project_id: Immutable<string>;
  scope: Scope;
  definition: string;
  spec_json: JsonText;
  description: string | null;
  /** Parameter spec text, e.g. `output, delay=0`. */
  input: string;
  tags_json: JsonText;
  is_system: Defaulted<boolean>;
  workbook_name: string | null;
  created_at: Immutable<EpochMs>;
  updated_at: EpochMs;
}

export interface EnvironmentTable {
  id: Immutable<string>;
  name: string;
  project_id: Immutable<string>;
  scope: Scope;
  description: string | null;
  variables_json: JsonText;
  created_at: Immutable<EpochMs>;
  updated_at: EpochMs;
}

export interface CronTriggerTable {
  id: Immutable<string>;
  name: string;
  project_id: Immutable<string>;
  scope: Scope;
  /** 5- or 6-field cron pattern (UTC); null for a one-shot trigger. */
  pattern: string | null;
  first_execution_time: EpochMs | null;
  next_execution_time: EpochMs;
  /** Null = unlimited. */
  remaining_executions: number | null;
  workflow_name: string;
  workflow_id: string;
  workflow_input_json: JsonText;
  workflow_params_json: JsonText;
  /** Credentials captured at creation (Keystone trust), so firings run as the creator. */
  security_context_json: JsonText | null;
  /**
   * Caller-computed hash of (workflow, input, params, pattern, first time, remaining): Mistral
   * refuses two triggers that would fire the same thing (409). Null opts out.
   */
  dedupe_key: string | null;
  claimed_by: string | null;
  claimed_until: EpochMs | null;
  created_at: Immutable<EpochMs>;
  updated_at: EpochMs;
}

export interface EventTriggerTable {
  id: Immutable<string>;
  name: string;
  project_id: Immutable<string>;
  scope: Scope;
  exchange: Immutable<string>;
  topic: Immutable<string>;
  event: Immutable<string>;
  workflow_id: string;
  workflow_input_json: JsonText;
  workflow_params_json: JsonText;
  security_context_json: JsonText | null;
  created_at: Immutable<EpochMs>;
  updated_at: EpochMs;
}

export interface ResourceMemberTable {
  id: Immutable<string>;
  resource_id: Immutable<string>;
  resource_type: Immutable<'workflow'>;
  /** The owner's project. */
  project_id: Immutable<string>;
  member_id: Immutable<string>;
  status: MemberStatus;
  created_at: Immutable<EpochMs>;
  updated_at: EpochMs;
}

export interface WorkflowExecutionTable {
  id: Immutable<string>;
  project_id: Immutable<string>;
  workflow_name: Immutable<string>;
  workflow_namespace: Immutable<string>;
  /** Null when the workflow was resolved without a stored row (e.g. defined inline by a caller). */
  workflow_id: Immutable<string | null>;
  description: string;
  /** YAML text of the workflow (or workbook) snapshotted at start; edits never affect a run. */
  definition: Immutable<string>;
  /** Parsed spec snapshot, when the runtime prefers not to re-parse `definition`. */
  spec_json: JsonText | null;
  state: ExecutionState;
  state_info: string | null;
  input_json: JsonText;
  output_json: JsonText | null;
  params_json: JsonText;
  /** Workflow context: evaluated `vars` plus `global:` publishes. */
  context_json: JsonText;
  env_json: JsonText;
  /** Engine-private bookkeeping (e.g. commands deferred while paused). */
  runtime_context_json: JsonText | null;
  security_context_json: JsonText | null;
  /** Parent task for sub-workflows. */
  task_execution_id: Immutable<string | null>;
  /** Top of the tree: null (Mistral's value) or the execution's own id for a root. */
  root_execution_id: Immutable<string | null>;
  /** The execution this one was re-run from (`source_execution_id` on the API). */
  source_execution_id: Immutable<string | null>;
  tags_json: JsonText;
  version: Generated<number>;
  created_at: Immutable<EpochMs>;
  updated_at: EpochMs;
  started_at: EpochMs | null;
  finished_at: EpochMs | null;
}

export interface TaskExecutionTable {
  id: Immutable<string>;
  workflow_execution_id: Immutable<string>;
  root_execution_id: Immutable<string>;
  project_id: Immutable<string>;
  name: Immutable<string>;
  workflow_name: Immutable<string>;
  workflow_namespace: Immutable<string>;
  workflow_id: Immutable<string | null>;
  type: TaskType;
  state: ExecutionState;
  state_info: string | null;
  in_context_json: JsonText;
  published_json: JsonText | null;
  published_global_json: JsonText | null;
  result_json: JsonText | null;
  runtime_context_json: JsonText;
  processed: Defaulted<boolean>;
  error_handled: Defaulted<boolean>;
  has_next_tasks: Defaulted<boolean>;
  /** Globally unique when set: join tasks use `join-task-<execution>-<name>` so only one is created. */
  unique_key: Immutable<string | null>;
  tags_json: JsonText;
  version: Generated<number>;
  created_at: Immutable<EpochMs>;
  updated_at: EpochMs;
  started_at: EpochMs | null;
  finished_at: EpochMs | null;
}

export interface ActionExecutionTable {
  id: Immutable<string>;
  /** Null for ad-hoc runs started through the API. */
  task_execution_id: Immutable<string | null>;
  workflow_execution_id: Immutable<string | null>;
  root_execution_id: Immutable<string | null>;
  project_id: Immutable<string>;
  /** The action name. */
  name: Immutable<string>;
  /** Denormalized for the API's `workflow_name` / `task_name` filters. */
  workflow_name: Immutable<string | null>;
  workflow_namespace: ImmutableDefaulted<string>;
  task_name: Immutable<string | null>;
  description: string;
  state: ExecutionState;
  state_info: string | null;
  /** Whether this result counts for its task (false once superseded by a retry or rerun). */
  accepted: Defaulted<boolean>;
  input_json: JsonText;
  output_json: JsonText | null;
  params_json: JsonText;
  tags_json: JsonText;
  /** with-items index; null for plain tasks. */
  item_index: Immutable<number | null>;
  attempt: Defaulted<number>;
  /** Safe to run again after a crash. */
  idempotent: Defaulted<boolean>;
  queue_name: string | null;
  lease_id: string | null;
  lease_owner: string | null;
  lease_expires_at: EpochMs | null;
  last_heartbeat_at: EpochMs | null;
  /** When the current queue lease was granted (migration 0004). */
  leased_at: EpochMs | null;
  /** The last progress a queue worker reported, JSON (migration 0004). */
  progress_json: JsonText | null;
  /** What a queue worker receives as input (migration 0004). */
  queue_input_json: JsonText | null;
  security_context_json: JsonText | null;
  version: Generated<number>;
  created_at: Immutable<EpochMs>;
  updated_at: EpochMs;
  started_at: EpochMs | null;
  finished_at: EpochMs | null;
}

/** The outbox and the timer table: work committed with the state change that implies it. */
export interface JobTable {
  id: Immutable<string>;
  /** e.g. `run_action`, `timer`, `start_subworkflow`, `check_completion`. */
  kind: Immutable<string>;
  root_execution_id: Immutable<string | null>;
  entity_id: Immutable<string | null>;
  payload_json: JsonText;
  /** Not claimable before this time. */
  due_at: EpochMs;
  claimed_by: string | null;
  /** The claim's lease; once past, the job is claimable again (crash recovery). */
  claimed_until: EpochMs | null;
  /** Number of claims so far (incremented by each claim). */
  attempts: Defaulted<number>;
  last_error: string | null;
  created_at: Immutable<EpochMs>;
}

/** A task queue's limits and rate-limit bucket (worker queues, migration 0004); absent = no limits. */
export interface TaskQueueTable {
  project_id: Immutable<string>;
  name: Immutable<string>;
  max_concurrency: number | null;
  /** Leases granted per second, on average; null = no rate limit. */
  rate_per_second: number | null;
  /** Most leases granted at once after an idle spell; null = max(1, rate). */
  burst: number | null;
  tokens: Defaulted<number>;
  refilled_at: Defaulted<EpochMs>;
  created_at: Immutable<EpochMs>;
  updated_at: EpochMs;
}

/** Append-only history; `id` grows monotonically in commit order within a database. */
export interface ExecutionEventTable {
  id: Generated<number>;
  /** Null only for ad-hoc action executions, which belong to no workflow. */
  root_execution_id: string | null;
  execution_id: string | null;
  project_id: string;
  entity_type: EventEntityType;
  entity_id: string;
  name: string;
  state: string;
  state_info: string | null;
  payload_json: JsonText | null;
  created_at: EpochMs;
}

/** A published event (`POST /v2/events`, a notification); PENDING until processed once. */
export interface PublishedEventTable {
  id: Immutable<string>;
  project_id: Immutable<string>;
  type: Immutable<string>;
  payload_json: Immutable<JsonText>;
  correlation_key: Immutable<string | null>;
  source: Immutable<'api' | 'notification'>;
  exchange: Immutable<string | null>;
  topic: Immutable<string | null>;
  publisher_id: Immutable<string | null>;
  state: 'PENDING' | 'PROCESSED';
  claimed_by: string | null;
  claimed_until: EpochMs | null;
  attempts: Defaulted<number>;
  created_at: Immutable<EpochMs>;
  processed_at: EpochMs | null;
}

/** What one event trigger did with one event (at most one row per pair). */
export interface EventTriggerFiringTable {
  event_id: Immutable<string>;
  trigger_id: Immutable<string>;
  project_id: Immutable<string>;
  state: 'STARTED' | 'FAILED';
  execution_id: string | null;
  state_info: string | null;
  created_at: Immutable<EpochMs>;
}

/** A `std.wait_for_event` action execution waiting for its event. */
export interface EventWaitTable {
  action_execution_id: Immutable<string>;
  execution_id: Immutable<string>;
  project_id: Immutable<string>;
  event_type: Immutable<string>;
  /** Null: any correlation key matches. */
  correlation_key: Immutable<string | null>;
  /** Only events published at or after this time match. */
  since: Immutable<EpochMs>;
  deadline: Immutable<EpochMs | null>;
  /** The durable timer that fails the wait at its deadline. */
  timeout_job_id: Immutable<string | null>;
  created_at: Immutable<EpochMs>;
}

/** Hourly rollup per workflow (migration 0003); `root_*` over root executions only. */
export interface AnalyticsWorkflowHourTable {
  project_id: string;
  workflow_name: string;
  hour_start: EpochMs;
  root_count: number;
  root_success: number;
  root_error: number;
  root_cancelled: number;
  root_duration_sum: number;
  root_duration_max: number | null;
  /** A duration histogram: `{exact, values: [[ms, count], …]}` (engine/api/analytics/histogram.ts). */
  root_durations_json: JsonText;
  /** Executions of any level, roots and sub-workflows, that ran at least one task. */
  runs_with_tasks: number;
}

/** Hourly rollup per task name of a workflow, by the hour its execution finished (migration 0003). */
export interface AnalyticsTaskHourTable {
  project_id: string;
  workflow_name: string;
  task_name: string;
  hour_start: EpochMs;
  count: number;
  error: number;
  run_count: number;
  run_sum: number;
  wait_count: number;
  wait_sum: number;
  retries: number;
  /** Executions in which this task lay on the critical path. */
  critical: number;
  run_durations_json: JsonText;
}

/** One row (id 1): hours before `sealed_until` are rolled up. */
export interface AnalyticsStateTable {
  id: number;
  sealed_until: EpochMs;
}

export interface Database {
  workflow_definitions: WorkflowDefinitionTable;
  workbooks: WorkbookTable;
  action_definitions: ActionDefinitionTable;
  environments: EnvironmentTable;
  cron_triggers: CronTriggerTable;
  event_triggers: EventTriggerTable;
  resource_members: ResourceMemberTable;
  workflow_executions: WorkflowExecutionTable;
  task_executions: TaskExecutionTable;
  action_executions: ActionExecutionTable;
  jobs: JobTable;
  execution_events: ExecutionEventTable;
  analytics_workflow_hours: AnalyticsWorkflowHourTable;
  analytics_task_hours: AnalyticsTaskHourTable;
  analytics_state: AnalyticsStateTable;
  task_queues: TaskQueueTable;
  published_events: PublishedEventTable;
  event_trigger_firings: EventTriggerFiringTable;
  event_waits: EventWaitTable;
}

/** What repositories run on: the pool, or a transaction the caller owns. */
export type StoreDb = Kysely<Database> | Transaction<Database>;

export type WorkflowDefinition = Selectable<WorkflowDefinitionTable>;
export type NewWorkflowDefinition = Insertable<WorkflowDefinitionTable>;
export type WorkflowDefinitionUpdate = Updateable<WorkflowDefinitionTable>;

export type Workbook = Selectable<WorkbookTable>;
export type NewWorkbook = Insertable<WorkbookTable>;
export type WorkbookUpdate = Updateable<WorkbookTable>;

export type ActionDefinition = Selectable<ActionDefinitionTable>;
export type NewActionDefinition = Insertable<ActionDefinitionTable>;
export type ActionDefinitionUpdate = Updateable<ActionDefinitionTable>;

export type Environment = Selectable<EnvironmentTable>;
export type NewEnvironment = Insertable<EnvironmentTable>;
export type EnvironmentUpdate = Updateable<EnvironmentTable>;

export type CronTrigger = Selectable<CronTriggerTable>;
export type NewCronTrigger = Insertable<CronTriggerTable>;
export type CronTriggerUpdate = Updateable<CronTriggerTable>;

export type EventTrigger = Selectable<EventTriggerTable>;
export type NewEventTrigger = Insertable<EventTriggerTable>;
export type EventTriggerUpdate = Updateable<EventTriggerTable>;

export type ResourceMember = Selectable<ResourceMemberTable>;
export type NewResourceMember = Insertable<ResourceMemberTable>;

export type WorkflowExecution = Selectable<WorkflowExecutionTable>;
export type NewWorkflowExecution = Insertable<WorkflowExecutionTable>;
export type WorkflowExecutionUpdate = Updateable<WorkflowExecutionTable>;

export type TaskExecution = Selectable<TaskExecutionTable>;
export type NewTaskExecution = Insertable<TaskExecutionTable>;
export type TaskExecutionUpdate = Updateable<TaskExecutionTable>;

export type ActionExecution = Selectable<ActionExecutionTable>;
export type NewActionExecution = Insertable<ActionExecutionTable>;
export type ActionExecutionUpdate = Updateable<ActionExecutionTable>;

export type Job = Selectable<JobTable>;
export type NewJob = Insertable<JobTable>;

export type ExecutionEvent = Selectable<ExecutionEventTable>;
export type NewExecutionEvent = Insertable<ExecutionEventTable>;

export type PublishedEvent = Selectable<PublishedEventTable>;
export type NewPublishedEvent = Insertable<PublishedEventTable>;
export type EventTriggerFiring = Selectable<EventTriggerFiringTable>;
export type NewEventTriggerFiring = Insertable<EventTriggerFiringTable>;
export type EventWait = Selectable<EventWaitTable>;
export type NewEventWait = Insertable<EventWaitTable>;

export type TaskQueue = Selectable<TaskQueueTable>;
