/**
 * The tree-walking evaluator: one switch over node types. Every node costs a budget step; calls and
 * lambdas enter a level of depth (see functions/invoke.ts and runtime.ts).
 */
import { truthy, type MapKey, type Value } from '../../values/value.js';
import type { MistralHost } from '../host.js';
import { getIndex, getMember } from './access.js';
import type { Argument, Node } from './ast.js';
import { YaqlEvalError, noMatchingFunction, unknownFunction, unknownMethod } from './errors.js';
import { callBuiltin } from './functions/invoke.js';
import { functionOverloads, methodOverloads } from './functions/registry.js';
import { mapKey } from './functions/util.js';
import type { Meter } from './meter.js';
import { applyBinary, negate, unaryPlus } from './operators.js';
import type { NodeEvaluator, Session } from './runtime.js';
import type { Scope } from './scope.js';
import { ContextValue } from './values/context-value.js';

export class Evaluator implements NodeEvaluator {
  constructor(
    readonly meter: Meter,
    readonly host: MistralHost,
    readonly session: Session,
  ) {}

  evaluate(node: Node, scope: Scope): Value {
    this.meter.step();
    try {
      return this.dispatch(node, scope);
    } catch (e) {
      // The innermost node that failed is the most useful position to report.
      if (e instanceof YaqlEvalError && e.offset === undefined) e.offset = node.offset;
      throw e;
    }
  }

  private dispatch(node: Node, scope: Scope): Value {
    switch (node.type) {
      case 'literal':
        return node.value;
      case 'keyword':
        return node.name;
      case 'variable':
        return scope.lookup(node.name, node.position) ?? null;
      case 'list':
        return this.list(node.args, scope);
      case 'map':
        return this.map(node.args, scope);
      case 'call':
        return this.call(node.name, node.args, scope);
      case 'member': {
        const obj = this.evaluate(node.object, scope);
        if (node.nullSafe && obj === null) return null;
        return getMember(obj, node.name, this);
      }
      case 'method': {
        const receiver = this.evaluate(node.receiver, scope);
        if (node.nullSafe && receiver === null) return null;
        const overloads = methodOverloads(node.name) ?? unknownMethod(node.name, receiver);
        return callBuiltin({ name: node.name, overloads, receiver: { value: receiver }, args: node.args, scope, evaluator: this });
      }
      case 'invalid-member':
        if (node.nullSafe && this.evaluate(node.object, scope) === null) return null;
        return noMatchingFunction('#operator_.');
      case 'index':
        return getIndex(this.evaluate(node.object, scope), this.positional(node.args, scope, '#indexer'));
      case 'unary': {
        const v = this.evaluate(node.operand, scope);
        if (node.operator === 'not') return !truthy(v);
        return node.operator === '-' ? negate(v) : unaryPlus(v);
      }
      case 'binary':
        return applyBinary(node.operator, this.evaluate(node.left, scope), this.evaluate(node.right, scope), this);
      case 'logical': {
        const left = this.evaluate(node.left, scope);
        if (node.operator === 'and' ? !truthy(left) : truthy(left)) return left;
        return this.evaluate(node.right, scope);
      }
      case 'chain': {
        // The left side must produce a context (`let(…)`, `with(…)`, `unpack(…)`, `def(…)`).
        const left = this.evaluate(node.left, scope);
        if (!(left instanceof ContextValue)) return noMatchingFunction('#operator_->');
        return this.evaluate(node.right, left.scope);
      }
      default:
        return assertNever(node);
    }
  }

  private positional(args: readonly Argument[], scope: Scope, name: string): Value[] {
    return args.map((arg) => (arg.kind === 'positional' ? this.evaluate(arg.value, scope) : noMatchingFunction(name)));
  }

  private list(args: readonly Argument[], scope: Scope): Value[] {
    this.meter.checkSize(args.length);
    return this.positional(args, scope, '#list');
  }

  private map(args: readonly Argument[], scope: Scope): Map<MapKey, Value> {
    this.meter.checkSize(args.length);
    const out = new Map<MapKey, Value>();
    for (const arg of args) {
      if (arg.kind !== 'named') return noMatchingFunction('#map');
      const key = this.evaluate(arg.key, scope);
      out.set(mapKey(key), this.evaluate(arg.value, scope));
    }
    return out;
  }

  private call(name: string, args: readonly Argument[], scope: Scope): Value {
    const user = scope.findFunction(name);
    if (user !== undefined) {
      const positional: Value[] = [];
      const named = new Map<string, Value>();
      for (const arg of args) {
        if (arg.kind === 'positional') positional.push(this.evaluate(arg.value, scope));
        else if (arg.kind === 'named' && arg.key.type === 'keyword') named.set(arg.key.name, this.evaluate(arg.value, scope));
        else noMatchingFunction(name);
      }
      return user.call(positional, named);
    }
    const overloads = functionOverloads(name) ?? unknownFunction(name);
    return callBuiltin({ name, overloads, args, scope, evaluator: this });
  }
}

function assertNever(node: never): never {
  throw new Error(`unhandled YAQL node ${JSON.stringify(node)}`);
}
