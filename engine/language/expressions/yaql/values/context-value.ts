/**
 * What `let(…)`, `with(…)`, `unpack(…)` and `def(…)` return: a yaql context holding the new
 * variables (or function). `->` evaluates its right side in it; it is not data, so it cannot be an
 * expression's result.
 */
import { OpaqueValue, type Value } from '../../../values/value.js';
import type { Scope } from '../scope.js';

export class ContextValue extends OpaqueValue {
  readonly typeName = 'Context';

  constructor(readonly scope: Scope) {
    super();
  }

  repr(): string {
    return '<yaql.language.contexts.Context object>';
  }

  equals(other: Value): boolean {
    return other === this;
  }

  toJsonValue(): Value {
    return null;
  }
}
