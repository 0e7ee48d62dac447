/** Event triggers on the wire (API digest §9). */
import { z } from 'zod';
import type { EventTrigger } from '../../store/schema.js';
import { enumFilter, jsonFilter, textFilter, timeFilter } from '../list-query.js';
import type { ListResource } from '../list-query.js';
import { wireTime } from '../serialize.js';
import type { WireObject } from '../serialize.js';
import { wireJson } from './json-text.js';
import { itemSchema, jsonTextSchema, listSchema, scopeSchema, wireTimeSchema } from './wire.js';

export const eventTriggerSchema = itemSchema({
  id: z.string(),
  name: z.string(),
  workflow_id: z.string(),
  workflow_input: jsonTextSchema,
  workflow_params: jsonTextSchema,
  exchange: z.string(),
  topic: z.string(),
  event: z.string(),
  scope: scopeSchema,
  project_id: z.string(),
  created_at: wireTimeSchema,
  updated_at: wireTimeSchema,
});

export const eventTriggerListSchema = listSchema('event_triggers', eventTriggerSchema);

/** POST and PUT: the EventTrigger resource's attributes (read-only ones ignored). */
export const eventTriggerBodySchema = z
  .object({
    id: z.unknown().optional(),
    name: z.string().max(255).nullable().optional(),
    workflow_id: z.string().nullable().optional(),
    workflow_input: z.unknown().optional(),
    workflow_params: z.unknown().optional(),
    exchange: z.string().min(1).nullable().optional(),
    topic: z.string().min(1).nullable().optional(),
    event: z.string().min(1).nullable().optional(),
    scope: z.string().nullable().optional(),
    project_id: z.unknown().optional(),
    created_at: z.unknown().optional(),
    updated_at: z.unknown().optional(),
  })
  .strict();

export function eventTriggerWire(row: EventTrigger): WireObject {
  return {
    id: row.id,
    name: row.name,
    workflow_id: row.workflow_id,
    workflow_input: wireJson(row.workflow_input_json),
    workflow_params: wireJson(row.workflow_params_json),
    exchange: row.exchange,
    topic: row.topic,
    event: row.event,
    scope: row.scope,
    project_id: row.project_id,
    created_at: wireTime(row.created_at),
    updated_at: wireTime(row.updated_at),
  };
}

export const eventTriggerList: ListResource<EventTrigger> = {
  collection: 'event_triggers',
  fields: Object.keys(eventTriggerSchema.shape),
  filters: {
    name: textFilter('name'),
    exchange: textFilter('exchange'),
    topic: textFilter('topic'),
    event: textFilter('event'),
    workflow_id: textFilter('workflow_id'),
    workflow_input: jsonFilter('workflow_input_json'),
    workflow_params: jsonFilter('workflow_params_json'),
    scope: enumFilter('scope', ['private', 'public']),
    project_id: textFilter('project_id'),
    created_at: timeFilter('created_at'),
    updated_at: timeFilter('updated_at'),
  },
  sortKeys: {
    id: { column: 'id' },
    name: { column: 'name' },
    exchange: { column: 'exchange' },
    topic: { column: 'topic' },
    event: { column: 'event' },
    workflow_id: { column: 'workflow_id' },
    scope: { column: 'scope' },
    project_id: { column: 'project_id' },
    created_at: { column: 'created_at' },
    updated_at: { column: 'updated_at' },
  },
  parameters: ['all_projects'],
  serialize: eventTriggerWire,
};
