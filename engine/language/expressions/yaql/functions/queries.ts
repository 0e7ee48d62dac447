/**
 * yaql's query functions over collections: filtering, projection, quantifiers, aggregation and
 * searching. They take any iterable (list, set, lazy sequence) and return lists — or lazy
 * sequences when the input is lazy and the function can stay lazy (where, select, skip, take…).
 */
import { pyEquals } from '../../../values/compare.js';
import { isList, truthy, type Value } from '../../../values/value.js';
import { fail } from '../errors.js';
import { add, compare } from '../operators.js';
import type { Lambda, Runtime } from '../runtime.js';
import { hashKey } from '../values/hash.js';
import { isIterableValue, iterate, produce, toArray, type IterableValue } from '../values/iterables.js';
import { LazySequence } from '../values/lazy-sequence.js';
import { P, REST, T, define, type Overload } from './signature.js';

/** Applies `f` to each item, counting a step per item; lazy in, lazy out. */
function mapItems(rt: Runtime, c: IterableValue, f: (item: Value, index: number) => Value): Value {
  if (isList(c)) {
    rt.meter.checkSize(c.length);
    const out = new Array<Value>(c.length);
    for (let i = 0; i < c.length; i++) {
      rt.meter.step();
      out[i] = f(c[i] as Value, i);
    }
    return out;
  }
  // A projection keeps the length, so `range(0, 10**8).select(…)` still fails before any work.
  const length = c instanceof LazySequence ? c.knownLength : undefined;
  return produce(
    rt,
    [c],
    function* () {
      let i = 0;
      for (const item of iterate(c)) yield f(item, i++);
    },
    length,
  );
}

function filterItems(rt: Runtime, c: IterableValue, keep: (item: Value) => boolean): Value {
  if (isList(c)) {
    const out: Value[] = [];
    for (const item of c) {
      rt.meter.step();
      if (keep(item)) out.push(item);
    }
    return out;
  }
  return produce(rt, [c], function* () {
    for (const item of iterate(c)) if (keep(item)) yield item;
  });
}

/** Python's reduce(); an empty collection without a seed fails as Python's does. */
function reduce(rt: Runtime, c: IterableValue, f: (acc: Value, item: Value) => Value, seed?: Value): Value {
  let acc = seed;
  for (const item of iterate(c)) {
    rt.meter.step();
    acc = acc === undefined ? item : f(acc, item);
  }
  if (acc === undefined) fail('reduce() of empty sequence with no initial value');
  return acc;
}

function checkCount(count: number): number {
  if (count < 0) fail('Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.');
  return count;
}

/** The first item, boxed so that a null item is told apart from an empty collection. */
function firstItem(c: IterableValue, rt: Runtime): { readonly item: Value } | undefined {
  for (const item of iterate(c)) {
    rt.meter.step();
    return { item };
  }
  return undefined;
}

function lastItem(c: IterableValue, rt: Runtime): { readonly item: Value } | undefined {
  const items = toArray(c, rt);
  return items.length > 0 ? { item: items[items.length - 1] as Value } : undefined;
}

const larger = (a: Value, b: Value): Value => (compare('>', b, a) ? b : a);
const smaller = (a: Value, b: Value): Value => (compare('>', b, a) ? a : b);

const seq = P.req('collection', T.iterable);

