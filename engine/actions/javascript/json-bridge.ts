/**
 * Values to and from the JSON text exchanged with the sandbox. JavaScript has one number type, so
 * float-ness survives only where the number is non-integral — the same as Mistral, whose V8 bridge
 * also round-trips through JSON.
 */
import { dumpJson, parseJson } from '../../language/values/json.js';
import { PyFloat, isList, isMap, OpaqueValue, type MapKey, type Value } from '../../language/values/value.js';

/** JSON text for `v`; NaN and ±Infinity (valid in Python's JSON, not in JavaScript's) become null. */
export function valueToSandboxJson(v: Value): string {
  return dumpJson(finite(v));
}

function finite(v: Value): Value {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v instanceof PyFloat) return Number.isFinite(v.value) ? v : null;
  if (v instanceof OpaqueValue) return finite(v.toJsonValue());
  if (isList(v)) return v.map(finite);
  if (isMap(v)) {
    const out = new Map<MapKey, Value>();
    for (const [k, val] of v) out.set(k, finite(val));
    return out;
  }
  return v;
}

/** The script's return value; `undefined` (no JSON form: undefined, functions) becomes null. */
export function sandboxJsonToValue(json: string | undefined): Value {
  return json === undefined ? null : parseJson(json);
}
