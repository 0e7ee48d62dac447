/** Workflow executions on the wire (API digest §4). */
import { z } from 'zod';
import type { WorkflowExecution } from '../../store/schema.js';
import { enumFilter, jsonFilter, tagsFilter, textFilter, timeFilter } from '../list-query.js';
import type { ListQuery, ListResource } from '../list-query.js';
import { parseBool } from '../request-input.js';
import { wireTags, wireTime } from '../serialize.js';
import type { WireObject } from '../serialize.js';
import { isMap } from '../../language/values/value.js';
import { withoutOpenStackContext } from '../../runtime/openstack-context.js';
import { storedValue, wireJson, wireValue } from './json-text.js';
import { itemSchema, jsonTextSchema, listSchema, tagsSchema, wireTimeSchema } from './wire.js';

/** The states an execution can be in, and so the values the `state` filter accepts. */
export const EXECUTION_STATES = ['IDLE', 'RUNNING', 'SUCCESS', 'ERROR', 'PAUSED', 'CANCELLED'] as const;

export const executionSchema = itemSchema({
  id: z.string(),
  workflow_id: z.string().nullable(),
  workflow_name: z.string(),
  workflow_namespace: z.string(),
  description: z.string(),
  tags: tagsSchema,
  params: jsonTextSchema,
  task_execution_id: z.string().nullable(),
  root_execution_id: z.string().nullable(),
  source_execution_id: z.string().nullable(),
  state: z.string(),
  state_info: z.string().nullable(),
  input: jsonTextSchema,
  output: jsonTextSchema,
  published_global: jsonTextSchema,
  project_id: z.string(),
  created_at: wireTimeSchema,
  updated_at: wireTimeSchema,
});

export const executionListSchema = listSchema('executions', executionSchema);

/**
 * What POST and PUT accept: the Execution resource's attributes (WSME refuses others, and so do
 * we); the read-only ones are accepted and ignored, as Mistral does. JSON fields are checked by
 * serialize.ts from the codec's parse, which keeps floats and key order.
 */
export const executionBodySchema = z
  .object({
    id: z.string().min(1).max(36).nullable().optional(),
    workflow_id: z.string().nullable().optional(),
    workflow_name: z.string().nullable().optional(),
    workflow_namespace: z.string().nullable().optional(),
    description: z.string().nullable().optional(),
    tags: z.array(z.string()).nullable().optional(),
    params: z.unknown().optional(),
    task_execution_id: z.unknown().optional(),
    root_execution_id: z.unknown().optional(),
    source_execution_id: z.string().nullable().optional(),
    state: z.string().nullable().optional(),
    state_info: z.string().nullable().optional(),
    input: z.unknown().optional(),
    output: z.unknown().optional(),
    published_global: z.unknown().optional(),
    project_id: z.unknown().optional(),
    created_at: z.unknown().optional(),
    updated_at: z.unknown().optional(),
  })
  .strict();

export type ExecutionBody = z.infer<typeof executionBodySchema>;

export interface ExecutionWireOptions {
  /** Lists leave `output` out unless `include_output=true`, as Mistral. */
  readonly output: boolean;
  /** Only a single GET shows the published globals. */
  readonly publishedGlobal: boolean;
}

export function executionWire(row: WorkflowExecution, options: ExecutionWireOptions = { output: true, publishedGlobal: false }): WireObject {
  const wire: WireObject = {
    id: row.id,
    workflow_id: row.workflow_id,
    workflow_name: row.workflow_name,
    workflow_namespace: row.workflow_namespace,
    description: row.description,
    tags: wireTags(row.tags_json),
    params: wireJson(row.params_json),
    task_execution_id: row.task_execution_id,
    root_execution_id: row.root_execution_id,
    source_execution_id: row.source_execution_id,
    state: row.state,
    state_info: row.state_info,
    input: wireJson(row.input_json),
  };
  if (options.output) wire['output'] = wireJson(row.output_json);
  if (options.publishedGlobal) wire['published_global'] = publishedGlobals(row.context_json);
  wire['project_id'] = row.project_id;
  wire['created_at'] = wireTime(row.created_at);
  wire['updated_at'] = wireTime(row.updated_at);
  return wire;
}

/** The workflow context as Mistral shows it: without the caller's OpenStack context. */
function publishedGlobals(contextJson: string): string | null {
  const context = storedValue(contextJson);
  return isMap(context) ? wireValue(withoutOpenStackContext(context)) : wireJson(contextJson);
}

/** `include_output=true` (python-mistralclient may send it empty, meaning false). */
export function includeOutput(query: ListQuery): boolean {
  const raw = query.parameters.get('include_output');
  return raw !== undefined && raw !== '' && parseBool(raw) === true;
}

export const executionList: ListResource<WorkflowExecution> = {
  collection: 'executions',
  fields: Object.keys(executionSchema.shape),
  filters: {
    workflow_name: textFilter('workflow_name'),
    workflow_id: textFilter('workflow_id'),
    workflow_namespace: textFilter('workflow_namespace'),
    description: textFilter('description'),
    tags: tagsFilter(),
    params: jsonFilter('params_json'),
    task_execution_id: textFilter('task_execution_id'),
    root_execution_id: textFilter('root_execution_id'),
    source_execution_id: textFilter('source_execution_id'),
    state: enumFilter('state', EXECUTION_STATES),
    state_info: textFilter('state_info'),
    input: jsonFilter('input_json'),
    output: jsonFilter('output_json'),
    project_id: textFilter('project_id'),
    created_at: timeFilter('created_at'),
    updated_at: timeFilter('updated_at'),
  },
  sortKeys: {
    id: { column: 'id' },
    workflow_name: { column: 'workflow_name' },
    workflow_id: { column: 'workflow_id', nullable: true },
    workflow_namespace: { column: 'workflow_namespace' },
    description: { column: 'description' },
    state: { column: 'state' },
    state_info: { column: 'state_info', nullable: true },
    task_execution_id: { column: 'task_execution_id', nullable: true },
    root_execution_id: { column: 'root_execution_id', nullable: true },
    source_execution_id: { column: 'source_execution_id', nullable: true },
    project_id: { column: 'project_id' },
    created_at: { column: 'created_at' },
    updated_at: { column: 'updated_at' },
  },
  nullsFields: ['workflow_id', 'task_execution_id', 'root_execution_id', 'source_execution_id', 'state_info', 'output'],
  parameters: ['all_projects', 'include_output'],
  serialize: (row, query) => executionWire(row, { output: includeOutput(query), publishedGlobal: false }),
};
