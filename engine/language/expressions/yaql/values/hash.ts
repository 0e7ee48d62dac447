/**
 * Hash keys for Python's hash-based containers (sets, distinct, groupBy): equal values (in Python's
 * sense: `1`, `1.0` and `True` are equal) get equal keys; lists hash like tuples, maps ignore order.
 */
import { OpaqueValue, PyFloat, isList, isMap, type Value } from '../../../values/value.js';

/** An opaque value that knows its own hash key. */
export abstract class HashableOpaque extends OpaqueValue {
  abstract hashKey(): string;
}

export function hashKey(v: Value): string {
  if (v === null) return 'N';
  if (typeof v === 'boolean') return v ? 'd1' : 'd0';
  if (typeof v === 'number') return `d${v}`;
  if (v instanceof PyFloat) return `d${v.value}`;
  if (typeof v === 'string') return `s${JSON.stringify(v)}`;
  if (isList(v)) return `l[${v.map(hashKey).join(',')}]`;
  if (isMap(v)) {
    const parts: string[] = [];
    for (const [k, x] of v) parts.push(`${hashKey(k)}:${hashKey(x)}`);
    return `m{${parts.sort().join(',')}}`;
  }
  if (v instanceof HashableOpaque) return v.hashKey();
  return `o${v.typeName}:${v.repr()}`;
}
