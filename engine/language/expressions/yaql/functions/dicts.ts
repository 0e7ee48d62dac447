/** yaql's dict functions: get/set/delete, keys/values/items, and the deep mergeWith. */
import { pyEquals } from '../../../values/compare.js';
import { isList, isMap, toMapKey, type MapKey, type Value, type ValueMap } from '../../../values/value.js';
import { fail } from '../errors.js';
import type { Lambda, Runtime } from '../runtime.js';
import { hashKey } from '../values/hash.js';
import { iterate } from '../values/iterables.js';
import { P, REST, T, define, type Overload } from './signature.js';
import { mapKey, pyTypeName } from './util.js';

const dict = P.req('dict', T.map);

function withEntries(rt: Runtime, d: ValueMap, entries: Iterable<readonly [Value, Value]>): Map<MapKey, Value> {
  const out = new Map<MapKey, Value>(d);
  for (const [k, v] of entries) out.set(mapKey(k), v);
  rt.meter.checkSize(out.size);
  return out;
}

function without(d: ValueMap, keys: Iterable<Value>): Map<MapKey, Value> {
  const out = new Map<MapKey, Value>(d);
  for (const k of keys) {
    const key = toMapKey(k);
    if (key !== undefined) out.delete(key);
  }
  return out;
}

function distinctConcat(a: readonly Value[], b: readonly Value[]): Value[] {
  const seen = new Set<string>();
  return [...a, ...b].filter((x) => {
    const k = hashKey(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function merge(rt: Runtime, a: ValueMap, b: ValueMap, listMerger: Lambda | null, itemMerger: Lambda | null, maxLevels: number): Map<MapKey, Value> {
  rt.meter.enter();
  try {
    const out = new Map<MapKey, Value>();
    for (const [key, v1] of a) {
      rt.meter.step();
      out.set(key, v1);
      if (!b.has(key)) continue;
      const v2 = b.get(key) as Value;
      if (maxLevels !== 1 && isMap(v2)) {
        if (!isMap(v1)) fail(`Cannot merge ${pyTypeName(v1)} with ${pyTypeName(v2)}`);
        out.set(key, merge(rt, v1, v2, listMerger, itemMerger, maxLevels === 0 ? 0 : maxLevels - 1));
      } else if (maxLevels !== 1 && isList(v2)) {
        if (!isList(v1)) fail(`Cannot merge ${pyTypeName(v1)} with ${pyTypeName(v2)}`);
        out.set(key, listMerger === null ? distinctConcat(v1, v2) : listMerger.call(v1, v2));
      } else {
        out.set(key, itemMerger === null ? v2 : itemMerger.call(v1, v2));
      }
    }
    for (const [key, v2] of b) if (!out.has(key)) out.set(key, v2);
    return out;
  } finally {
    rt.meter.leave();
  }
}

export const DICT_FUNCTIONS: readonly Overload[] = [
  define({
    name: 'get',
    form: 'method',
    params: [dict, P.req('key', T.any), P.opt('default', T.any, null)],
    impl: ([d, key, dflt]) => {
      const k = toMapKey(key);
      const v = k === undefined ? undefined : d.get(k);
      return v === undefined ? dflt : v;
    },
  }),
  define({
    name: 'set',
    form: 'method',
    noKwargs: true,
    params: [dict, P.req('key', T.any), P.req('value', T.any)],
    impl: ([d, key, value], ctx) => withEntries(ctx, d, [[key, value]]),
  }),
  define({
    name: 'set',
    form: 'method',
    noKwargs: true,
    params: [dict, P.req('replacements', T.map)],
    impl: ([d, replacements], ctx) => withEntries(ctx, d, replacements),
  }),
  define({
    name: 'set',
    form: 'method',
    noKwargs: true,
    params: [dict],
    rest: REST.rules(),
    impl: ([d], ctx, rules) => withEntries(ctx, d, rules.map((r) => [r.key(), r.value()] as const)),
  }),
  define({ name: 'keys', form: 'method', params: [dict], impl: ([d]) => [...d.keys()] }),
  define({ name: 'values', form: 'method', params: [dict], impl: ([d]) => [...d.values()] }),
  define({ name: 'items', form: 'method', params: [dict], impl: ([d]) => [...d].map(([k, v]) => [k, v]) }),
  define({
    name: 'containsKey',
    form: 'method',
    params: [dict, P.req('key', T.any)],
    impl: ([d, key]) => {
      const k = toMapKey(key);
      return k !== undefined && d.has(k);
    },
  }),
  define({ name: 'containsValue', form: 'method', params: [dict, P.req('value', T.any)], impl: ([d, value]) => [...d.values()].some((v) => pyEquals(v, value)) }),
  define({ name: 'delete', form: 'method', params: [dict], rest: REST.values(T.any), impl: ([d], _ctx, keys) => without(d, keys) }),
  define({ name: 'deleteAll', form: 'method', params: [dict, P.req('keys', T.iterable)], impl: ([d, keys]) => without(d, iterate(keys)) }),
  define({ name: 'len', form: 'both', params: [dict], impl: ([d]) => d.size }),
  define({
    name: 'mergeWith',
    form: 'method',
    params: [dict, P.req('another', T.map), P.optLambda('listMerger'), P.optLambda('itemMerger'), P.opt('maxLevels', T.int, 0)],
    impl: ([d, another, listMerger, itemMerger, maxLevels], ctx) => merge(ctx, d, another, listMerger, itemMerger, maxLevels),
  }),
].flat();
