/**
 * Evaluates expression trees over the value model with Jinja semantics: StrictUndefined names and
 * attributes, Python operators, filters, tests and calls. Every node visited costs a step and a
 * level of depth from the Budget, so no expression can run away with the engine.
 */
import type { MistralHost } from '../host.js';
import type { Budget } from '../limits.js';
import { type MapKey, type Value, isMap, toMapKey } from '../../values/value.js';
import { getattr, getitem } from './access.js';
import type { CallArgsNode, Expr } from './ast.js';
import { lookupFilter } from './filters/index.js';
import { GLOBALS } from './globals.js';
import { binaryOp, compare, contains, jEquals, unaryOp } from './operators.js';
import { makeTuple, pyTypeName } from './py-kinds.js';
import { printable } from './py-str.js';
import { Callable, PyError, Undefined, jTruthy, strict, type JArgs, type JValue, type Runtime } from './runtime.js';
import { findKey, iterate, sliceValue } from './sequences.js';
import { TESTS } from './tests.js';

type ChainNode = Extract<Expr, { kind: 'binary' | 'logical' }>;

/** Variables visible to a template block; child scopes shadow their parents. */
export class Scope {
  private readonly vars = new Map<string, JValue>();
  constructor(readonly parent: Scope | null) {}

  lookup(name: string): JValue | undefined {
    for (let s: Scope | null = this; s !== null; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  set(name: string, value: JValue): void {
    this.vars.set(name, value);
  }

  child(): Scope {
    return new Scope(this);
  }
}

export class Evaluator implements Runtime {
  constructor(
    readonly budget: Budget,
    readonly host: MistralHost,
  ) {}

  eval(node: Expr, scope: Scope): JValue {
    this.budget.step();
    this.budget.enter();
    try {
      return this.evalNode(node, scope);
    } finally {
      this.budget.leave();
    }
  }

  value(node: Expr, scope: Scope): Value {
    return strict(this.eval(node, scope));
  }

  private evalNode(node: Expr, scope: Scope): JValue {
    switch (node.kind) {
      case 'const':
        return node.value;
      case 'name':
        return this.lookup(node.name, scope);
      case 'getattr':
        return getattr(this.eval(node.obj, scope), node.attr);
      case 'getitem':
        return this.subscript(node.obj, node.index, scope);
      case 'slice':
        throw new PyError('a slice is only allowed inside [ ]');
      case 'list':
        this.budget.checkSize(node.items.length);
        return node.items.map((item) => this.value(item, scope));
      case 'tuple':
        return makeTuple(node.items.map((item) => this.value(item, scope)));
      case 'dict':
        return this.dict(node.pairs, scope);
      case 'binary':
      case 'logical':
        return this.chain(node, scope);
      case 'concat': {
        const s = node.parts.map((p) => printable(this.eval(p, scope))).join('');
        this.budget.checkSize(s.length);
        return s;
      }
      case 'unary':
        if (node.op === 'not') return !jTruthy(this.eval(node.operand, scope));
        return unaryOp(node.op, this.value(node.operand, scope));
      case 'compare':
        return this.compareChain(node.first, node.ops, scope);
      case 'cond':
        if (jTruthy(this.eval(node.test, scope))) return this.eval(node.then, scope);
        if (node.otherwise) return this.eval(node.otherwise, scope);
        return new Undefined('the inline if-expression evaluated to false and no else section was defined.');
      case 'call':
        return this.call(this.eval(node.callee, scope), this.args(node.args, scope));
      case 'filter':
        if (node.node === null) throw new PyError('a filter block has no input');
        return this.callFilter(node.name, this.eval(node.node, scope), this.args(node.args, scope));
      case 'test':
        return this.callTest(node.name, this.eval(node.node, scope), this.args(node.args, scope));
    }
  }

  private lookup(name: string, scope: Scope): JValue {
    const local = scope.lookup(name);
    if (local !== undefined) return local;
    return GLOBALS.get(name) ?? new Undefined(`'${name}' is undefined`);
  }

  /** Applies a `{% filter %}` / `{% set x | f %}` chain, whose innermost input is the block text. */
  applyFilters(node: Expr, input: JValue, scope: Scope): JValue {
    if (node.kind !== 'filter') return this.eval(node, scope);
    const value = node.node === null ? input : this.applyFilters(node.node, input, scope);
    return this.callFilter(node.name, value, this.args(node.args, scope));
  }

  /**
   * `a + b + c …` and `a or b or c …` nest to the left; walking the spine in a loop keeps long
   * chains from costing one level of depth per operator.
   */
  private chain(node: ChainNode, scope: Scope): JValue {
    const spine: ChainNode[] = [];
    let bottom: Expr = node;
    while (bottom.kind === 'binary' || bottom.kind === 'logical') {
      spine.push(bottom);
      bottom = bottom.left;
    }
    let acc = this.eval(bottom, scope);
    for (let i = spine.length - 1; i >= 0; i--) {
      const level = spine[i] as ChainNode;
      this.budget.step();
      if (level.kind === 'binary') {
        acc = binaryOp(level.op, strict(acc), this.value(level.right, scope), this.budget);
      } else if (level.op === 'and' ? jTruthy(acc) : !jTruthy(acc)) {
        acc = this.eval(level.right, scope);
      }
    }
    return acc;
  }

  private subscript(objNode: Expr, index: Expr, scope: Scope): JValue {
    const obj = this.eval(objNode, scope);
    if (index.kind === 'slice') {
      const bound = (e: Expr | null): Value => (e === null ? null : this.value(e, scope));
      const v = strict(obj);
      return sliceValue(v, bound(index.start), bound(index.stop), bound(index.step));
    }
    return getitem(obj, this.value(index, scope));
  }

  private dict(pairs: readonly { key: Expr; value: Expr }[], scope: Scope): Value {
    const out = new Map<MapKey, Value>();
    for (const pair of pairs) {
      const key = this.value(pair.key, scope);
      const k = findKey(out, key) ?? toMapKey(key);
      if (k === undefined) throw new PyError(`unhashable type: '${pyTypeName(key)}'`);
      out.set(k, this.value(pair.value, scope));
    }
    this.budget.checkSize(out.size);
    return out;
  }

  private compareChain(first: Expr, ops: readonly { op: string; expr: Expr }[], scope: Scope): boolean {
    let left = this.value(first, scope);
    for (const { op, expr } of ops) {
      const right = this.value(expr, scope);
      let ok: boolean;
      switch (op) {
        case '==':
          ok = jEquals(left, right);
          break;
        case '!=':
          ok = !jEquals(left, right);
          break;
        case 'in':
          ok = contains(right, left);
          break;
        case 'notin':
          ok = !contains(right, left);
          break;
        default:
          ok = compare(op as '<' | '<=' | '>' | '>=', left, right);
      }
      if (!ok) return false;
      left = right;
    }
    return true;
  }

  private args(node: CallArgsNode, scope: Scope): JArgs {
    const positional = node.args.map((a) => this.eval(a, scope));
    if (node.dynArgs) positional.push(...iterate(this.value(node.dynArgs, scope), this.budget));
    const named = new Map<string, JValue>();
    for (const kw of node.kwargs) {
      if (named.has(kw.name)) throw new PyError(`got multiple values for keyword argument '${kw.name}'`);
      named.set(kw.name, this.eval(kw.value, scope));
    }
    if (node.dynKwargs) {
      const extra = this.value(node.dynKwargs, scope);
      if (!isMap(extra)) throw new PyError(`argument after ** must be a mapping, not ${pyTypeName(extra)}`);
      for (const [k, v] of extra) {
        if (typeof k !== 'string') throw new PyError('keywords must be strings');
        if (named.has(k)) throw new PyError(`got multiple values for keyword argument '${k}'`);
        named.set(k, v);
      }
    }
    return { positional, named };
  }

  private call(callee: JValue, args: JArgs): JValue {
    if (callee instanceof Callable) return callee.invoke(args, this);
    if (callee instanceof Undefined) throw new PyError(callee.hint);
    const v = strict(callee);
    throw new PyError(`'${pyTypeName(v)}' object is not callable`);
  }

  callFilter(name: string, value: JValue, args: JArgs): JValue {
    return lookupFilter(name)(value, args, this);
  }

  callTest(name: string, value: JValue, args: JArgs): boolean {
    if (name === 'filter' || name === 'test') {
      const v = strict(value);
      if (typeof v !== 'string') return false;
      if (name === 'test') return TESTS.has(v) || v === 'filter' || v === 'test';
      try {
        lookupFilter(v);
        return true;
      } catch {
        return false;
      }
    }
    const test = TESTS.get(name);
    if (!test) throw new PyError(`No test named '${name}'.`);
    return test(value, args, this);
  }

  getattr(obj: JValue, name: string): JValue {
    return getattr(obj, name);
  }

  getitem(obj: JValue, key: Value): JValue {
    return getitem(obj, key);
  }
}
