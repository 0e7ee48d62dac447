/** Action executions on the wire (API digest §6). */
import { z } from 'zod';
import { dumpJson } from '../../language/values/json.js';
import type { ActionExecution } from '../../store/schema.js';
import { booleanFilter, enumFilter, jsonFilter, tagsFilter, textFilter, timeFilter } from '../list-query.js';
import type { ListResource } from '../list-query.js';
import { wireTags, wireTime } from '../serialize.js';
import type { WireObject } from '../serialize.js';
import { includeOutput } from './executions.js';
import { storedValue } from './json-text.js';
import { maskedWireJson } from './mask-secrets.js';
import { itemSchema, jsonTextSchema, listSchema, tagsSchema, wireTimeSchema } from './wire.js';

export const ACTION_STATES = ['IDLE', 'RUNNING', 'PAUSED', 'SUCCESS', 'ERROR', 'CANCELLED'] as const;

export const actionExecutionSchema = itemSchema({
  id: z.string(),
  name: z.string(),
  workflow_name: z.string().nullable(),
  workflow_namespace: z.string(),
  task_name: z.string().nullable(),
  task_execution_id: z.string().nullable(),
  state: z.string(),
  state_info: z.string().nullable(),
  tags: tagsSchema,
  description: z.string().nullable(),
  project_id: z.string(),
  accepted: z.boolean(),
  input: jsonTextSchema,
  output: jsonTextSchema,
  created_at: wireTimeSchema,
  updated_at: wireTimeSchema,
});

export const actionExecutionListSchema = listSchema('action_executions', actionExecutionSchema);

/** POST and PUT: the ActionExecution resource's attributes plus the input-only `params`. */
export const actionExecutionBodySchema = z
  .object({
    id: z.unknown().optional(),
    name: z.string().nullable().optional(),
    workflow_name: z.unknown().optional(),
    workflow_namespace: z.string().nullable().optional(),
    task_name: z.unknown().optional(),
    task_execution_id: z.unknown().optional(),
    state: z.string().nullable().optional(),
    state_info: z.unknown().optional(),
    tags: z.unknown().optional(),
    description: z.string().nullable().optional(),
    project_id: z.unknown().optional(),
    accepted: z.unknown().optional(),
    input: z.unknown().optional(),
    output: z.unknown().optional(),
    params: z.unknown().optional(),
    created_at: z.unknown().optional(),
    updated_at: z.unknown().optional(),
  })
  .strict();

const FINISHED = new Set(['SUCCESS', 'ERROR', 'CANCELLED']);

/**
 * Mistral's action output: `{"result": <value>}` once the action finished (the error data on
 * ERROR), `{}` before. The engine stores the bare value.
 */
export function actionOutputWire(row: Pick<ActionExecution, 'state' | 'output_json'>): string {
  if (!FINISHED.has(row.state)) return '{}';
  return dumpJson(new Map([['result', storedValue(row.output_json)]]));
}

export function actionExecutionWire(row: ActionExecution, options: { readonly output: boolean } = { output: true }): WireObject {
  const wire: WireObject = {
    id: row.id,
    name: row.name,
    workflow_name: row.workflow_name,
    workflow_namespace: row.workflow_namespace,
    task_name: row.task_name,
    task_execution_id: row.task_execution_id,
    state: row.state,
    state_info: row.state_info,
    tags: wireTags(row.tags_json),
    description: row.description,
    project_id: row.project_id,
    accepted: Boolean(row.accepted),
    input: maskedWireJson(row.input_json),
  };
  if (options.output) wire['output'] = actionOutputWire(row);
  wire['created_at'] = wireTime(row.created_at);
  wire['updated_at'] = wireTime(row.updated_at);
  return wire;
}

export const actionExecutionList: ListResource<ActionExecution> = {
  collection: 'action_executions',
  fields: Object.keys(actionExecutionSchema.shape),
  filters: {
    name: textFilter('name'),
    workflow_name: textFilter('workflow_name'),
    workflow_namespace: textFilter('workflow_namespace'),
    task_name: textFilter('task_name'),
    task_execution_id: textFilter('task_execution_id'),
    workflow_execution_id: textFilter('workflow_execution_id'),
    state: enumFilter('state', ACTION_STATES),
    state_info: textFilter('state_info'),
    accepted: booleanFilter('accepted'),
    input: jsonFilter('input_json'),
    output: jsonFilter('output_json'),
    params: jsonFilter('params_json'),
    description: textFilter('description'),
    tags: tagsFilter(),
    created_at: timeFilter('created_at'),
    updated_at: timeFilter('updated_at'),
  },
  sortKeys: {
    id: { column: 'id' },
    name: { column: 'name' },
    workflow_name: { column: 'workflow_name', nullable: true },
    task_name: { column: 'task_name', nullable: true },
    task_execution_id: { column: 'task_execution_id', nullable: true },
    state: { column: 'state' },
    state_info: { column: 'state_info', nullable: true },
    accepted: { column: 'accepted' },
    description: { column: 'description' },
    created_at: { column: 'created_at' },
    updated_at: { column: 'updated_at' },
  },
  parameters: ['include_output'],
  serialize: (row, query) => actionExecutionWire(row, { output: includeOutput(query) }),
};
