/**
 * Which event triggers an event fires, and with what: pure functions of the trigger row and the
 * event, so the processor only does I/O.
 */
import { ExpressionError } from '../../language/expressions/errors.js';
import { staticHost } from '../../language/expressions/host.js';
import { checkString, evaluateDeep } from '../../language/expressions/template.js';
import { dumpJson } from '../../language/values/json.js';
import { isList, isMap, type Value, type ValueMap } from '../../language/values/value.js';
import type { EventTrigger, PublishedEvent } from '../../store/schema.js';
import { decodeMap } from '../persistence/codec.js';

/**
 * Events published through the API carry no routing: the type alone selects triggers. A
 * notification carries its exchange and topic, which a trigger must name (or `*`); a trigger topic
 * also covers the notification priorities under it (`notifications` covers `notifications.info`).
 */
export function triggerRoutes(trigger: Pick<EventTrigger, 'exchange' | 'topic'>, event: Pick<PublishedEvent, 'exchange' | 'topic'>): boolean {
  if (event.exchange !== null && trigger.exchange !== '*' && trigger.exchange !== event.exchange) return false;
  if (event.topic !== null && trigger.topic !== '*' && trigger.topic !== event.topic && !event.topic.startsWith(`${trigger.topic}.`)) return false;
  return true;
}

export type FiringPlan =
  | { readonly ok: true; readonly input: ValueMap; readonly params: ValueMap }
  | { readonly ok: false; readonly error: string };

function evaluateField(trigger: EventTrigger, field: 'workflow_input' | 'workflow_params', raw: ValueMap, event: ValueMap): ValueMap | string {
  let value: Value;
  try {
    value = evaluateDeep(raw, { data: event, host: staticHost() });
  } catch (e) {
    if (e instanceof ExpressionError) return `Event trigger ${trigger.name || trigger.id}: ${field} could not be evaluated: ${e.message}`;
    throw e;
  }
  return isMap(value) ? value : `Event trigger ${trigger.name || trigger.id}: ${field} must evaluate to a dict, got ${dumpJson(value)}`;
}

/** The trigger's input and params with every expression evaluated against the event. */
export function planFiring(trigger: EventTrigger, event: ValueMap): FiringPlan {
  const input = evaluateField(trigger, 'workflow_input', decodeMap(trigger.workflow_input_json), event);
  if (typeof input === 'string') return { ok: false, error: input };
  const params = evaluateField(trigger, 'workflow_params', decodeMap(trigger.workflow_params_json), event);
  if (typeof params === 'string') return { ok: false, error: params };
  return { ok: true, input, params };
}

/** Mistral's description of a trigger-started execution, a JSON text naming what started it. */
export function firingDescription(trigger: EventTrigger, eventId: string): string {
  return dumpJson(
    new Map<string, Value>([
      ['description', `Workflow execution created by event trigger '(${trigger.id})'.`],
      ['triggered_by', new Map<string, Value>([['type', 'event_trigger'], ['id', trigger.id], ['name', trigger.name], ['event_id', eventId]])],
    ]),
  );
}

/** The first expression inside `v` that does not parse (checked when a trigger is stored), or null. */
export function firstSyntaxError(v: Value): string | null {
  if (typeof v === 'string') return checkString(v)?.message ?? null;
  const items = isList(v) ? v : isMap(v) ? [...v.values()] : [];
  for (const item of items) {
    const error = firstSyntaxError(item);
    if (error !== null) return error;
  }
  return null;
}
