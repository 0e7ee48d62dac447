/**
 * Typed calls to the workflow API v2, one method per operation the CLI (and later the dashboard)
 * performs. Lists follow the server's `next` links, so callers get every item (or `limit`).
 */
import { z } from 'zod';
import { ClientError } from './errors.js';
import { readEventStream } from './event-stream.js';
import type { EventStreamOptions, SseFrame } from './event-stream.js';
import type { ApiTransport, Query } from './transport.js';
import {
  actionExecutionSchema,
  cronTriggerSchema,
  environmentSchema,
  executionSchema,
  streamEventSchema,
  taskAnalyticsSchema,
  taskSchema,
  validationSchema,
  workflowAnalyticsSchema,
  workflowSchema,
} from './wire.js';
import type { ActionExecution, CronTrigger, Environment, Execution, StreamEvent, Task, TaskAnalytics, Validation, Workflow, WorkflowAnalytics } from './wire.js';

export interface ListOptions {
  /** Filters and sorting, passed as query parameters (`state`, `workflow_name`, `sort_keys`, …). */
  readonly query?: Query;
  /** Most items returned; every item when absent. */
  readonly limit?: number;
}

export interface DefinitionOptions {
  readonly scope?: 'private' | 'public';
  readonly namespace?: string;
}

/** JSON-typed fields take an object, or its JSON text (sent as is, so numbers keep their form). */
export type JsonObjectField = Record<string, unknown> | string;

export interface StartExecution {
  readonly workflow_name: string;
  readonly input?: JsonObjectField;
  readonly params?: JsonObjectField;
  readonly description?: string;
}

export interface CreateCronTrigger {
  readonly name: string;
  readonly workflow_name: string;
  readonly workflow_input?: JsonObjectField;
  readonly workflow_params?: JsonObjectField;
  readonly pattern?: string;
  readonly first_execution_time?: string;
  readonly remaining_executions?: number;
}

export interface CreateEnvironment {
  readonly name: string;
  readonly variables: JsonObjectField;
  readonly description?: string;
  readonly scope?: 'private' | 'public';
}

export interface Window {
  /** Epoch ms. */
  readonly since?: number;
  readonly until?: number;
}

const PAGE = 1000;
const envelope = z.looseObject({ next: z.string().nullish() });
const enc = encodeURIComponent;

export class EngineClient {
  constructor(readonly transport: ApiTransport) {}

  get endpoint(): string {
    return this.transport.endpoint;
  }

  private async list<T extends z.ZodType>(path: string, collection: string, item: T, options: ListOptions = {}): Promise<z.infer<T>[]> {
    const items: z.infer<T>[] = [];
    const max = options.limit ?? Number.POSITIVE_INFINITY;
    let query: Query = { ...options.query, limit: Math.min(PAGE, max) };
    const many = z.array(item);
    for (;;) {
      const body = await this.transport.json('GET', path, envelope, { query });
      const page = many.safeParse((body as Record<string, unknown>)[collection]);
      if (!page.success) throw new ClientError('protocol', `GET ${path}: the answer has no valid "${collection}" list`);
      items.push(...page.data);
      if (items.length >= max || typeof body.next !== 'string' || page.data.length === 0) break;
      // The server's link may name a host we cannot reach (behind a proxy): keep only its query.
      const next = new URL(body.next).searchParams;
      query = Object.fromEntries([...next.entries()].map(([k, v]) => [k, k === 'limit' ? String(Math.min(PAGE, max - items.length)) : v]));
    }
    return items.slice(0, max === Number.POSITIVE_INFINITY ? undefined : max);
  }

  // Workflows

  listWorkflows(options?: ListOptions): Promise<Workflow[]> {
    return this.list('/workflows', 'workflows', workflowSchema, options);
  }

  getWorkflow(identifier: string): Promise<Workflow> {
    return this.transport.json('GET', `/workflows/${enc(identifier)}`, workflowSchema);
  }

  async createWorkflows(definition: string, options: DefinitionOptions = {}): Promise<Workflow[]> {
    return (await this.transport.json('POST', '/workflows', z.looseObject({ workflows: z.array(workflowSchema) }), { text: definition, query: { ...options } })).workflows;
  }

  async updateWorkflows(definition: string, options: DefinitionOptions = {}): Promise<Workflow[]> {
    return (await this.transport.json('PUT', '/workflows', z.looseObject({ workflows: z.array(workflowSchema) }), { text: definition, query: { ...options } })).workflows;
  }

  async deleteWorkflow(identifier: string, namespace?: string): Promise<void> {
    await this.transport.send('DELETE', `/workflows/${enc(identifier)}`, { query: { namespace } });
  }

  validateWorkflows(definition: string): Promise<Validation> {
    return this.transport.json('POST', '/workflows/validate', validationSchema, { text: definition });
  }

  // Executions

  listExecutions(options?: ListOptions): Promise<Execution[]> {
    return this.list('/executions', 'executions', executionSchema, options);
  }

  getExecution(id: string): Promise<Execution> {
    return this.transport.json('GET', `/executions/${enc(id)}`, executionSchema);
  }

  startExecution(request: StartExecution): Promise<Execution> {
    return this.transport.json('POST', '/executions', executionSchema, { json: request });
  }

  /** A new execution with the workflow, input and params of `sourceId` (Mistral's "re-run as new"). */
  resubmitExecution(sourceId: string): Promise<Execution> {
    return this.transport.json('POST', '/executions', executionSchema, { json: { source_execution_id: sourceId } });
  }

