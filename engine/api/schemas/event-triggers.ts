/** Event triggers on the wire (API digest §9). */
import { z } from 'zod';
import type { EventTrigger } from '../../store/schema.js';
import { enumFilter, textFilter } from '../list-query.js';
import type { ListResource } from '../list-query.js';
import type { WireObject } from '../serialize.js';
import { triggerOwnerFilters, triggerOwnerSortKeys, triggerScopeBodyShape, triggerTimesShape, triggerTimesWire, triggerWorkflowBodyShape, triggerWorkflowFilters, triggerWorkflowShape, triggerWorkflowWire } from './trigger-wire.js';
import { itemSchema, listSchema, scopeSchema, wireTimeSchema } from './wire.js';

export const eventTriggerSchema = itemSchema({
  id: z.string(),
  name: z.string(),
  ...triggerWorkflowShape,
  exchange: z.string(),
  topic: z.string(),
  event: z.string(),
  scope: scopeSchema,
  project_id: z.string(),
  ...triggerTimesShape,
});

export const eventTriggerListSchema = listSchema('event_triggers', eventTriggerSchema);

/** POST and PUT: the EventTrigger resource's attributes (read-only ones ignored). */
export const eventTriggerBodySchema = z
  .object({
    name: z.string().max(255).nullable().optional(),
    ...triggerWorkflowBodyShape,
    exchange: z.string().min(1).nullable().optional(),
    topic: z.string().min(1).nullable().optional(),
    event: z.string().min(1).nullable().optional(),
    ...triggerScopeBodyShape,
  })
  .strict();

export function eventTriggerWire(row: EventTrigger): WireObject {
  return {
    id: row.id,
    name: row.name,
    ...triggerWorkflowWire(row),
    exchange: row.exchange,
    topic: row.topic,
    event: row.event,
    scope: row.scope,
    project_id: row.project_id,
    ...triggerTimesWire(row),
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
    ...triggerWorkflowFilters,
    scope: enumFilter('scope', ['private', 'public']),
    ...triggerOwnerFilters,
  },
  sortKeys: {
    id: { column: 'id' },
    name: { column: 'name' },
    exchange: { column: 'exchange' },
    topic: { column: 'topic' },
    event: { column: 'event' },
    workflow_id: { column: 'workflow_id' },
    scope: { column: 'scope' },
    ...triggerOwnerSortKeys,
  },
  parameters: ['all_projects'],
  serialize: eventTriggerWire,
};
