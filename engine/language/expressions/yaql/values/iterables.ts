/**
 * yaql's "iterable" parameter type: lists, sets and lazy sequences — never strings or maps.
 */
import { isList, type Value, type ValueList } from '../../../values/value.js';
import type { Runtime } from '../runtime.js';
import { LazySequence, collect, makeLazy, materialize } from './lazy-sequence.js';
import { YaqlSet } from './yaql-set.js';

export type IterableValue = ValueList | YaqlSet | LazySequence;

export function isIterableValue(v: Value): v is IterableValue {
  return isList(v) || v instanceof YaqlSet || v instanceof LazySequence;
}

export function iterate(v: IterableValue): Iterable<Value> {
  if (isList(v)) return v;
  if (v instanceof YaqlSet) return v.items;
  return { [Symbol.iterator]: () => v.iterator() };
}

/** The items as a list; lazy sequences are drained (counted against the budget). */
export function toArray(v: IterableValue, rt: Runtime): readonly Value[] {
  if (isList(v)) return v;
  if (v instanceof YaqlSet) return v.items;
  return materialize(v, rt.meter);
}

/**
 * Result of a sequence function: lazy when any input is lazy (it may be infinite), otherwise a list
 * built now.
 */
export function produce(rt: Runtime, inputs: readonly Value[], source: () => Iterator<Value>, knownLength?: number): Value {
  if (inputs.some((x) => x instanceof LazySequence)) return makeLazy(rt, source, knownLength);
  return collect(source(), rt.meter);
}
