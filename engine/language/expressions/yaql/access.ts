/**
 * Member access (`x.name`) and indexing (`x[k]`, `x[k, default]`), yaql's `#operator_.` and `#indexer`.
 * Values are only ever read through Map lookups and explicit property tables, never through
 * JavaScript property access, so no expression can reach host objects.
 */
import { pyRepr } from '../../values/python-format.js';
import { isInt, isList, isMap, toMapKey, type Value } from '../../values/value.js';
import { fail, noMatchingFunction } from './errors.js';
import { dateTimeProperty } from './functions/date-time-properties.js';
import type { Runtime } from './runtime.js';
import { DateTime, TimeSpan } from './values/date-time.js';
import { isIterableValue, iterate, produce } from './values/iterables.js';

/** Python's KeyError message is the repr of the key: `'missing'`. */
export function keyError(key: Value): never {
  fail(pyRepr(key, { listsAsTuples: true }));
}

export function getMember(obj: Value, name: string, rt: Runtime): Value {
  if (isMap(obj)) {
    const v = obj.get(name);
    if (v === undefined) keyError(name);
    return v;
  }
  if (isList(obj)) {
    // On a collection, `.name` maps over the items: `$.servers.name`.
    const out = new Array<Value>(obj.length);
    for (let i = 0; i < obj.length; i++) {
      rt.meter.step();
      out[i] = getMember(obj[i] as Value, name, rt);
    }
    return out;
  }
  if (isIterableValue(obj)) {
    return produce(rt, [obj], function* () {
      for (const item of iterate(obj)) yield getMember(item, name, rt);
    });
  }
  if (obj instanceof DateTime || obj instanceof TimeSpan) {
    const v = dateTimeProperty(obj, name);
    if (v !== undefined) return v;
  }
  return noMatchingFunction('#operator_.');
}

export function getIndex(obj: Value, keys: readonly Value[]): Value {
  const key = keys[0] as Value;
  if (isList(obj) && keys.length === 1 && isInt(key)) {
    const item = obj[key < 0 ? obj.length + key : key];
    if (item === undefined) fail('tuple index out of range');
    return item;
  }
  if (isMap(obj) && (keys.length === 1 || keys.length === 2)) {
    const k = toMapKey(key);
    const v = k === undefined ? undefined : obj.get(k);
    if (v !== undefined) return v;
    if (keys.length === 2) return keys[1] as Value;
    keyError(key);
  }
  return noMatchingFunction('#indexer');
}
