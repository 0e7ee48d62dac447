/** Workflow definitions on the wire (API digest §2). */
import { z } from 'zod';
import type { WorkflowDefinition } from '../../store/schema.js';
import { enumFilter, sortColumns, tagsFilter, textFilter, timeFilter } from '../list-query.js';
import type { ListResource } from '../list-query.js';
import type { WireObject } from '../serialize.js';
import { definitionSchema, definitionWire } from './definition-wire.js';
import { jsonTextSchema, listSchema } from './wire.js';

export const workflowSchema = definitionSchema({
  /** Mistral's input text, e.g. `vm_name, flavor="m1.small"`. */
  input: z.string(),
  /** JSON text: `{"input": [...], "output": [...]}`. */
  interface: jsonTextSchema,
  definition: z.string(),
  /** MD5 hex of `definition`. */
  checksum: z.string(),
});

export const workflowListSchema = listSchema('workflows', workflowSchema);

export function workflowWire(row: WorkflowDefinition): WireObject {
  return definitionWire(row, {
    input: row.input,
    interface: row.interface_json,
    definition: row.definition,
    checksum: row.checksum,
  });
}

export const workflowList: ListResource<WorkflowDefinition> = {
  collection: 'workflows',
  fields: Object.keys(workflowSchema.shape),
  filters: {
    name: textFilter('name'),
    input: textFilter('input'),
    definition: textFilter('definition'),
    tags: tagsFilter(),
    scope: enumFilter('scope', ['private', 'public']),
    project_id: textFilter('project_id'),
    created_at: timeFilter('created_at'),
    updated_at: timeFilter('updated_at'),
    namespace: textFilter('namespace'),
  },
  sortKeys: sortColumns(['id', 'name', 'namespace', 'input', 'definition', 'checksum', 'scope', 'project_id', 'created_at', 'updated_at']),
  parameters: ['all_projects'],
  serialize: workflowWire,
};
