/**
 * yaql's container functions: building lists, dicts and sets, flattening, positional edits
 * (delete/replace/insert) and set algebra.
 */
import { isList, isMap, type MapKey, type Value } from '../../../values/value.js';
import { fail } from '../errors.js';
import type { Runtime } from '../runtime.js';
import { isIterableValue, iterate, produce, toArray, type IterableValue } from '../values/iterables.js';
import { LazySequence } from '../values/lazy-sequence.js';
import { YaqlSet } from '../values/yaql-set.js';
import { P, REST, T, define, type Overload } from './signature.js';
import { mapKey } from './util.js';

/** `list(…)` and `set(…)` splice lazy sequences (Python iterators) into the result; lists stay items. */
function spliceLazy(rt: Runtime, args: readonly Value[]): Value[] {
  const out: Value[] = [];
  for (const a of args) {
    if (a instanceof LazySequence) out.push(...spliceLazy(rt, toArray(a, rt)));
    else out.push(a);
    rt.meter.checkSize(out.length);
  }
  return out;
}

function flatten(rt: Runtime, c: IterableValue, out: Value[]): void {
  rt.meter.enter();
  try {
    for (const item of iterate(c)) {
      rt.meter.step();
      if (isIterableValue(item)) flatten(rt, item, out);
      else out.push(item);
      if (out.length > rt.meter.maxCollectionSize) rt.meter.checkSize(out.length);
    }
  } finally {
    rt.meter.leave();
  }
}

function pairKeyValue(item: Value): [Value, Value] {
  const parts = typeof item === 'string' ? Array.from(item) : isIterableValue(item) && !(item instanceof LazySequence) ? [...iterate(item)] : undefined;
  if (parts === undefined || parts.length < 2) fail('dict() items must be [key, value] pairs');
  return [parts[0] as Value, parts[1] as Value];
}

/** Positions [position, position + count) — or from position on when count < 0 — are affected. */
const inRange = (i: number, position: number, count: number): boolean => (count >= 0 ? position <= i && i < position + count : i >= position);

const seq = P.req('collection', T.iterable);

