/**
 * Building blocks shared by the filters: signature binding, Jinja's attribute getters (dotted paths
 * like `'a.b.0'`, comma lists for sort keys), case-insensitive keys and Python's sort order.
 */
import { pyCompare, pyEquals } from '../../../values/compare.js';
import { isList, type Value } from '../../../values/value.js';
import { bind, bindLazy, type Bound, type Param } from '../args.js';
import { pyTypeName } from '../py-kinds.js';
import { PyError, Undefined, strict, type JArgs, type JValue, type Runtime } from '../runtime.js';

export type FilterFn = (value: JValue, args: JArgs, rt: Runtime) => JValue;

/** A filter whose input and arguments must be defined (all but `default`). */
export function filter<const P extends readonly Param[]>(
  name: string,
  params: P,
  run: (value: Value, args: Bound<P, Value>, rt: Runtime) => JValue,
): readonly [string, FilterFn] {
  return [name, (value, args, rt) => run(strict(value), bind(name, params, args), rt)];
}

/** Like {@link filter}, for filters that must see undefined arguments (`default`). */
export function lazyFilter<const P extends readonly Param[]>(
  name: string,
  params: P,
  run: (value: JValue, args: Bound<P, JValue>, rt: Runtime) => JValue,
): readonly [string, FilterFn] {
  return [name, (value, args, rt) => run(value, bindLazy(name, params, args), rt)];
}

function attributeParts(attribute: Value): Value[] {
  if (attribute === null) return [];
  if (typeof attribute === 'string') return attribute.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return [attribute];
}

export function ignoreCase(v: Value): Value {
  return typeof v === 'string' ? v.toLowerCase() : v;
}

/** Jinja's make_attrgetter: follows `a.b.0` with item-first lookups. */
export function attrGetter(
  rt: Runtime,
  attribute: Value,
  options: { readonly postprocess?: (v: Value) => Value; readonly default?: Value } = {},
): (item: Value) => JValue {
  const parts = attributeParts(attribute);
  return (item) => {
    let v: JValue = item;
    for (const part of parts) {
      v = rt.getitem(v, part);
      if (options.default !== undefined && options.default !== null && v instanceof Undefined) v = options.default;
    }
    return options.postprocess ? options.postprocess(strict(v)) : v;
  };
}

/** Jinja's make_multi_attrgetter: `'a,b.c'` gives a list of keys for sorting. */
export function multiAttrGetter(rt: Runtime, attribute: Value, postprocess?: (v: Value) => Value): (item: Value) => Value {
  const split = typeof attribute === 'string' ? attribute.split(',') : [attribute];
  const getters = split.map((a) => attrGetter(rt, a, postprocess ? { postprocess } : {}));
  return (item) => getters.map((g) => strict(g(item)));
}

/** Python's `<` as a sort comparator; mixed types raise TypeError as sorted() would. */
export function pyOrder(a: Value, b: Value): number {
  if (isList(a) && isList(b)) {
    // Python compares sequences item by item, so a failure names the offending items' types.
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x = a[i] as Value;
      const y = b[i] as Value;
      if (!pyEquals(x, y)) return pyOrder(x, y);
    }
    return a.length - b.length;
  }
  const c = pyCompare(a, b);
  if (c === undefined) throw new PyError(`'<' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
  return c;
}

/** A stable sort by key, counting the comparisons against the step budget. */
export function sortBy<T>(items: readonly T[], key: (item: T) => Value, reverse: boolean, rt: Runtime): T[] {
  const keyed = items.map((item) => ({ item, key: key(item) }));
  rt.budget.step(items.length * Math.max(1, Math.ceil(Math.log2(items.length + 1))));
  keyed.sort((x, y) => (reverse ? pyOrder(y.key, x.key) : pyOrder(x.key, y.key)));
  return keyed.map((k) => k.item);
}

export function asInt(v: Value, what: string): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw new PyError(`${what} must be an integer, not ${pyTypeName(v)}`);
}
