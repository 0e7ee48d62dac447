/**
 * Reads a `--input`-style argument: JSON text, or `@path` for a file holding JSON. Floats and key
 * order are kept (Python semantics downstream).
 */
import { readFileSync } from 'node:fs';
import { JsonSyntaxError, parseJson } from '../engine/language/values/json.js';
import { isMap, type Value, type ValueMap } from '../engine/language/values/value.js';

export class ArgumentError extends Error {}

export function readJsonArg(text: string, option: string): Value {
  let source = text;
  if (text.startsWith('@')) {
    try {
      source = readFileSync(text.slice(1), 'utf8');
    } catch (e) {
      throw new ArgumentError(`${option}: cannot read ${text.slice(1)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  try {
    return parseJson(source);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new ArgumentError(`${option}: invalid JSON: ${e.message}`);
    throw e;
  }
}

export function readJsonObjectArg(text: string | undefined, option: string): ValueMap {
  if (text === undefined) return new Map();
  const v = readJsonArg(text, option);
  if (!isMap(v)) throw new ArgumentError(`${option}: expected a JSON object`);
  return v;
}
