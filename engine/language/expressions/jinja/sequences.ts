/**
 * Python sequence behaviour over the value model: iteration, len(), indexing and slicing. Strings
 * are indexed by code point as in Python, not by UTF-16 unit.
 */
import { isList, isMap, toMapKey, type MapKey, type Value } from '../../values/value.js';
import { kindOf, makeTuple, pyTypeName } from './py-kinds.js';
import { PyError } from './runtime.js';
import type { Budget } from '../limits.js';

const SURROGATE = /[\uD800-\uDFFF]/;

/** The characters of a string as Python sees them (code points). */
export function chars(s: string): string[] {
  return SURROGATE.test(s) ? Array.from(s) : s.split('');
}

export function strLen(s: string): number {
  return SURROGATE.test(s) ? Array.from(s).length : s.length;
}

/** What `for x in v` visits: list items, string characters, dict keys. */
export function iterate(v: Value, budget?: Budget): readonly Value[] {
  if (isList(v)) return v;
  if (typeof v === 'string') {
    budget?.step(v.length);
    return chars(v);
  }
  if (isMap(v)) return [...v.keys()];
  throw new PyError(`'${pyTypeName(v)}' object is not iterable`);
}

export function pyLen(v: Value): number {
  if (typeof v === 'string') return strLen(v);
  if (isList(v)) return v.length;
  if (isMap(v)) return v.size;
  throw new PyError(`object of type '${pyTypeName(v)}' has no len()`);
}

/** An int argument (bools count, as in Python). */
export function asIndex(v: Value, what = 'an integer'): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw new PyError(`'${pyTypeName(v)}' object cannot be interpreted as ${what}`);
}

function sliceIndex(v: Value): number | null {
  if (v === null) return null;
  if (typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v))) return Number(v);
  throw new PyError('slice indices must be integers or None or have an __index__ method');
}

/** Positions `seq[start:stop:step]` selects, per Python's slice.indices(). */
export function sliceIndices(length: number, start: Value, stop: Value, step: Value): number[] {
  const st = sliceIndex(step) ?? 1;
  if (st === 0) throw new PyError('slice step cannot be zero');
  const lower = st > 0 ? 0 : -1;
  const upper = st > 0 ? length : length - 1;
  const clamp = (v: number | null, dflt: number): number => {
    if (v === null) return dflt;
    const i = v < 0 ? v + length : v;
    return i < lower ? lower : i > upper ? upper : i;
  };
  const from = clamp(sliceIndex(start), st > 0 ? lower : upper);
  const to = clamp(sliceIndex(stop), st > 0 ? upper : lower);
  const out: number[] = [];
  if (st > 0) for (let i = from; i < to; i += st) out.push(i);
  else for (let i = from; i > to; i += st) out.push(i);
  return out;
}

export function sliceValue(v: Value, start: Value, stop: Value, step: Value): Value {
  if (typeof v === 'string') {
    const cs = chars(v);
    return sliceIndices(cs.length, start, stop, step)
      .map((i) => cs[i])
      .join('');
  }
  if (isList(v)) {
    const kind = kindOf(v);
    if (kind !== 'list' && kind !== 'tuple' && kind !== 'group') throw new PyError(`'${kind}' object is not subscriptable`);
    const out = sliceIndices(v.length, start, stop, step).map((i) => v[i] as Value);
    return kind === 'list' ? out : makeTuple(out);
  }
  throw new PyError(`'${pyTypeName(v)}' object is not subscriptable`);
}

/** `seq * n` for strings, lists and tuples, refusing results beyond the size limit. */
export function repeat(seq: Value, times: number, budget: Budget): Value {
  const n = Math.max(0, times);
  if (typeof seq === 'string') {
    budget.checkSize(seq.length * n);
    return seq.repeat(n);
  }
  if (isList(seq)) {
    budget.checkSize(seq.length * n);
    budget.step(seq.length * n);
    const out: Value[] = [];
    for (let i = 0; i < n; i++) for (const x of seq) out.push(x);
    return kindOf(seq) === 'list' ? out : makeTuple(out);
  }
  throw new PyError(`can't multiply sequence of type '${pyTypeName(seq)}'`);
}

/**
 * The key under which `map` stores Python key `v`, if any: Python hashes `True`, `1` and `1.0`
 * alike, while a JS Map tells them apart.
 */
export function findKey(map: ReadonlyMap<MapKey, Value>, v: Value): MapKey | undefined {
  const k = toMapKey(v);
  if (k === undefined) throw new PyError(`unhashable type: '${pyTypeName(v)}'`);
  if (map.has(k)) return k;
  if (typeof k === 'boolean') {
    const n = k ? 1 : 0;
    return map.has(n) ? n : undefined;
  }
  if (k === 0 || k === 1) return map.has(k === 1) ? k === 1 : undefined;
  return undefined;
}
