/**
 * Python equality and ordering of values.
 */
import { OpaqueValue, PyFloat, isList, isMap, type Value } from './value.js';

function numeric(v: Value): number | undefined {
  if (typeof v === 'number') return v;
  if (v instanceof PyFloat) return v.value;
  // Python: True == 1, False == 0.
  if (typeof v === 'boolean') return v ? 1 : 0;
  return undefined;
}

/** Python `==`: structural, `1 == 1.0`, `'1' != 1`, dict equality ignores order. */
export function pyEquals(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) return na === nb;
  if (typeof a === 'string' || typeof b === 'string') return false;
  if (isList(a) && isList(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!pyEquals(a[i] as Value, b[i] as Value)) return false;
    return true;
  }
  if (isMap(a) && isMap(b)) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) {
      if (!b.has(k)) return false;
      if (!pyEquals(v, b.get(k) as Value)) return false;
    }
    return true;
  }
  if (a instanceof OpaqueValue) return a.equals(b);
  if (b instanceof OpaqueValue) return b.equals(a);
  return false;
}

/**
 * Python ordering: negative, zero or positive; undefined when Python raises TypeError
 * (e.g. `'a' < 1`). Numbers compare with numbers, strings by code point, lists lexicographically.
 */
export function pyCompare(a: Value, b: Value): number | undefined {
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) return na < nb ? -1 : na > nb ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (isList(a) && isList(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x = a[i] as Value;
      const y = b[i] as Value;
      if (pyEquals(x, y)) continue;
      return pyCompare(x, y);
    }
    return a.length - b.length;
  }
  if (a instanceof OpaqueValue) return a.compare(b);
  if (b instanceof OpaqueValue) {
    const r = b.compare(a);
    return r === undefined ? undefined : -r;
  }
  return undefined;
}

function compareCodePoints(a: string, b: string): number {
  // UTF-16 order differs from code-point order only for astral characters; handle them exactly.
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0) ?? 0;
    const cy = y.value.codePointAt(0) ?? 0;
    if (cx !== cy) return cx - cy;
  }
}
