/**
 * What functions and operators see of the running evaluation: the meter, the host, per-evaluation
 * state, and the lazily evaluated arguments (lambdas and mapping rules) they receive.
 */
import type { MistralHost } from '../host.js';
import type { Value } from '../../values/value.js';
import type { Node } from './ast.js';
import type { Meter } from './meter.js';
import { Scope } from './scope.js';

/** State of one evaluation, shared by everything it calls. */
export class Session {
  /** Set once a lazy sequence exists, so the result needs converting back to lists. */
  lazyCreated = false;
  /** Sort keys of lists made by orderBy/orderByDescending, so thenBy can refine them. */
  readonly orderings = new WeakMap<readonly Value[], Ordering>();
}

/** The source collection and sort keys behind a sorted list. */
export interface Ordering {
  readonly source: readonly Value[];
  readonly keys: readonly { readonly selector: Lambda; readonly descending: boolean }[];
}

export interface Runtime {
  readonly meter: Meter;
  readonly host: MistralHost;
  readonly session: Session;
}

/** Passed to every built-in function. */
export interface CallContext extends Runtime {
  /** The scope the call is evaluated in; `let`, `with`, `unpack` and `def` extend it. */
  readonly scope: Scope;
}

export interface NodeEvaluator extends Runtime {
  evaluate(node: Node, scope: Scope): Value;
}

/**
 * An argument evaluated per use (yaql's Lambda parameter): `$` and `$1`, `$2`… are rebound to the
 * call's arguments in a child of the scope the argument was written in.
 */
export class Lambda {
  constructor(
    private readonly evaluator: NodeEvaluator,
    private readonly node: Node,
    private readonly scope: Scope,
  ) {}

  call(...args: Value[]): Value {
    return this.invoke(new Scope(this.scope, args));
  }

  /** Calls with named arguments too (`$name`), as regex selectors and `def` functions need. */
  callNamed(args: readonly Value[], named: ReadonlyMap<string, Value>): Value {
    const scope = new Scope(this.scope, args);
    for (const [k, v] of named) scope.set(k, v);
    return this.invoke(scope);
  }

  /** The same lambda evaluated in another scope (`def` binds its body where the name is visible). */
  rebind(scope: Scope): Lambda {
    return new Lambda(this.evaluator, this.node, scope);
  }

  /** Evaluates in the written scope without rebinding `$` (predicates of coalesce, switch…). */
  evaluate(): Value {
    return this.invoke(this.scope);
  }

  private invoke(scope: Scope): Value {
    const meter = this.evaluator.meter;
    meter.enter();
    try {
      return this.evaluator.evaluate(this.node, scope);
    } finally {
      meter.leave();
    }
  }
}

/** A `key => value` argument of a function that takes mapping rules (dict, switch, set). */
export class MappingRule {
  constructor(
    private readonly evaluator: NodeEvaluator,
    private readonly keyNode: Node,
    private readonly valueNode: Node,
    private readonly scope: Scope,
  ) {}

  key(): Value {
    return this.evaluator.evaluate(this.keyNode, this.scope);
  }

  value(): Value {
    return this.evaluator.evaluate(this.valueNode, this.scope);
  }
}
