/**
 * JSON columns as Mistral prints them: Python's `json.dumps` (`{"a": 1}`). The engine stores that
 * same text; re-printing through the codec (floats and key order kept) keeps the wire exact even
 * for rows written by other means.
 */
import { dumpJson, parseJson } from '../../language/values/json.js';
import type { Value } from '../../language/values/value.js';

/** Stored JSON text re-printed for the wire; `fallback` when the column is empty. */
export function wireJson(text: string | null | undefined, fallback: string | null = '{}'): string | null {
  if (text === null || text === undefined || text === '') return fallback;
  return dumpJson(parseJson(text));
}

/** A value for the wire, as JSON text. */
export function wireValue(value: Value): string {
  return dumpJson(value);
}

/** The stored JSON text as a value (null when empty). */
export function storedValue(text: string | null | undefined): Value {
  return text === null || text === undefined || text === '' ? null : parseJson(text);
}
