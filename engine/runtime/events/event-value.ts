/**
 * An event as workflows see it: the data of a trigger's input expressions (`$` / `_`) and the
 * output of a `std.wait_for_event` task. One shape for both, so a document written for one reads
 * the same in the other.
 */
import type { MapKey, Value, ValueMap } from '../../language/values/value.js';
import type { PublishedEvent } from '../../store/schema.js';
import { decode } from '../persistence/codec.js';

/** ISO 8601 in UTC with milliseconds, e.g. `2026-11-27T15:04:05.123Z`. */
export function eventTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * `{id, type, payload, correlation_key, timestamp, project_id, source, exchange, topic,
 * publisher_id}`; the last three are null for events published through the API.
 */
export function eventValue(row: PublishedEvent): ValueMap {
  return new Map<MapKey, Value>([
    ['id', row.id],
    ['type', row.type],
    ['payload', decode(row.payload_json)],
    ['correlation_key', row.correlation_key],
    ['timestamp', eventTimestamp(row.created_at)],
    ['project_id', row.project_id],
    ['source', row.source],
    ['exchange', row.exchange],
    ['topic', row.topic],
    ['publisher_id', row.publisher_id],
  ]);
}
