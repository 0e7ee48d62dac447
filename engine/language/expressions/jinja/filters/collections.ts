/**
 * Jinja's sequence filters. Where Jinja returns a lazy generator (`map`, `select`, `reject`,
 * `selectattr`, `rejectattr`, `unique`, `batch`, `slice`, `items`, `reverse`) these return a list:
 * the value model has no generators, `| list` on the result is a no-op, and `{{ xs | map(...) }}`
 * prints the list instead of Python's `<generator object …>`.
 */
import { isList, isMap, toMapKey, truthy, type Value } from '../../../values/value.js';
import { binaryOp, jEquals } from '../operators.js';
import { isTuple, makeGroup, makeTuple, pyTypeName } from '../py-kinds.js';
import { jRepr, jStr } from '../py-str.js';
import { PyError, Undefined, strict, type JArgs, type JValue, type Runtime } from '../runtime.js';
import { chars, iterate, pyLen } from '../sequences.js';
import { pyJoin } from '../string-methods.js';
import { attribute } from '../access.js';
import { asInt, attrGetter, filter, ignoreCase, multiAttrGetter, pyOrder, sortBy, type FilterFn } from './helpers.js';

function rest(args: JArgs, from: number): JArgs {
  return { positional: args.positional.slice(from), named: args.named };
}

function mapFilter(value: JValue, args: JArgs, rt: Runtime): JValue {
  const v = strict(value);
  if (!truthy(v)) return [];
  let fn: (item: Value) => JValue;
  if (args.positional.length === 0 && args.named.has('attribute')) {
    const named = new Map(args.named);
    const attributeName = strict(named.get('attribute') ?? null);
    const dflt = strict(named.get('default') ?? null);
    named.delete('attribute');
    named.delete('default');
    const [extra] = named.keys();
    if (extra !== undefined) throw new PyError(`Unexpected keyword argument '${extra}'`);
    fn = attrGetter(rt, attributeName, { default: dflt });
  } else {
    const name = args.positional[0];
    if (name === undefined) throw new PyError('map requires a filter argument');
    const filterName = strict(name);
    if (typeof filterName !== 'string') throw new PyError('map requires a filter name');
    fn = (item) => rt.callFilter(filterName, item, rest(args, 1));
  }
  return iterate(v, rt.budget).map((item) => {
    rt.budget.step();
    return strict(fn(item));
  });
}

function selectOrReject(keep: boolean, lookupAttr: boolean): FilterFn {
  return (value, args, rt) => {
    const v = strict(value);
    if (!truthy(v)) return [];
    let transform: (item: Value) => JValue = (item) => item;
    let offset = 0;
    if (lookupAttr) {
      const attr = args.positional[0];
      if (attr === undefined) throw new PyError('Missing parameter for attribute name');
      transform = attrGetter(rt, strict(attr));
      offset = 1;
    }
    const testName = args.positional[offset];
    const test =
      testName === undefined
        ? (x: JValue) => truthy(strict(x))
        : (x: JValue) => {
            const name = strict(testName);
            if (typeof name !== 'string') throw new PyError('test name must be a string');
            return rt.callTest(name, x, rest(args, offset + 1));
          };
    return iterate(v, rt.budget).filter((item) => {
      rt.budget.step();
      return test(transform(item)) === keep;
    });
  };
}

function minOrMax(name: string, wantLess: boolean): readonly [string, FilterFn] {
  return filter(name, [['case_sensitive', false], ['attribute', null]], (v, [cs, attr], rt) => {
    const items = iterate(v, rt.budget);
    if (items.length === 0) return new Undefined('No aggregated item, sequence was empty.');
    const key = attrGetter(rt, attr, truthy(cs) ? {} : { postprocess: ignoreCase });
    let best = items[0] as Value;
    let bestKey = strict(key(best));
    for (const item of items) {
      rt.budget.step();
      const k = strict(key(item));
      const c = pyOrder(k, bestKey);
      // Python keeps the first of equal extremes.
      if (wantLess ? c < 0 : c > 0) {
        best = item;
        bestKey = k;
      }
    }
    return best;
  });
}

/** A set key with Python's hashing: 1, 1.0 and True collide; lists and dicts are unhashable. */
function hashKey(v: Value): string {
  if (isList(v) && isTuple(v)) return `t:${v.map(hashKey).join(',')}`;
  if (isList(v) || isMap(v)) throw new PyError(`unhashable type: '${pyTypeName(v)}'`);
  const k = toMapKey(v);
  if (typeof k === 'boolean') return `n:${k ? 1 : 0}`;
  if (typeof k === 'number') return `n:${k}`;
  if (typeof k === 'string') return `s:${k}`;
  return k === null ? 'none' : `o:${jRepr(v)}`;
}

