/**
 * Typed reads of normalised action input. Mistral actions are Python constructors, so loose
 * values are accepted the way Python would (`float("1.5")`, `int(2.7)`), and anything else fails
 * with a message naming the parameter.
 */
import { PyFloat, isList, isMap, typeName, type Value, type ValueMap } from '../language/values/value.js';
import { ActionError } from './errors.js';

export function readParam(input: ValueMap, name: string): Value {
  return input.get(name) ?? null;
}

function invalid(action: string, name: string, expected: string, got: Value): ActionError {
  return new ActionError(`Invalid value for parameter '${name}' of ${action}: expected ${expected}, got ${typeName(got)}`);
}

export function readString(input: ValueMap, name: string, action: string): string {
  const v = readParam(input, name);
  if (typeof v !== 'string') throw invalid(action, name, 'a string', v);
  return v;
}

export function readOptionalString(input: ValueMap, name: string, action: string): string | null {
  const v = readParam(input, name);
  if (v === null) return null;
  if (typeof v !== 'string') throw invalid(action, name, 'a string', v);
  return v;
}

/** `null` means "not given" and yields `fallback`; otherwise a real boolean is required. */
export function readBoolean(input: ValueMap, name: string, action: string, fallback: boolean): boolean {
  const v = readParam(input, name);
  if (v === null) return fallback;
  if (typeof v !== 'boolean') throw invalid(action, name, 'a boolean', v);
  return v;
}

/** A string or a list of strings (Mistral accepts both for hosts and addresses). Null → []. */
export function readStringList(input: ValueMap, name: string, action: string): string[] {
  const v = readParam(input, name);
  if (v === null) return [];
  if (typeof v === 'string') return [v];
  if (isList(v) && v.every((x) => typeof x === 'string')) return [...(v as readonly string[])];
  throw invalid(action, name, 'a string or a list of strings', v);
}

export function readOptionalMap(input: ValueMap, name: string, action: string): ValueMap | null {
  const v = readParam(input, name);
  if (v === null) return null;
  if (!isMap(v)) throw invalid(action, name, 'a dict', v);
  return v;
}

/** Python `float(v)`: numbers and numeric strings; undefined when Python would raise. */
export function pythonFloat(v: Value): number | undefined {
  if (typeof v === 'number') return v;
  if (v instanceof PyFloat) return v.value;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && /^\s*[+-]?(\d+\.?\d*(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?|inf(inity)?|nan)\s*$/i.test(v)) {
    const t = v.trim().toLowerCase().replace(/^\+/, '');
    if (t.endsWith('inf') || t.endsWith('infinity')) return t.startsWith('-') ? -Infinity : Infinity;
    return Number(t);
  }
  return undefined;
}

/** Python `int(v)`: truncates floats, parses integral strings; undefined when Python would raise. */
export function pythonInt(v: Value): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : undefined;
  if (v instanceof PyFloat) return Number.isFinite(v.value) ? Math.trunc(v.value) : undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return Number.parseInt(v, 10);
  return undefined;
}
