/**
 * Variable scopes. yaql keeps variables in a chain of contexts: a lambda call publishes its arguments
 * as `$1`, `$2`… (`$` is `$1`) in a child context, and `let(...) -> expr` adds named ones. Lookups walk
 * up the chain; an unknown variable is null.
 */
import type { Value } from '../../values/value.js';

/** A function declared with `def(name, body)`; called with positional and keyword arguments. */
export interface UserFunction {
  call(args: readonly Value[], named: ReadonlyMap<string, Value>): Value;
}

export class Scope {
  private vars: Map<string, Value> | undefined;
  private functions: Map<string, UserFunction> | undefined;

  constructor(
    readonly parent: Scope | undefined,
    /** Lambda arguments: `$1` is `positional[0]`. */
    private readonly positional?: readonly Value[],
  ) {}

  /** The value of `$name`; `position` is the argument number for `$1`, `$2`… (0 otherwise). */
  lookup(name: string, position: number): Value | undefined {
    for (let s: Scope | undefined = this; s !== undefined; s = s.parent) {
      const v = s.vars?.get(name);
      if (v !== undefined) return v;
      if (position > 0 && s.positional !== undefined && position <= s.positional.length) {
        return s.positional[position - 1];
      }
    }
    return undefined;
  }

  set(name: string, value: Value): void {
    (this.vars ??= new Map()).set(name, value);
  }

  defineFunction(name: string, fn: UserFunction): void {
    (this.functions ??= new Map()).set(name, fn);
  }

  findFunction(name: string): UserFunction | undefined {
    for (let s: Scope | undefined = this; s !== undefined; s = s.parent) {
      const fn = s.functions?.get(name);
      if (fn !== undefined) return fn;
    }
    return undefined;
  }
}