export const COLLECTION_FILTERS: readonly (readonly [string, FilterFn])[] = [
  filter('length', [], (v) => pyLen(v)),
  filter('count', [], (v) => pyLen(v)),
  filter('list', [], (v, _a, rt) => [...iterate(v, rt.budget)]),
  filter('first', [], (v, _a, rt) => {
    const items = iterate(v, rt.budget);
    return items.length > 0 ? (items[0] as Value) : new Undefined('No first item, sequence was empty.');
  }),
  filter('last', [], (v, _a, rt) => {
    const items = iterate(v, rt.budget);
    return items.length > 0 ? (items[items.length - 1] as Value) : new Undefined('No last item, sequence was empty.');
  }),
  filter('join', [['d', ''], ['attribute', null]], (v, [d, attr], rt) => {
    const get = attrGetter(rt, attr);
    const items = iterate(v, rt.budget).map((item) => jStr(strict(get(item))));
    return pyJoin(jStr(d), items, rt);
  }),
  ['map', mapFilter],
  ['select', selectOrReject(true, false)],
  ['reject', selectOrReject(false, false)],
  ['selectattr', selectOrReject(true, true)],
  ['rejectattr', selectOrReject(false, true)],
  filter('sort', [['reverse', false], ['case_sensitive', false], ['attribute', null]], (v, [rev, cs, attr], rt) => {
    const key = multiAttrGetter(rt, attr, truthy(cs) ? undefined : ignoreCase);
    return sortBy(iterate(v, rt.budget), key, truthy(rev), rt);
  }),
  filter('unique', [['case_sensitive', false], ['attribute', null]], (v, [cs, attr], rt) => {
    const key = attrGetter(rt, attr, truthy(cs) ? {} : { postprocess: ignoreCase });
    const seen = new Set<string>();
    return iterate(v, rt.budget).filter((item) => {
      const k = hashKey(strict(key(item)));
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }),
  minOrMax('min', true),
  minOrMax('max', false),
  filter('sum', [['attribute', null], ['start', 0]], (v, [attr, start], rt) => {
    const get = attrGetter(rt, attr);
    return iterate(v, rt.budget).reduce<Value>((acc, item) => binaryOp('+', acc, strict(get(item)), rt.budget), start);
  }),
  filter('dictsort', [['case_sensitive', false], ['by', 'key'], ['reverse', false]], (v, [cs, by, rev], rt) => {
    if (!isMap(v)) throw new PyError(`'${pyTypeName(v)}' object has no attribute 'items'`);
    if (by !== 'key' && by !== 'value') throw new PyError('You can only sort by either "key" or "value"');
    const pos = by === 'key' ? 0 : 1;
    const pairs = [...v].map(([k, val]) => makeTuple([k, val]));
    return sortBy(pairs, (p) => (truthy(cs) ? (p[pos] as Value) : ignoreCase(p[pos] as Value)), truthy(rev), rt);
  }),
  ['items', (value) => {
    if (value instanceof Undefined) return [];
    const v = strict(value);
    if (!isMap(v)) throw new PyError('Can only get item pairs from a mapping.');
    return [...v].map(([k, val]) => makeTuple([k, val]));
  }],
  filter('groupby', ['attribute', ['default', null], ['case_sensitive', false]], (v, [attr, dflt, cs], rt) => {
    const sensitive = truthy(cs);
    const key = attrGetter(rt, attr, { default: dflt, ...(sensitive ? {} : { postprocess: ignoreCase }) });
    const out = attrGetter(rt, attr, { default: dflt });
    const groups: { key: Value; items: Value[] }[] = [];
    for (const item of sortBy(iterate(v, rt.budget), (x) => strict(key(x)), false, rt)) {
      const k = strict(key(item));
      const last = groups[groups.length - 1];
      if (last && jEquals(last.key, k)) last.items.push(item);
      else groups.push({ key: k, items: [item] });
    }
    return groups.map((g) => makeGroup(strict(out(g.items[0] as Value)), g.items));
  }),
  filter('batch', ['linecount', ['fill_with', null]], (v, [count, fill], rt) => {
    const n = asInt(count, 'linecount');
    if (n < 1) throw new PyError('batch() needs a linecount of at least 1');
    const items = iterate(v, rt.budget);
    rt.budget.checkSize(n);
    const out: Value[][] = [];
    for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
    const last = out[out.length - 1];
    if (last && fill !== null && fill !== undefined) while (last.length < n) last.push(fill);
    return out;
  }),
  filter('slice', ['slices', ['fill_with', null]], (v, [count, fill], rt) => {
    const slices = asInt(count, 'slices');
    const seq = iterate(v, rt.budget);
    if (slices === 0) throw new PyError('integer division or modulo by zero');
    rt.budget.checkSize(Math.max(0, slices));
    const per = Math.floor(seq.length / slices);
    const extra = seq.length % slices;
    const out: Value[][] = [];
    let offset = 0;
    for (let i = 0; i < slices; i++) {
      const start = offset + i * per;
      if (i < extra) offset += 1;
      const tmp = seq.slice(start, offset + (i + 1) * per);
      if (fill !== null && fill !== undefined && i >= extra) tmp.push(fill);
      out.push(tmp);
    }
    return out;
  }),
  filter('reverse', [], (v, _a, rt) => {
    if (typeof v === 'string') return chars(v).reverse().join('');
    return [...iterate(v, rt.budget)].reverse();
  }),
  filter('attr', ['name'], (v, [name]) => {
    const n = jStr(name);
    const found = attribute(v, n);
    return found !== undefined ? found : new Undefined(`'${pyTypeName(v)} object' has no attribute '${n}'`);
  }),
];