export const QUERY_FUNCTIONS: readonly Overload[] = [
  define({
    name: ['where', 'filter'],
    form: 'method',
    params: [seq, P.lambda('predicate')],
    impl: ([c, predicate], ctx) => filterItems(ctx, c, (x) => truthy(predicate.call(x))),
  }),
  define({
    name: ['select', 'map'],
    form: 'method',
    params: [seq, P.lambda('selector')],
    impl: ([c, selector], ctx) => mapItems(ctx, c, (x) => selector.call(x)),
  }),
  define({
    name: 'selectMany',
    form: 'method',
    params: [seq, P.lambda('selector')],
    impl: ([c, selector], ctx) =>
      produce(ctx, [c], function* () {
        for (const item of iterate(c)) {
          const inner = selector.call(item);
          if (isIterableValue(inner)) yield* iterate(inner);
          else yield inner;
        }
      }),
  }),
  define({
    name: 'skip',
    form: 'method',
    params: [seq, P.req('count', T.int)],
    impl: ([c, count], ctx) => {
      checkCount(count);
      if (isList(c)) return c.slice(count);
      return produce(ctx, [c], function* () {
        let i = 0;
        for (const item of iterate(c)) if (i++ >= count) yield item;
      });
    },
  }),
  define({
    name: ['limit', 'take'],
    form: 'method',
    params: [seq, P.req('count', T.int)],
    impl: ([c, count], ctx) => {
      checkCount(count);
      if (isList(c)) return c.slice(0, count);
      // Taking from a lazy sequence ends it, so it is safe to build the list now.
      const out: Value[] = [];
      if (count === 0) return out;
      for (const item of iterate(c)) {
        ctx.meter.step();
        out.push(item);
        if (out.length >= count) break;
      }
      return out;
    },
  }),
  define({
    name: 'append',
    form: 'both',
    params: [seq],
    rest: REST.values(T.any),
    impl: ([c], ctx, items) =>
      produce(ctx, [c], function* () {
        yield* iterate(c);
        yield* items;
      }),
  }),
  define({
    name: 'distinct',
    form: 'both',
    params: [seq, P.optLambda('keySelector')],
    impl: ([c, keySelector], ctx) => {
      const seen = new Set<string>();
      return filterItems(ctx, c, (x) => {
        const key = hashKey(keySelector === null ? x : keySelector.call(x));
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    },
  }),
  define({
    name: 'enumerate',
    form: 'both',
    params: [seq, P.opt('start', T.int, 0)],
    impl: ([c, start], ctx) => mapItems(ctx, c, (x, i) => [start + i, x]),
  }),
  define({
    name: 'any',
    form: 'both',
    params: [seq, P.optLambda('predicate')],
    impl: ([c, predicate], ctx) => {
      for (const item of iterate(c)) {
        ctx.meter.step();
        if (predicate === null || truthy(predicate.call(item))) return true;
      }
      return false;
    },
  }),
  define({
    name: 'all',
    form: 'both',
    params: [seq, P.optLambda('predicate')],
    impl: ([c, predicate], ctx) => {
      for (const item of iterate(c)) {
        ctx.meter.step();
        if (!truthy(predicate === null ? item : predicate.call(item))) return false;
      }
      return true;
    },
  }),
  define({
    name: 'concat',
    form: 'both',
    params: [],
    rest: REST.values(T.iterable),
    impl: (_, ctx, collections) =>
      produce(ctx, collections, function* () {
        for (const c of collections) yield* iterate(c);
      }),
  }),
  define({ name: 'len', form: 'both', params: [P.req('collection', T.iterable)], impl: ([c], ctx) => toArray(c, ctx).length }),
  define({ name: 'count', form: 'method', params: [seq], impl: ([c], ctx) => toArray(c, ctx).length }),
  define({ name: 'memorize', form: 'method', params: [seq], impl: ([c], ctx) => toArray(c, ctx) }),
  define({ name: 'sum', form: 'method', params: [seq], impl: ([c], ctx) => reduce(ctx, c, (a, b) => add(a, b, ctx)) }),
  define({ name: 'sum', form: 'method', params: [seq, P.req('initial', T.any)], impl: ([c, initial], ctx) => reduce(ctx, c, (a, b) => add(a, b, ctx), initial) }),
  define({ name: 'max', form: 'method', params: [seq], impl: ([c], ctx) => reduce(ctx, c, larger) }),
  define({ name: 'max', form: 'method', params: [seq, P.req('initial', T.any)], impl: ([c, initial], ctx) => reduce(ctx, c, larger, initial) }),
  define({ name: 'min', form: 'method', params: [seq], impl: ([c], ctx) => reduce(ctx, c, smaller) }),
  define({ name: 'min', form: 'method', params: [seq, P.req('initial', T.any)], impl: ([c, initial], ctx) => reduce(ctx, c, smaller, initial) }),
  define({
    name: 'first',
    form: 'method',
    params: [seq],
    impl: ([c], ctx) => (firstItem(c, ctx) ?? fail('first() of an empty collection (no default given)')).item,
  }),
  define({ name: 'first', form: 'method', params: [seq, P.req('default', T.any)], impl: ([c, dflt], ctx) => (firstItem(c, ctx) ?? { item: dflt }).item }),
  define({
    name: 'last',
    form: 'method',
    params: [seq],
    impl: ([c], ctx) => (lastItem(c, ctx) ?? fail('last() of an empty collection (no default given)')).item,
  }),
  define({ name: 'last', form: 'method', params: [seq, P.req('default', T.any)], impl: ([c, dflt], ctx) => (lastItem(c, ctx) ?? { item: dflt }).item }),
  define({
    name: 'single',
    form: 'method',
    params: [seq],
    impl: ([c], ctx) => {
      const items: Value[] = [];
      for (const item of iterate(c)) {
        ctx.meter.step();
        items.push(item);
        if (items.length > 1) fail('Collection contains more than one item');
      }
      if (items.length === 0) fail('single() of an empty collection');
      return items[0] as Value;
    },
  }),
  define({ name: 'contains', form: 'method', params: [seq, P.req('value', T.any)], impl: ([c, v], ctx) => indexWhere(ctx, c, (x) => pyEquals(x, v), false) >= 0 }),
  define({ name: 'indexOf', form: 'method', params: [seq, P.req('item', T.any)], impl: ([c, v], ctx) => indexWhere(ctx, c, (x) => pyEquals(x, v), false) }),
  define({ name: 'lastIndexOf', form: 'method', params: [seq, P.req('item', T.any)], impl: ([c, v], ctx) => indexWhere(ctx, c, (x) => pyEquals(x, v), true) }),
  define({
    name: 'indexWhere',
    form: 'method',
    params: [seq, P.lambda('predicate')],
    impl: ([c, p], ctx) => indexWhere(ctx, c, (x) => truthy(p.call(x)), false),
  }),
  define({
    name: 'lastIndexWhere',
    form: 'method',
    params: [seq, P.lambda('predicate')],
    impl: ([c, p], ctx) => indexWhere(ctx, c, (x) => truthy(p.call(x)), true),
  }),
  define({
    name: ['aggregate', 'reduce'],
    form: 'method',
    params: [seq, P.lambda('selector')],
    impl: ([c, f], ctx) => reduce(ctx, c, (a, b) => f.call(a, b)),
  }),
  define({
    name: ['aggregate', 'reduce'],
    form: 'method',
    params: [seq, P.lambda('selector'), P.req('seed', T.any)],
    impl: ([c, f, seed], ctx) => reduce(ctx, c, (a, b) => f.call(a, b), seed),
  }),
  define({ name: 'accumulate', form: 'method', params: [seq, P.lambda('selector')], impl: ([c, f], ctx) => accumulate(ctx, c, f) }),
  define({
    name: 'accumulate',
    form: 'method',
    params: [seq, P.lambda('selector'), P.req('seed', T.any)],
    impl: ([c, f, seed], ctx) => accumulate(ctx, c, f, seed),
  }),
  define({
    name: 'defaultIfEmpty',
    form: 'method',
    params: [seq, P.req('default', T.iterable)],
    impl: ([c, dflt], ctx) => {
      if (c instanceof LazySequence) {
        const items = toArray(c, ctx);
        return items.length === 0 ? dflt : items;
      }
      return toArray(c, ctx).length === 0 ? dflt : c;
    },
  }),
  define({ name: 'isIterable', form: 'function', params: [P.req('value', T.any)], impl: ([v]) => isIterableValue(v) }),
].flat();

function indexWhere(rt: Runtime, c: IterableValue, test: (x: Value) => boolean, last: boolean): number {
  let found = -1;
  let i = 0;
  for (const item of iterate(c)) {
    rt.meter.step();
    if (test(item)) {
      found = i;
      if (!last) return found;
    }
    i++;
  }
  return found;
}

function accumulate(rt: Runtime, c: IterableValue, f: Lambda, seed?: Value): Value {
  return produce(rt, [c], function* () {
    let total = seed;
    let started = seed !== undefined;
    if (started) yield total as Value;
    for (const item of iterate(c)) {
      if (!started) {
        total = item;
        started = true;
      } else total = f.call(total as Value, item);
      yield total as Value;
    }
    if (!started) fail('accumulate() of empty sequence with no initial value');
  });
}
