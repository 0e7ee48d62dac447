/**
 * What cron and event triggers share on the wire: the workflow they start, with its input and
 * params as JSON text, which each trigger kind places at the same point among its own fields.
 */
import { z } from 'zod';
import { jsonFilter, textFilter } from '../list-query.js';
import { wireJson } from './json-text.js';
import { jsonTextSchema } from './wire.js';

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
