/** Task executions on the wire (API digest §5). */
import { STATES } from '../../runtime/states.js';
import { z } from 'zod';
import { dumpJson } from '../../language/values/json.js';
import { isMap } from '../../language/values/value.js';
import type { MapKey, Value } from '../../language/values/value.js';
import type { TaskExecution } from '../../store/schema.js';
import { booleanFilter, enumFilter, jsonFilter, tagsFilter, textFilter, timeFilter } from '../list-query.js';
import type { ListResource } from '../list-query.js';
import { wireTags, wireTime } from '../serialize.js';
import type { WireObject } from '../serialize.js';
import { storedValue, wireJson } from './json-text.js';
import { itemSchema, jsonTextSchema, listSchema, tagsSchema, wireTimeSchema } from './wire.js';

/**
 * Every state a task can be in. Mistral's filter takes only IDLE/RUNNING/SUCCESS/ERROR/DELAYED;
 * the others exist here too (WAITING joins, PAUSED, CANCELLED, SKIPPED), so they are filterable.
 */
export const TASK_STATES = STATES;

export const taskSchema = itemSchema({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  workflow_name: z.string(),
  workflow_namespace: z.string(),
  workflow_id: z.string().nullable(),
  workflow_execution_id: z.string(),
  tags: tagsSchema,
  state: z.string(),
  state_info: z.string().nullable(),
  project_id: z.string(),
  runtime_context: jsonTextSchema,
  result: jsonTextSchema,
  published: jsonTextSchema,
  published_global: jsonTextSchema,
  processed: z.boolean(),
  created_at: wireTimeSchema,
  updated_at: wireTimeSchema,
  started_at: wireTimeSchema,
  finished_at: wireTimeSchema,
});

export const taskListSchema = listSchema('tasks', taskSchema);

/** `PUT /v2/tasks/{id}`: the Task resource's attributes plus the input-only `reset` and `env`. */
export const taskBodySchema = z
  .object({
    id: z.string().optional(),
    name: z.string().nullable().optional(),
    type: z.unknown().optional(),
    workflow_name: z.string().nullable().optional(),
    workflow_namespace: z.unknown().optional(),
    workflow_id: z.unknown().optional(),
    workflow_execution_id: z.unknown().optional(),
    tags: z.unknown().optional(),
    state: z.string().nullable().optional(),
    state_info: z.unknown().optional(),
    project_id: z.unknown().optional(),
    runtime_context: z.unknown().optional(),
    result: z.unknown().optional(),
    published: z.unknown().optional(),
    published_global: z.unknown().optional(),
    processed: z.unknown().optional(),
    created_at: z.unknown().optional(),
    updated_at: z.unknown().optional(),
    started_at: z.unknown().optional(),
    finished_at: z.unknown().optional(),
    reset: z.boolean().nullable().optional(),
    env: z.unknown().optional(),
  })
  .strict();

/**
 * Mistral's runtime context keys from the engine's bookkeeping: `triggered_by`,
 * `retry_task_policy` and, for with-items, `with_items` {count, capacity, concurrency}. The
 * engine-private rest (evaluated input, context versions) stays in.
 */
export function taskRuntimeContextWire(text: string): string {
  const rc = storedValue(text);
  const out = new Map<MapKey, Value>();
  if (isMap(rc)) {
    for (const key of ['triggered_by', 'retry_task_policy']) {
      const v = rc.get(key);
      if (v !== undefined && v !== null) out.set(key, v);
    }
    const wi = rc.get('with_items');
    if (isMap(wi)) {
      const total = Number(wi.get('total') ?? 0);
      const launched = Number(wi.get('launched') ?? 0);
      const finished = Number(wi.get('finished') ?? 0);
      const concurrency = Number(wi.get('concurrency') ?? 0);
      const running = launched - finished;
      out.set(
        'with_items',
        new Map<MapKey, Value>([
          ['count', total],
          ['capacity', concurrency > 0 ? Math.max(concurrency - running, 0) : Math.max(total - launched, 0)],
          ['concurrency', concurrency],
        ]),
      );
    }
  }
  return dumpJson(out);
}

/** `result` only on a single task (GET one, PUT), as Mistral. */
export function taskWire(row: TaskExecution, options: { readonly result: boolean } = { result: true }): WireObject {
  const wire: WireObject = {
    id: row.id,
    name: row.name,
    type: row.type,
    workflow_name: row.workflow_name,
    workflow_namespace: row.workflow_namespace,
    workflow_id: row.workflow_id,
    workflow_execution_id: row.workflow_execution_id,
    tags: wireTags(row.tags_json),
    state: row.state,
    state_info: row.state_info,
    project_id: row.project_id,
    runtime_context: taskRuntimeContextWire(row.runtime_context_json),
  };
  if (options.result) wire['result'] = wireJson(row.result_json, 'null');
  wire['published'] = wireJson(row.published_json);
  wire['published_global'] = wireJson(row.published_global_json);
  wire['processed'] = Boolean(row.processed);
  wire['created_at'] = wireTime(row.created_at);
  wire['updated_at'] = wireTime(row.updated_at);
  wire['started_at'] = wireTime(row.started_at);
  wire['finished_at'] = wireTime(row.finished_at);
  return wire;
}

export const taskList: ListResource<TaskExecution> = {
  collection: 'tasks',
  fields: Object.keys(taskSchema.shape),
  filters: {
    name: textFilter('name'),
    type: enumFilter('type', ['ACTION', 'WORKFLOW']),
    workflow_name: textFilter('workflow_name'),
    workflow_namespace: textFilter('workflow_namespace'),
    workflow_id: textFilter('workflow_id'),
    workflow_execution_id: textFilter('workflow_execution_id'),
    root_execution_id: textFilter('root_execution_id'),
    tags: tagsFilter(),
    state: enumFilter('state', TASK_STATES),
    state_info: textFilter('state_info'),
    result: jsonFilter('result_json'),
    published: jsonFilter('published_json'),
    processed: booleanFilter('processed'),
    created_at: timeFilter('created_at'),
    updated_at: timeFilter('updated_at'),
    started_at: timeFilter('started_at'),
    finished_at: timeFilter('finished_at'),
  },
  sortKeys: {
    id: { column: 'id' },
    name: { column: 'name' },
    type: { column: 'type' },
    workflow_name: { column: 'workflow_name' },
    workflow_id: { column: 'workflow_id', nullable: true },
    workflow_execution_id: { column: 'workflow_execution_id' },
    state: { column: 'state' },
    state_info: { column: 'state_info', nullable: true },
    processed: { column: 'processed' },
    created_at: { column: 'created_at' },
    updated_at: { column: 'updated_at' },
    started_at: { column: 'started_at', nullable: true },
    finished_at: { column: 'finished_at', nullable: true },
  },
  // Mistral's task list declares these two but they select nothing (they are PUT inputs).
  parameters: ['reset', 'env'],
  serialize: (row) => taskWire(row, { result: false }),
};
