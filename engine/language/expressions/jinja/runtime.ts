/**
 * What the Jinja evaluator passes around besides plain values: Jinja's StrictUndefined, callables
 * (globals and bound Python methods), `namespace()` objects and the `loop` variable. None of them can
 * leave an evaluation: they are turned into a value (or an error) at the boundary.
 */
import type { MistralHost } from '../host.js';
import type { Budget } from '../limits.js';
import { pyEquals } from '../../values/compare.js';
import { truthy, type Value } from '../../values/value.js';

/**
 * A Python exception raised while evaluating; the message is what Python would say, and the entry
 * point turns it into an ExpressionError naming the expression.
 */
export class PyError extends Error {}

/** Jinja's StrictUndefined: carries the message it raises as soon as anything touches it. */
export class Undefined {
  constructor(readonly hint: string) {}
}

export interface JArgs {
  readonly positional: readonly JValue[];
  readonly named: ReadonlyMap<string, JValue>;
}

/** A global function or a bound method (`'a'.upper`); `display` is how Python would print it. */
export class Callable {
  constructor(
    readonly display: string,
    readonly invoke: (args: JArgs, rt: Runtime) => JValue,
  ) {}
}

/** `namespace(...)`: the one mutable object templates may assign attributes on. */
export class Namespace {
  readonly attrs = new Map<string, Value>();
}

/** The `loop` variable inside `{% for %}`. */
export class LoopContext {
  index0 = 0;
  private lastChanged: Value | undefined;
  constructor(readonly items: readonly Value[]) {}

  attribute(name: string): JValue | undefined {
    const n = this.items.length;
    const i = this.index0;
    switch (name) {
      case 'index':
        return i + 1;
      case 'index0':
        return i;
      case 'revindex':
        return n - i;
      case 'revindex0':
        return n - i - 1;
      case 'first':
        return i === 0;
      case 'last':
        return i === n - 1;
      case 'length':
        return n;
      case 'depth':
        return 1;
      case 'depth0':
        return 0;
      case 'previtem':
        return i > 0 ? (this.items[i - 1] as Value) : new Undefined('there is no previous item');
      case 'nextitem':
        return i < n - 1 ? (this.items[i + 1] as Value) : new Undefined('there is no next item');
      case 'cycle':
        return new Callable('<bound method LoopContext.cycle>', (args) => {
          if (args.positional.length === 0) throw new PyError('no items for cycling given');
          return args.positional[i % args.positional.length] as JValue;
        });
      case 'changed':
        return new Callable('<bound method LoopContext.changed>', (args) => {
          const v = args.positional.map(strict);
          if (this.lastChanged !== undefined && pyEquals(this.lastChanged, v)) return false;
          this.lastChanged = v;
          return true;
        });
      default:
        return undefined;
    }
  }
}

export type JValue = Value | Undefined | Callable | Namespace | LoopContext;

/** What filters, tests and methods may use of the running evaluation. */
export interface Runtime {
  readonly budget: Budget;
  readonly host: MistralHost;
  callFilter(name: string, value: JValue, args: JArgs): JValue;
  callTest(name: string, value: JValue, args: JArgs): boolean;
  /** Jinja's sandboxed `obj.name` (attribute first, then item). */
  getattr(obj: JValue, name: string): JValue;
  /** Jinja's sandboxed `obj[key]` (item first, then attribute). */
  getitem(obj: JValue, key: Value): JValue;
}

function isInternal(v: JValue): v is Undefined | Callable | Namespace | LoopContext {
  return v instanceof Undefined || v instanceof Callable || v instanceof Namespace || v instanceof LoopContext;
}

/** The value behind `v`, raising what StrictUndefined raises when it is undefined. */
export function strict(v: JValue): Value {
  if (v instanceof Undefined) throw new PyError(v.hint);
  if (v instanceof Callable) throw new PyError(`${v.display} is a function, not a value`);
  if (v instanceof Namespace) throw new PyError('a namespace object cannot be used as a value; use its attributes');
  if (v instanceof LoopContext) throw new PyError('the loop object cannot be used as a value; use its attributes');
  return v;
}


/** Python truthiness; touching an undefined value raises, as StrictUndefined.__bool__ does. */
export function jTruthy(v: JValue): boolean {
  if (v instanceof Undefined) throw new PyError(v.hint);
  if (isInternal(v)) return true;
  return truthy(v);
}
