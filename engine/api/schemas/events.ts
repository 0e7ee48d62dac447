/**
 * Published events on the wire (a Convection extension: `POST /v2/events`,
 * `GET /v2/published_events`). Unlike Mistral's JSON-typed fields, `payload` travels as JSON, not
 * as JSON text: the resource has no Mistral client to stay compatible with.
 */
import { z } from 'zod';
import { toJs } from '../../language/values/value.js';
import { decode } from '../../runtime/persistence/codec.js';
import { eventTimestamp } from '../../runtime/events/event-value.js';
import type { EventTriggerFiring, PublishedEvent } from '../../store/schema.js';
import { enumFilter, sortColumns, textFilter, timeFilter } from '../list-query.js';
import type { ListResource } from '../list-query.js';
import { wireTime } from '../serialize.js';
import type { WireObject } from '../serialize.js';
import { itemSchema, listSchema, wireTimeSchema } from './wire.js';

/** `POST /v2/events`. `project_id` is for admins publishing into another project. */
export const publishEventBodySchema = z
  .object({
    type: z.string({ error: 'An event needs a type (a string)' }),
    payload: z.unknown().optional(),
    correlation_key: z.string().nullable().optional(),
    project_id: z.string().min(1).optional(),
  })
  .strict();

const firingSchema = z
  .object({
    trigger_id: z.string(),
    state: z.enum(['STARTED', 'FAILED']),
    execution_id: z.string().nullable(),
    state_info: z.string().nullable(),
    created_at: wireTimeSchema,
  })
  .strict();

export const publishedEventSchema = itemSchema({
  id: z.string(),
  type: z.string(),
  payload: z.unknown(),
  correlation_key: z.string().nullable(),
  project_id: z.string(),
  source: z.enum(['api', 'notification']),
  exchange: z.string().nullable(),
  topic: z.string().nullable(),
  publisher_id: z.string().nullable(),
  state: z.enum(['PENDING', 'PROCESSED']),
  /** ISO 8601, as workflows see it (`$.timestamp`). */
  timestamp: z.string(),
  created_at: wireTimeSchema,
  processed_at: wireTimeSchema,
  /** Only on `GET /v2/published_events/{id}`: what each trigger did. */
  firings: z.array(firingSchema),
});

export const publishedEventListSchema = listSchema('published_events', publishedEventSchema);

export function publishedEventWire(row: PublishedEvent): WireObject {
  return {
    id: row.id,
    type: row.type,
    payload: toJs(decode(row.payload_json)),
    correlation_key: row.correlation_key,
    project_id: row.project_id,
    source: row.source,
    exchange: row.exchange,
    topic: row.topic,
    publisher_id: row.publisher_id,
    state: row.state,
    timestamp: eventTimestamp(row.created_at),
    created_at: wireTime(row.created_at),
    processed_at: wireTime(row.processed_at),
  };
}

export function firingWire(row: EventTriggerFiring): WireObject {
  return { trigger_id: row.trigger_id, state: row.state, execution_id: row.execution_id, state_info: row.state_info, created_at: wireTime(row.created_at) };
}

export const publishedEventList: ListResource<PublishedEvent> = {
  collection: 'published_events',
  fields: Object.keys(publishedEventSchema.shape).filter((f) => f !== 'firings'),
  filters: {
    type: textFilter('type'),
    correlation_key: textFilter('correlation_key'),
    source: enumFilter('source', ['api', 'notification']),
    state: enumFilter('state', ['PENDING', 'PROCESSED']),
    project_id: textFilter('project_id'),
    created_at: timeFilter('created_at'),
  },
  sortKeys: sortColumns(['created_at', 'type', 'id']),
  parameters: ['all_projects'],
  serialize: publishedEventWire,
};
