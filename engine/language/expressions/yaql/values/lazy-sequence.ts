/**
 * Lazily produced sequences. Most of yaql's collection functions return Python iterators; we return
 * lists, except where a sequence may be infinite or huge (`sequence()`, `range()`, `repeat()`,
 * `cycle()`, `generate()`) and what is built on such a sequence (`range(1, 4).select($ * 10)`).
 * They become lists when something needs all items and, at the latest, when the result is returned:
 * both count every item against the budget. Sources that can be infinite also count a step per
 * item they produce, so no chain built on them (`repeat(1).distinct().first()`) spins unbounded.
 */
import { isList, isMap, type MapKey, type Value } from '../../../values/value.js';
import type { Meter } from '../meter.js';
import type { Runtime } from '../runtime.js';
import { HashableOpaque } from './hash.js';

let nextId = 0;
/** Cap for the rare lazy sequence that escapes conversion (an item of a set). */
const JSON_CAP = 10_000;

export class LazySequence extends HashableOpaque {
  readonly typeName = 'iterator';
  private readonly id = ++nextId;

  constructor(
    private readonly source: () => Iterator<Value>,
    /** Number of items when known up front (`range`, `repeat(x, n)`), so oversize fails at once. */
    readonly knownLength?: number,
  ) {
    super();
  }

  iterator(): Iterator<Value> {
    return this.source();
  }

  repr(): string {
    return '<iterator object>';
  }

  equals(other: Value): boolean {
    return other === this;
  }

  toJsonValue(): Value {
    const out: Value[] = [];
    const it = this.source();
    for (let r = it.next(); !r.done && out.length < JSON_CAP; r = it.next()) out.push(r.value);
    return out;
  }

  hashKey(): string {
    return `I${this.id}`;
  }
}

export function makeLazy(rt: Runtime, source: () => Iterator<Value>, knownLength?: number): LazySequence {
  rt.session.lazyCreated = true;
  return new LazySequence(source, knownLength);
}

/** Drains an iterator into a list, one step per item, within the size limit. */
export function collect(it: Iterator<Value>, meter: Meter, knownLength?: number): Value[] {
  if (knownLength !== undefined) meter.checkSize(knownLength);
  const max = meter.maxCollectionSize;
  const out: Value[] = [];
  for (let r = it.next(); !r.done; r = it.next()) {
    meter.step();
    if (out.length >= max) meter.checkSize(out.length + 1);
    out.push(r.value);
  }
  return out;
}

export function materialize(seq: LazySequence, meter: Meter): Value[] {
  return collect(seq.iterator(), meter, seq.knownLength);
}

/** Mistral's output conversion: lazy sequences anywhere in lists and maps become lists. */
export function finalize(v: Value, meter: Meter): Value {
  if (v instanceof LazySequence) return materialize(v, meter).map((x) => finalize(x, meter));
  if (isList(v)) {
    let out: Value[] | undefined;
    v.forEach((x, i) => {
      const y = finalize(x, meter);
      if (y !== x) (out ??= v.slice())[i] = y;
    });
    return out ?? v;
  }
  if (isMap(v)) {
    let out: Map<MapKey, Value> | undefined;
    for (const [k, x] of v) {
      const y = finalize(x, meter);
      if (y !== x) (out ??= new Map(v)).set(k, y);
    }
    return out ?? v;
  }
  return v;
}
