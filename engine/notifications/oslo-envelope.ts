/**
 * oslo.messaging notifications as Convection events. A notification travels as
 * `{"oslo.version": "2.0", "oslo.message": "<JSON text>"}` (or, from old publishers, the message
 * itself); the message holds `message_id`, `event_type`, `payload`, `publisher_id`, `priority` and
 * the request context flattened into `_context_*` keys.
 */
import { parseJson } from '../language/values/json.js';
import { isMap, isNumber, num, type Value, type ValueMap } from '../language/values/value.js';

export interface NotificationEvent {
  readonly messageId: string | null;
  readonly type: string;
  readonly projectId: string;
  readonly payload: Value;
  readonly publisherId: string | null;
  readonly correlationKey: string | null;
}

export type ParsedNotification = { readonly ok: true; readonly event: NotificationEvent } | { readonly ok: false; readonly error: string };

function text(m: ValueMap, key: string): string | null {
  const v = m.get(key);
  return typeof v === 'string' && v !== '' ? v : null;
}

/** `a.b.c` inside maps; null when any step is missing. */
function atPath(v: Value, path: string): Value {
  let current: Value = v;
  for (const step of path.split('.')) {
    if (!isMap(current)) return null;
    current = current.get(step) ?? null;
  }
  return current;
}

function scalarText(v: Value): string | null {
  if (typeof v === 'string') return v === '' ? null : v;
  if (isNumber(v)) return String(num(v));
  return null;
}

/**
 * The project is the request context's (`_context_project_id`, or the older `_context_tenant`),
 * else the payload's `tenant_id`/`project_id` (services that notify outside a request).
 */
function projectOf(message: ValueMap, payload: Value): string | null {
  return text(message, '_context_project_id') ?? text(message, '_context_tenant') ?? scalarText(atPath(payload, 'tenant_id')) ?? scalarText(atPath(payload, 'project_id'));
}

export function parseNotification(body: string, options: { readonly correlationPath: string | null }): ParsedNotification {
  let outer: Value;
  try {
    outer = parseJson(body);
  } catch {
    return { ok: false, error: 'the message body is not JSON' };
  }
  if (!isMap(outer)) return { ok: false, error: 'the message body is not a JSON object' };
  let message: Value = outer;
  const wrapped = outer.get('oslo.message');
  if (wrapped !== undefined) {
    if (typeof wrapped !== 'string') return { ok: false, error: '"oslo.message" is not a JSON string' };
    try {
      message = parseJson(wrapped);
    } catch {
      return { ok: false, error: '"oslo.message" is not valid JSON' };
    }
    if (!isMap(message)) return { ok: false, error: '"oslo.message" is not a JSON object' };
  }
  const type = text(message, 'event_type');
  if (type === null) return { ok: false, error: 'the notification has no event_type' };
  const payload = message.get('payload') ?? null;
  const projectId = projectOf(message, payload);
  if (projectId === null) return { ok: false, error: `notification ${type} names no project (_context_project_id)` };
  return {
    ok: true,
    event: {
      messageId: text(message, 'message_id'),
      type,
      projectId,
      payload,
      publisherId: text(message, 'publisher_id'),
      correlationKey: options.correlationPath === null ? null : scalarText(atPath(payload, options.correlationPath)),
    },
  };
}
