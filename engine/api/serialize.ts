/**
 * Mistral's wire formats (API digest §0.4): timestamps as `YYYY-MM-DD HH:MM:SS` in UTC, JSON-typed
 * fields as JSON-encoded strings. Text is produced and read with the engine's JSON codec, so float-ness
 * (`1.0`) and key order survive a round trip through the API.
 */
import { JsonSyntaxError, dumpJson, parseJson } from '../language/values/json.js';
import { isList, isMap } from '../language/values/value.js';
import type { Value, ValueMap } from '../language/values/value.js';
import { ApiErrors } from './errors.js';

/** A response object: field name → JSON value. */
export type WireObject = Record<string, unknown>;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `2024-05-01 12:30:05` (UTC) from epoch ms; null stays null. */
export function wireTime(ms: number | null | undefined): string | null {
  if (ms === null || ms === undefined) return null;
  const d = new Date(ms);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

const TIME_TEXT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Epoch ms from the forms clients send in filters: `2024-01-01`, `2024-01-01 10:00`,
 * `2024-01-01T10:00:00.123456Z`, with an optional zone offset. No zone means UTC, as in Mistral.
 */
export function parseWireTime(text: string): number | undefined {
  const m = TIME_TEXT.exec(text.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(t);
  // Date.UTC rolls 2024-02-31 over to March; a date that does not exist is a typo, not a date.
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return undefined;
  }
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return t;
}

/** The tags stored as a JSON list, for the wire (a real list, not a string). */
export function wireTags(tagsJson: string | null): string[] {
  if (tagsJson === null) return [];
  const parsed: unknown = JSON.parse(tagsJson);
  return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
}

/**
 * A JSON-typed request field (`variables`, `input`, `params`, …) as JSON text ready to store.
 * Accepts an object or a JSON string holding an object (python-mistralclient sends strings);
 * anything else answers 400. `undefined` when the field is absent; null stays null.
 *
 * `value` must come from the engine's JSON codec (see {@link bodyValue}) so floats and key order
 * are kept; the plain body from JSON.parse has already lost them.
 */
export function jsonObjectField(value: Value | undefined, field: string): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  return dumpJson(objectOf(value, field));
}

/** Like {@link jsonObjectField} but returns the parsed map, for callers that merge or inspect it. */
export function jsonObjectValue(value: Value | undefined, field: string): ValueMap | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  return objectOf(value, field);
}

function objectOf(value: Value, field: string): ValueMap {
  if (isMap(value)) return value;
  if (typeof value === 'string') {
    let parsed: Value;
    try {
      parsed = parseJson(value);
    } catch (e) {
      const where = e instanceof JsonSyntaxError ? `: ${e.message}` : '';
      throw new ApiErrors.BadRequest(`${field} must be a JSON object or a JSON string of an object${where}`);
    }
    if (isMap(parsed)) return parsed;
  }
  const kind = isList(value) ? 'a list' : typeof value === 'string' ? 'a JSON string of a non-object' : `a ${typeof value}`;
  throw new ApiErrors.BadRequest(`${field} must be a JSON object or a JSON string of an object, got ${kind}`);
}

/** The request body as parsed by the engine's JSON codec, when it was JSON (see content-parsers.ts). */
export function bodyField(body: Value | undefined, field: string): Value | undefined {
  if (body === undefined || !isMap(body)) return undefined;
  return body.has(field) ? (body.get(field) as Value) : undefined;
}

/** Keeps `fields` (plus `id`, which Mistral always adds) when a client asked for a subset. */
export function pickFields(object: WireObject, fields: readonly string[] | undefined): WireObject {
  if (fields === undefined) return object;
  const out: WireObject = {};
  for (const f of fields) if (f in object) out[f] = object[f];
  return out;
}