export const COLLECTION_FUNCTIONS: readonly Overload[] = [
  define({ name: 'list', form: 'function', params: [], rest: REST.values(T.any), impl: (_, ctx, args) => spliceLazy(ctx, args) }),
  define({ name: 'toList', form: 'method', params: [seq], impl: ([c], ctx) => toArray(c, ctx) }),
  define({
    name: 'flatten',
    form: 'method',
    params: [seq],
    impl: ([c], ctx) => {
      const out: Value[] = [];
      flatten(ctx, c, out);
      return out;
    },
  }),
  define({
    name: 'dict',
    form: 'function',
    noKwargs: true,
    params: [],
    rest: REST.rules(),
    impl: (_, ctx, rules) => {
      ctx.meter.checkSize(rules.length);
      const out = new Map<MapKey, Value>();
      for (const rule of rules) out.set(mapKey(rule.key()), rule.value());
      return out;
    },
  }),
  define({
    name: 'dict',
    form: 'function',
    noKwargs: true,
    params: [P.req('items', T.iterable)],
    impl: ([items], ctx) => {
      const out = new Map<MapKey, Value>();
      for (const item of iterate(items)) {
        ctx.meter.step();
        const [k, v] = pairKeyValue(item);
        out.set(mapKey(k), v);
      }
      return out;
    },
  }),
  define({
    name: 'toDict',
    form: 'method',
    params: [seq, P.lambda('keySelector'), P.optLambda('valueSelector')],
    impl: ([c, keySelector, valueSelector], ctx) => {
      const out = new Map<MapKey, Value>();
      for (const item of iterate(c)) {
        ctx.meter.step();
        out.set(mapKey(keySelector.call(item)), valueSelector === null ? item : valueSelector.call(item));
      }
      return out;
    },
  }),
  define({ name: 'isList', form: 'function', params: [P.req('arg', T.any)], impl: ([v]) => isList(v) }),
  define({ name: 'isDict', form: 'function', params: [P.req('arg', T.any)], impl: ([v]) => isMap(v) }),
  define({ name: 'isSet', form: 'function', params: [P.req('arg', T.any)], impl: ([v]) => v instanceof YaqlSet }),
  define({ name: 'len', form: 'both', params: [P.req('sequence', T.list)], impl: ([c]) => c.length }),
  define({ name: 'len', form: 'both', params: [P.req('set', T.set)], impl: ([s]) => s.size }),
  define({
    name: 'delete',
    form: 'method',
    params: [seq, P.req('position', T.int), P.opt('count', T.int, 1)],
    impl: ([c, position, count], ctx) =>
      produce(ctx, [c], function* () {
        let i = 0;
        for (const item of iterate(c)) if (!inRange(i++, position, count)) yield item;
      }),
  }),
  define({
    name: 'replace',
    form: 'method',
    params: [seq, P.req('position', T.int), P.req('value', T.any), P.opt('count', T.int, 1)],
    impl: ([c, position, value, count], ctx) => replaceRange(ctx, c, position, count, [value]),
  }),
  define({
    name: 'replaceMany',
    form: 'method',
    params: [seq, P.req('position', T.int), P.req('values', T.iterable), P.opt('count', T.int, 1)],
    impl: ([c, position, values, count], ctx) => replaceRange(ctx, c, position, count, toArray(values, ctx)),
  }),
  define({
    name: 'insert',
    form: 'method',
    params: [P.req('collection', T.list), P.req('position', T.int), P.req('value', T.any)],
    impl: ([c, position, value], ctx) => {
      ctx.meter.checkSize(c.length + 1);
      // Python's list.insert: negative positions count from the end, large ones append.
      const at = position < 0 ? Math.max(0, c.length + position) : Math.min(position, c.length);
      return [...c.slice(0, at), value, ...c.slice(at)];
    },
  }),
  define({
    name: 'insert',
    form: 'method',
    params: [seq, P.req('position', T.int), P.req('value', T.any)],
    impl: ([c, position, value], ctx) => insertAt(ctx, c, position, [value], false),
  }),
  define({
    name: 'insertMany',
    form: 'method',
    params: [seq, P.req('position', T.int), P.req('values', T.iterable)],
    impl: ([c, position, values], ctx) => insertAt(ctx, c, position, toArray(values, ctx), true),
  }),
  define({ name: 'set', form: 'function', params: [], rest: REST.values(T.any), impl: (_, ctx, args) => YaqlSet.of(spliceLazy(ctx, args)) }),
  define({ name: 'toSet', form: 'method', params: [seq], impl: ([c], ctx) => YaqlSet.of(toArray(c, ctx)) }),
  define({ name: 'union', form: 'method', params: [P.req('left', T.set), P.req('right', T.set)], impl: ([a, b]) => a.union(b) }),
  define({ name: 'intersect', form: 'method', params: [P.req('left', T.set), P.req('right', T.set)], impl: ([a, b]) => a.intersect(b) }),
  define({ name: 'difference', form: 'method', params: [P.req('left', T.set), P.req('right', T.set)], impl: ([a, b]) => a.difference(b) }),
  define({
    name: 'symmetricDifference',
    form: 'method',
    params: [P.req('left', T.set), P.req('right', T.set)],
    impl: ([a, b]) => a.symmetricDifference(b),
  }),
  define({ name: 'add', form: 'method', params: [P.req('set', T.set)], rest: REST.values(T.any), impl: ([s], _ctx, values) => s.union(YaqlSet.of(values)) }),
  define({ name: 'remove', form: 'method', params: [P.req('set', T.set)], rest: REST.values(T.any), impl: ([s], _ctx, values) => s.difference(YaqlSet.of(values)) }),
].flat();

function replaceRange(rt: Runtime, c: IterableValue, position: number, count: number, values: readonly Value[]): Value {
  return produce(rt, [c], function* () {
    let i = 0;
    let replaced = false;
    for (const item of iterate(c)) {
      if (inRange(i++, position, count)) {
        if (!replaced) yield* values;
        replaced = true;
      } else yield item;
    }
  });
}

function insertAt(rt: Runtime, c: IterableValue, position: number, values: readonly Value[], manyAtNegative: boolean): Value {
  return produce(rt, [c], function* () {
    let i = -1;
    if (manyAtNegative && position < 0) yield* values;
    for (const item of iterate(c)) {
      i++;
      if (i === position) yield* values;
      yield item;
    }
    if (position > i) yield* values;
  });
}
