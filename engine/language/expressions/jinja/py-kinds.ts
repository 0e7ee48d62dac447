/**
 * Python sequence kinds the shared value model folds into lists. Jinja code can tell a tuple from a
 * list (`'%s' % (a, b)` formats two arguments, `'%s' % [a, b]` one) and prints them differently, so
 * arrays built here are tagged; to everything outside the Jinja evaluator they stay plain lists.
 */
import { typeName, type Value } from '../../values/value.js';

export type SequenceKind = 'tuple' | 'group' | 'dict_items' | 'dict_keys' | 'dict_values';

const kinds = new WeakMap<readonly Value[], SequenceKind>();

function tag<T extends readonly Value[]>(items: T, kind: SequenceKind): T {
  kinds.set(items, kind);
  return items;
}

export function makeTuple(items: readonly Value[]): readonly Value[] {
  return tag(items, 'tuple');
}

/** groupby's `(grouper, list)` named tuple. */
export function makeGroup(grouper: Value, list: readonly Value[]): readonly Value[] {
  return tag([grouper, list], 'group');
}

export function makeView(kind: 'dict_items' | 'dict_keys' | 'dict_values', items: readonly Value[]): readonly Value[] {
  return tag(items, kind);
}

export function kindOf(v: Value): SequenceKind | 'list' | undefined {
  if (!Array.isArray(v)) return undefined;
  return kinds.get(v) ?? 'list';
}

/** Tuples (and groupby's named tuples) behave alike everywhere but in attribute access. */
export function isTuple(v: Value): boolean {
  const k = Array.isArray(v) ? kinds.get(v) : undefined;
  return k === 'tuple' || k === 'group';
}

export function isView(v: Value): boolean {
  const k = Array.isArray(v) ? kinds.get(v) : undefined;
  return k === 'dict_items' || k === 'dict_keys' || k === 'dict_values';
}

/** Python's type name, aware of tuples and dict views. */
export function pyTypeName(v: Value): string {
  const k = kindOf(v);
  if (k === 'group') return 'tuple';
  if (k !== undefined && k !== 'list') return k;
  return typeName(v);
}
