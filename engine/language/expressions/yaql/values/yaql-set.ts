/**
 * yaql's sets (Python frozensets), made by `set()` and `toSet()`. Items keep insertion order (Python's
 * order is hash order, which no workflow can rely on). JSON output is the list of items.
 */
import { pyRepr } from '../../../values/python-format.js';
import type { Value } from '../../../values/value.js';
import { HashableOpaque, hashKey } from './hash.js';

export class YaqlSet extends HashableOpaque {
  readonly typeName = 'frozenset';

  private constructor(
    readonly items: readonly Value[],
    private readonly keys: ReadonlySet<string>,
  ) {
    super();
  }

  static of(values: Iterable<Value>): YaqlSet {
    const items: Value[] = [];
    const keys = new Set<string>();
    for (const v of values) {
      const k = hashKey(v);
      if (keys.has(k)) continue;
      keys.add(k);
      items.push(v);
    }
    return new YaqlSet(items, keys);
  }

  get size(): number {
    return this.items.length;
  }

  has(v: Value): boolean {
    return this.keys.has(hashKey(v));
  }

  union(other: YaqlSet): YaqlSet {
    return YaqlSet.of([...this.items, ...other.items]);
  }

  intersect(other: YaqlSet): YaqlSet {
    return YaqlSet.of(this.items.filter((x) => other.has(x)));
  }

  difference(other: YaqlSet): YaqlSet {
    return YaqlSet.of(this.items.filter((x) => !other.has(x)));
  }

  symmetricDifference(other: YaqlSet): YaqlSet {
    return YaqlSet.of([...this.items.filter((x) => !other.has(x)), ...other.items.filter((x) => !this.has(x))]);
  }

  isSubsetOf(other: YaqlSet): boolean {
    return this.items.every((x) => other.has(x));
  }

  repr(): string {
    if (this.items.length === 0) return 'frozenset()';
    return `frozenset({${this.items.map((x) => pyRepr(x, { listsAsTuples: true })).join(', ')}})`;
  }

  equals(other: Value): boolean {
    return other instanceof YaqlSet && other.size === this.size && this.isSubsetOf(other);
  }

  toJsonValue(): Value {
    return this.items;
  }

  override truthy(): boolean {
    return this.items.length > 0;
  }

  hashKey(): string {
    return `S{${[...this.keys].sort().join(',')}}`;
  }
}
