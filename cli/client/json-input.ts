/**
 * JSON arguments of client commands (`--input`, `--params`, `--output`, `--variables`): JSON text
 * or `@file`, checked here with the same parser as the local commands, then sent as JSON text so
 * the server sees the numbers exactly as written (1.0 stays a float, as in Python).
 */
import { dumpJson } from '../../engine/language/values/json.js';
import { ArgumentError, readJsonArg, readJsonObjectArg } from '../read-json-arg.js';

/** JSON text of an object, or undefined when the option was not given. */
export function jsonObjectText(text: string | undefined, option: string): string | undefined {
  return text === undefined ? undefined : dumpJson(readJsonObjectArg(text, option));
}

/** JSON text of any value. */
export function jsonValueText(text: string, option: string): string {
  return dumpJson(readJsonArg(text, option));
}

/** A JSON object as a plain record (for bodies whose field must be an object, not text). */
export function jsonObject(text: string | undefined, option: string): Record<string, unknown> | undefined {
  const json = jsonObjectText(text, option);
  return json === undefined ? undefined : (JSON.parse(json) as Record<string, unknown>);
}

export { ArgumentError };
