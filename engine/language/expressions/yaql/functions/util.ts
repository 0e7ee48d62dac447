/** Helpers shared by the function families. */
import { pyStr } from '../../../values/python-format.js';
import { PyFloat, isList, isMap, toMapKey, type MapKey, type Value } from '../../../values/value.js';
import { fail } from '../errors.js';
import type { Runtime } from '../runtime.js';

const TUPLES = { listsAsTuples: true } as const;

/** yaql's `str()`: `null`, `true`, `false` in yaql spelling; other values as Python prints them. */
export function yaqlStr(v: Value): string {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  return pyStr(v, TUPLES);
}

/** The Python type name of a value as yaql holds it (lists are tuples). */
export function pyTypeName(v: Value): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (v instanceof PyFloat) return 'float';
  if (typeof v === 'string') return 'str';
  if (isList(v)) return 'tuple';
  if (isMap(v)) return 'dict';
  return v.typeName;
}

/**
 * A dict key. Python takes any hashable key, but only these survive Mistral's JSON output, so
 * others fail here with the message json.dumps gives.
 */
export function mapKey(key: Value): MapKey {
  const k = toMapKey(key);
  if (k === undefined) fail(`keys must be str, int, float, bool or None, not ${pyTypeName(key)}`);
  return k;
}

/** Checks a built string against the size limit and accounts for the work. */
export function sized(rt: Runtime, s: string): string {
  rt.meter.checkSize(s.length);
  rt.meter.bulk(s.length);
  return s;
}
