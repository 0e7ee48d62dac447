/**
 * yaql's sequence builders and reshaping functions: range/sequence/repeat/cycle/generate (lazy,
 * possibly infinite), ordering, grouping, zipping and slicing.
 */
import { pyEquals } from '../../../values/compare.js';
import { truthy, type Value } from '../../../values/value.js';
import { fail, noMatchingMethod } from '../errors.js';
import { compare } from '../operators.js';
import type { Lambda, Ordering, Runtime } from '../runtime.js';
import { hashKey } from '../values/hash.js';
import { isIterableValue, iterate, produce, toArray, type IterableValue } from '../values/iterables.js';
import { LazySequence, makeLazy } from '../values/lazy-sequence.js';
import { P, REST, T, define, type Overload } from './signature.js';
import { pyTypeName } from './util.js';

function range(rt: Runtime, start: number, stop: number, step: number): LazySequence {
  if (step === 0) fail('range() arg 3 must not be zero');
  const length = Math.max(0, Math.ceil((stop - start) / step));
  return makeLazy(
    rt,
    function* () {
      for (let i = 0; i < length; i++) {
        rt.meter.step();
        yield start + i * step;
      }
    },
    length,
  );
}

function sortBy(rt: Runtime, source: readonly Value[], keys: Ordering['keys']): Value[] {
  const rows = source.map((item) => {
    rt.meter.step();
    return { item, keys: keys.map((k) => k.selector.call(item)) };
  });
  rows.sort((a, b) => {
    for (let k = 0; k < keys.length; k++) {
      rt.meter.step();
      const x = a.keys[k] as Value;
      const y = b.keys[k] as Value;
      const c = compare('<', x, y) ? -1 : compare('>', x, y) ? 1 : 0;
      if (c !== 0) return keys[k]?.descending ? -c : c;
    }
    return 0;
  });
  const out = rows.map((r) => r.item);
  rt.session.orderings.set(out, { source, keys });
  return out;
}

const orderBy = (name: string, descending: boolean): Overload[] =>
  define({
    name,
    form: 'method',
    params: [P.req('collection', T.iterable), P.lambda('selector')],
    impl: ([c, selector], ctx) => sortBy(ctx, toArray(c, ctx), [{ selector, descending }]),
  });

const thenBy = (name: string, descending: boolean): Overload[] =>
  define({
    name,
    form: 'method',
    params: [P.req('collection', T.list), P.lambda('selector')],
    impl: ([c, selector], ctx) => {
      const ordering = ctx.session.orderings.get(c) ?? noMatchingMethod(name, c);
      return sortBy(ctx, ordering.source, [...ordering.keys, { selector, descending }]);
    },
  });

/** Splits a list into runs: `delimiter` says whether item i starts a new run, or ends one and is dropped. */
function runs(rt: Runtime, items: readonly Value[], delimiter: (item: Value, index: number) => 'keep' | 'split' | 'drop'): Value[] {
  const out: Value[] = [];
  let current: Value[] = [];
  items.forEach((item, i) => {
    rt.meter.step();
    const kind = delimiter(item, i);
    if (kind !== 'keep') {
      if (i > 0 || kind === 'drop') out.push(current);
      current = [];
    }
    if (kind !== 'drop') current.push(item);
  });
  if (current.length > 0) out.push(current);
  return out;
}

function zipWith(rt: Runtime, collections: readonly IterableValue[], longest: boolean, fill: Value): Value {
  return produce(rt, collections, function* () {
    const its = collections.map((c) => iterate(c)[Symbol.iterator]());
    for (;;) {
      const row = its.map((it) => it.next());
      const done = row.filter((r) => r.done).length;
      if (done === row.length || (!longest && done > 0)) return;
      yield row.map((r) => (r.done ? fill : r.value));
    }
  });
}

