/**
 * What cron and event triggers share on the wire: the workflow they start, with its input and
 * params as JSON text, which each trigger kind places at the same point among its own fields; and
 * their owner and times, last. Field order is kept as each kind had it: it is the order of the
 * JSON answer, of the sort keys an error lists, and of the filters in a `next` link.
 */
import { z } from 'zod';
import { jsonFilter, textFilter, timeFilter } from '../list-query.js';
import { wireTime } from '../serialize.js';
import { wireJson } from './json-text.js';
import { jsonTextSchema, wireTimeSchema } from './wire.js';

export const triggerWorkflowShape = {
  workflow_id: z.string(),
  workflow_input: jsonTextSchema,
  workflow_params: jsonTextSchema,
};

/** In a POST or PUT body; input and params are checked as JSON by the route. */
export const triggerWorkflowBodyShape = {
  workflow_id: z.string().nullable().optional(),
  workflow_input: z.unknown().optional(),
  workflow_params: z.unknown().optional(),
};

export const triggerWorkflowFilters = {
  workflow_id: textFilter('workflow_id'),
  workflow_input: jsonFilter('workflow_input_json'),
  workflow_params: jsonFilter('workflow_params_json'),
};

export function triggerWorkflowWire(row: {
  readonly workflow_id: string;
  readonly workflow_input_json: string;
  readonly workflow_params_json: string;
}) {
  return {
    workflow_id: row.workflow_id,
    workflow_input: wireJson(row.workflow_input_json),
    workflow_params: wireJson(row.workflow_params_json),
  };
}

export const triggerTimesShape = {
  created_at: wireTimeSchema,
  updated_at: wireTimeSchema,
};

export function triggerTimesWire(row: { readonly created_at: number; readonly updated_at: number }) {
  return {
    created_at: wireTime(row.created_at),
    updated_at: wireTime(row.updated_at),
  };
}

/**
 * In a POST or PUT body: the scope, and the read-only attributes a client may send back (ignored).
 * Only `scope` can fail, and it stands where it stood among the fields that can, so a body with
 * several bad fields is still refused for the same one.
 */
export const triggerScopeBodyShape = {
  id: z.unknown().optional(),
  scope: z.string().nullable().optional(),
  project_id: z.unknown().optional(),
  created_at: z.unknown().optional(),
  updated_at: z.unknown().optional(),
};

export const triggerOwnerFilters = {
  project_id: textFilter('project_id'),
  created_at: timeFilter('created_at'),
  updated_at: timeFilter('updated_at'),
};

export const triggerOwnerSortKeys = {
  project_id: { column: 'project_id' },
  created_at: { column: 'created_at' },
  updated_at: { column: 'updated_at' },
};
