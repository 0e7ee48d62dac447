/**
 * The API's resources as the client reads them. Schemas are loose (unknown fields pass through) so
 * a newer server does not break an older client; the fields named here are the ones callers use.
 * JSON-typed fields (`input`, `output`, `params`, `variables`, …) are JSON text on the wire, as in
 * Mistral: {@link parseJsonText} reads them.
 */
import { z } from 'zod';

const text = z.string().nullish();

export const workflowSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  namespace: text,
  input: text,
  definition: text,
  tags: z.array(z.string()).nullish(),
  scope: text,
  project_id: text,
  created_at: text,
  updated_at: text,
});
export type Workflow = z.infer<typeof workflowSchema>;

export const executionSchema = z.looseObject({
  id: z.string(),
  workflow_id: text,
  workflow_name: z.string(),
  description: text,
  params: text,
  task_execution_id: text,
  root_execution_id: text,
  state: z.string(),
  state_info: text,
  input: text,
  output: text,
  created_at: text,
  updated_at: text,
  project_id: text,
});
export type Execution = z.infer<typeof executionSchema>;

export const taskSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  type: text,
  workflow_name: text,
  workflow_execution_id: z.string(),
  state: z.string(),
  state_info: text,
  runtime_context: text,
  result: text,
  published: text,
  created_at: text,
  updated_at: text,
  started_at: text,
  finished_at: text,
});
export type Task = z.infer<typeof taskSchema>;

export const actionExecutionSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  workflow_name: text,
  task_name: text,
  task_execution_id: text,
  state: z.string(),
  state_info: text,
  accepted: z.boolean().nullish(),
  input: text,
  output: text,
  created_at: text,
  updated_at: text,
});
export type ActionExecution = z.infer<typeof actionExecutionSchema>;

export const cronTriggerSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  workflow_name: text,
  workflow_input: text,
  workflow_params: text,
  pattern: text,
  remaining_executions: z.number().nullish(),
  first_execution_time: text,
  next_execution_time: text,
  scope: text,
  created_at: text,
});
export type CronTrigger = z.infer<typeof cronTriggerSchema>;

export const environmentSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: text,
  variables: text,
  scope: text,
  created_at: text,
  updated_at: text,
});
export type Environment = z.infer<typeof environmentSchema>;

export const validationSchema = z.looseObject({ valid: z.boolean(), error: text });
export type Validation = z.infer<typeof validationSchema>;

const rate = z.number().nullable();
const ms = z.number().nullable();

export const workflowAnalyticsSchema = z.looseObject({
  since: z.string(),
  until: z.string(),
  sampled: z.boolean().optional(),
  workflows: z.array(
    z.looseObject({
      workflow_name: z.string(),
      count: z.number(),
      success_rate: rate,
      error_rate: rate,
      cancelled_rate: rate,
      avg_duration_ms: ms,
      p50_duration_ms: ms,
      p95_duration_ms: ms,
      max_duration_ms: ms,
    }),
  ),
});
export type WorkflowAnalytics = z.infer<typeof workflowAnalyticsSchema>;

export const taskAnalyticsSchema = z.looseObject({
  workflow_name: z.string(),
  since: z.string(),
  until: z.string(),
  executions: z.number(),
  sampled: z.boolean().optional(),
  tasks: z.array(
    z.looseObject({
      name: z.string(),
      count: z.number(),
      avg_duration_ms: ms,
      p95_duration_ms: ms,
      avg_wait_ms: ms,
      failure_rate: rate,
      retry_count: z.number(),
      critical_path_share: rate,
      /** False when p95 comes from a sample of the rows. */
      percentiles_exact: z.boolean().optional(),
    }),
  ),
});
export type TaskAnalytics = z.infer<typeof taskAnalyticsSchema>;

/** One frame of `/v2/events` (and of an execution's stream after its snapshot). */
export const streamEventSchema = z.looseObject({
  execution_id: z.string().nullable(),
  root_execution_id: z.string().nullable(),
  project_id: z.string().nullish(),
  entity_type: z.enum(['workflow', 'task', 'action']),
  entity_id: z.string(),
  name: z.string(),
  state: z.string(),
  state_info: z.string().nullable(),
  time: z.string(),
});
export type StreamEvent = z.infer<typeof streamEventSchema> & { readonly id: number };

export const FINAL_EXECUTION_STATES: ReadonlySet<string> = new Set(['SUCCESS', 'ERROR', 'CANCELLED']);

/** A JSON-text field as a value; text that is not JSON is returned as is. */
export function parseJsonText(value: string | null | undefined): unknown {
  if (value === null || value === undefined || value === '') return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** Mistral's time format (`YYYY-MM-DD HH:MM:SS[.ffffff]`, UTC) as epoch ms; null when absent. */
export function parseWireTime(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const ms = Date.parse(`${value.replace(' ', 'T')}${/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? '' : 'Z'}`);
  return Number.isNaN(ms) ? null : ms;
}