function* generate(initial: Value, predicate: Lambda, producer: Lambda, selector: Lambda | null, decycle: boolean): Generator<Value> {
  const seen = new Set<string>();
  let current = initial;
  while (truthy(predicate.call(current))) {
    if (decycle) {
      const key = hashKey(current);
      if (seen.has(key)) return;
      seen.add(key);
    }
    yield selector === null ? current : selector.call(current);
    current = producer.call(current);
  }
}

function* generateMany(initial: Value, producer: Lambda, selector: Lambda | null, decycle: boolean, depthFirst: boolean, rt: Runtime): Generator<Value> {
  const seen = new Set<string>();
  const queue: Value[] = [initial];
  while (queue.length > 0) {
    const item = queue.shift() as Value;
    if (decycle) {
      const key = hashKey(item);
      if (seen.has(key)) continue;
      seen.add(key);
    }
    yield selector === null ? item : selector.call(item);
    const produced = producer.call(item);
    const next = isIterableValue(produced) ? toArray(produced, rt) : fail(`'${pyTypeName(produced)}' object is not iterable`);
    if (depthFirst) queue.unshift(...next);
    else queue.push(...next);
    rt.meter.checkSize(queue.length);
  }
}

const seq = P.req('collection', T.iterable);

export const SEQUENCE_FUNCTIONS: readonly Overload[] = [
  define({ name: 'range', form: 'function', params: [P.req('stop', T.int)], impl: ([stop], ctx) => range(ctx, 0, stop, 1) }),
  define({
    name: 'range',
    form: 'function',
    params: [P.req('start', T.int), P.req('stop', T.int), P.opt('step', T.int, 1)],
    impl: ([start, stop, step], ctx) => range(ctx, start, stop, step),
  }),
  define({
    name: 'sequence',
    form: 'function',
    params: [P.opt('start', T.int, 0), P.opt('step', T.int, 1)],
    impl: ([start, step], ctx) =>
      makeLazy(ctx, function* () {
        for (let i = start; ; i += step) {
          ctx.meter.step();
          yield i;
        }
      }),
  }),
  define({
    name: 'repeat',
    form: 'method',
    params: [P.req('value', T.any), P.opt('times', T.int, -1)],
    impl: ([value, times], ctx) =>
      makeLazy(
        ctx,
        function* () {
          for (let i = 0; times < 0 || i < times; i++) {
            ctx.meter.step();
            yield value;
          }
        },
        times < 0 ? undefined : times,
      ),
  }),
  define({
    name: 'cycle',
    form: 'method',
    params: [seq],
    impl: ([c], ctx) => {
      const items = toArray(c, ctx);
      return makeLazy(ctx, function* () {
        while (items.length > 0) {
          for (const item of items) {
            ctx.meter.step();
            yield item;
          }
        }
      });
    },
  }),
  orderBy('orderBy', false),
  orderBy('orderByDescending', true),
  thenBy('thenBy', false),
  thenBy('thenByDescending', true),
  define({
    name: 'groupBy',
    form: 'method',
    params: [seq, P.lambda('keySelector'), P.optLambda('valueSelector'), P.optLambda('aggregator')],
    impl: ([c, keySelector, valueSelector, aggregator], ctx) => {
      const groups = new Map<string, { key: Value; values: Value[] }>();
      for (const item of iterate(c)) {
        ctx.meter.step();
        const key = keySelector.call(item);
        const value = valueSelector === null ? item : valueSelector.call(item);
        const hk = hashKey(key);
        const group = groups.get(hk);
        if (group) group.values.push(value);
        else groups.set(hk, { key, values: [value] });
      }
      return [...groups.values()].map((g) => [g.key, aggregator === null ? g.values : aggregator.call(g.values)]);
    },
  }),
  define({ name: 'zip', form: 'method', params: [], rest: REST.values(T.iterable), impl: (_, ctx, cs) => zipWith(ctx, cs, false, null) }),
  define({
    name: 'zipLongest',
    form: 'method',
    params: [],
    rest: REST.values(T.iterable),
    kwargs: true,
    impl: (_, ctx, cs, kwargs) => zipWith(ctx, cs, true, kwargs.get('default') ?? null),
  }),
  define({
    name: 'join',
    form: 'method',
    params: [P.req('collection1', T.iterable), P.req('collection2', T.iterable), P.lambda('predicate'), P.lambda('selector')],
    impl: ([c1, c2, predicate, selector], ctx) => {
      const right = toArray(c2, ctx);
      return produce(ctx, [c1], function* () {
        for (const a of iterate(c1)) {
          for (const b of right) {
            ctx.meter.step();
            if (truthy(predicate.call(a, b))) yield selector.call(a, b);
          }
        }
      });
    },
  }),
  define({
    name: 'takeWhile',
    form: 'method',
    params: [seq, P.lambda('predicate')],
    impl: ([c, predicate], ctx) =>
      produce(ctx, [c], function* () {
        for (const item of iterate(c)) {
          if (!truthy(predicate.call(item))) return;
          yield item;
        }
      }),
  }),
  define({
    name: 'skipWhile',
    form: 'method',
    params: [seq, P.lambda('predicate')],
    impl: ([c, predicate], ctx) =>
      produce(ctx, [c], function* () {
        let skipping = true;
        for (const item of iterate(c)) {
          if (skipping && truthy(predicate.call(item))) continue;
          skipping = false;
          yield item;
        }
      }),
  }),
  define({
    name: 'slice',
    form: 'method',
    params: [seq, P.req('length', T.int)],
    impl: ([c, length], ctx) => {
      if (length < 0) fail('Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.');
      const items = toArray(c, ctx);
      if (length === 0) return [];
      const out: Value[] = [];
      for (let i = 0; i < items.length; i += length) out.push(items.slice(i, i + length));
      return out;
    },
  }),
  define({
    name: 'splitWhere',
    form: 'method',
    params: [seq, P.lambda('predicate')],
    impl: ([c, predicate], ctx) => runs(ctx, toArray(c, ctx), (x) => (truthy(predicate.call(x)) ? 'drop' : 'keep')),
  }),
  define({
    name: 'sliceWhere',
    form: 'method',
    params: [seq, P.lambda('predicate')],
    impl: ([c, predicate], ctx) => {
      let previous: Value | undefined;
      return runs(ctx, toArray(c, ctx), (x) => {
        const current = predicate.call(x);
        const changed = previous !== undefined && !pyEquals(previous, current);
        previous = current;
        return changed ? 'split' : 'keep';
      });
    },
  }),
  define({
    name: 'splitAt',
    form: 'method',
    params: [seq, P.req('index', T.int)],
    impl: ([c, index], ctx) => {
      const items = toArray(c, ctx);
      const at = index < 0 ? Math.max(0, items.length + index) : index;
      return [items.slice(0, at), items.slice(at)];
    },
  }),
  define({ name: 'reverse', form: 'method', params: [seq], impl: ([c], ctx) => [...toArray(c, ctx)].reverse() }),
  define({
    name: 'generate',
    form: 'function',
    params: [P.req('initial', T.any), P.lambda('predicate'), P.lambda('producer'), P.optLambda('selector'), P.opt('decycle', T.bool, false)],
    impl: ([initial, predicate, producer, selector, decycle], ctx) => makeLazy(ctx, () => generate(initial, predicate, producer, selector, decycle)),
  }),
  define({
    name: 'generateMany',
    form: 'function',
    params: [P.req('initial', T.any), P.lambda('producer'), P.optLambda('selector'), P.opt('decycle', T.bool, false), P.opt('depthFirst', T.bool, false)],
    impl: ([initial, producer, selector, decycle, depthFirst], ctx) =>
      makeLazy(ctx, () => generateMany(initial, producer, selector, decycle, depthFirst, ctx)),
  }),
].flat();