  updateExecution(id: string, body: { state?: string; state_info?: string; description?: string; params?: Record<string, unknown> }): Promise<Execution> {
    return this.transport.json('PUT', `/executions/${enc(id)}`, executionSchema, { json: body });
  }

  pauseExecution(id: string): Promise<Execution> {
    return this.updateExecution(id, { state: 'PAUSED' });
  }

  resumeExecution(id: string): Promise<Execution> {
    return this.updateExecution(id, { state: 'RUNNING' });
  }

  cancelExecution(id: string, reason?: string): Promise<Execution> {
    return this.updateExecution(id, { state: 'CANCELLED', ...(reason === undefined ? {} : { state_info: reason }) });
  }

  async deleteExecution(id: string, force = false): Promise<void> {
    await this.transport.send('DELETE', `/executions/${enc(id)}`, { query: { force: force ? 'true' : undefined } });
  }

  executionTasks(id: string, options?: ListOptions): Promise<Task[]> {
    return this.list(`/executions/${enc(id)}/tasks`, 'tasks', taskSchema, options);
  }

  // Tasks

  listTasks(options?: ListOptions): Promise<Task[]> {
    return this.list('/tasks', 'tasks', taskSchema, options);
  }

  getTask(id: string): Promise<Task> {
    return this.transport.json('GET', `/tasks/${enc(id)}`, taskSchema);
  }

  /** Runs a failed task again; `reset: false` reruns only the failed with-items iterations. */
  rerunTask(id: string, reset = true, env?: Record<string, unknown>): Promise<Task> {
    return this.transport.json('PUT', `/tasks/${enc(id)}`, taskSchema, { json: { state: 'RUNNING', reset, ...(env === undefined ? {} : { env }) } });
  }

  taskActionExecutions(id: string, options?: ListOptions): Promise<ActionExecution[]> {
    return this.list(`/tasks/${enc(id)}/action_executions`, 'action_executions', actionExecutionSchema, options);
  }

  // Action executions

  getActionExecution(id: string): Promise<ActionExecution> {
    return this.transport.json('GET', `/action_executions/${enc(id)}`, actionExecutionSchema);
  }

  /** Completes an asynchronous action with `output` (JSON text): its result (SUCCESS) or its error (ERROR). */
  completeActionExecution(id: string, state: 'SUCCESS' | 'ERROR', output: string): Promise<ActionExecution> {
    return this.transport.json('PUT', `/action_executions/${enc(id)}`, actionExecutionSchema, { json: { state, output } });
  }

  // Cron triggers

  listCronTriggers(options?: ListOptions): Promise<CronTrigger[]> {
    return this.list('/cron_triggers', 'cron_triggers', cronTriggerSchema, options);
  }

  createCronTrigger(request: CreateCronTrigger): Promise<CronTrigger> {
    return this.transport.json('POST', '/cron_triggers', cronTriggerSchema, { json: request });
  }

  async deleteCronTrigger(identifier: string): Promise<void> {
    await this.transport.send('DELETE', `/cron_triggers/${enc(identifier)}`);
  }

  // Environments

  listEnvironments(options?: ListOptions): Promise<Environment[]> {
    return this.list('/environments', 'environments', environmentSchema, options);
  }

  createEnvironment(request: CreateEnvironment): Promise<Environment> {
    return this.transport.json('POST', '/environments', environmentSchema, { json: request });
  }

  updateEnvironment(request: CreateEnvironment): Promise<Environment> {
    return this.transport.json('PUT', '/environments', environmentSchema, { json: request });
  }

  async deleteEnvironment(name: string): Promise<void> {
    await this.transport.send('DELETE', `/environments/${enc(name)}`);
  }

  // Analytics

  workflowAnalytics(window: Window = {}): Promise<WorkflowAnalytics> {
    return this.transport.json('GET', '/analytics/workflows', workflowAnalyticsSchema, { query: { ...window } });
  }

  taskAnalytics(workflow: string, window: Window = {}): Promise<TaskAnalytics> {
    return this.transport.json('GET', `/analytics/workflows/${enc(workflow)}/tasks`, taskAnalyticsSchema, { query: { ...window } });
  }

  // Live streams

  /**
   * Every state change the caller may see (`/v2/events`), from the moment the stream is live (or
   * after `lastEventId`), reconnecting by itself until `signal` aborts.
   */
  async *events(filter: { workflow?: string; state?: string } = {}, options: Omit<EventStreamOptions, 'query'> = {}): AsyncGenerator<StreamEvent> {
    for await (const frame of readEventStream(this.transport, '/events', { ...options, query: { ...filter } })) {
      const event = streamEvent(frame);
      if (event !== null) yield event;
    }
  }

  /** One execution tree: a `snapshot` frame ({execution, tasks}) first, then its events, then `end`. */
  executionEvents(id: string, options: Omit<EventStreamOptions, 'query'> = {}): AsyncGenerator<SseFrame> {
    return readEventStream(this.transport, `/executions/${enc(id)}/events`, options);
  }
}

/** A state-change frame as a typed event; null for other frames (snapshot, end). */
export function streamEvent(frame: SseFrame): StreamEvent | null {
  if (frame.event !== 'workflow' && frame.event !== 'task' && frame.event !== 'action') return null;
  const parsed = streamEventSchema.safeParse(frame.data);
  if (!parsed.success || frame.id === undefined) throw new ClientError('protocol', `an event frame (${frame.event}) does not have the documented shape`);
  return { ...parsed.data, id: frame.id };
}
