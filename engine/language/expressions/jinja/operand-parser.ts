/**
 * The operand half of Jinja's expression grammar: literals, parenthesised tuples, lists, dicts, and
 * the postfix chain of `.attr`, `[index]`, `[a:b:c]`, calls, `| filters` and `is tests`. The operator
 * half (parser.ts) builds on it.
 */
import type { CallArgsNode, Expr } from './ast.js';
import { describeToken } from './tokens.js';
import type { TokenStream } from './token-stream.js';

/** Deeper nesting than this is refused at compile time rather than risking the host's stack. */
const MAX_NESTING = 100;

const TEST_ARG_START = new Set(['name', 'string', 'integer', 'float']);

export interface TupleOptions {
  readonly simplified?: boolean;
  readonly withCondexpr?: boolean;
  readonly extraEndRules?: readonly string[];
  readonly explicitParentheses?: boolean;
}

export const EMPTY_CALL: CallArgsNode = Object.freeze({ args: [], kwargs: [], dynArgs: null, dynKwargs: null });

export abstract class OperandParser {
  private depth = 0;
  constructor(readonly stream: TokenStream) {}

  abstract parseExpression(withCondexpr?: boolean): Expr;

  /** Runs a nested rule, refusing nesting deep enough to threaten the stack. */
  nested<T>(rule: () => T): T {
    if (++this.depth > MAX_NESTING) this.stream.fail(`expression nested deeper than ${MAX_NESTING} levels`);
    try {
      return rule();
    } finally {
      this.depth--;
    }
  }

  parsePrimary(): Expr {
    const t = this.stream.current;
    const offset = t.offset;
    switch (t.type) {
      case 'name': {
        this.stream.next();
        if (t.value === 'true' || t.value === 'True') return { kind: 'const', value: true, offset };
        if (t.value === 'false' || t.value === 'False') return { kind: 'const', value: false, offset };
        if (t.value === 'none' || t.value === 'None') return { kind: 'const', value: null, offset };
        return { kind: 'name', name: t.value, offset };
      }
      case 'string': {
        // Adjacent string literals concatenate, as in Python.
        let s = this.stream.next().value;
        while (this.stream.test('string')) s += this.stream.next().value;
        return { kind: 'const', value: s, offset };
      }
      case 'integer':
      case 'float':
        this.stream.next();
        return { kind: 'const', value: t.literal ?? null, offset };
      case 'op':
        if (t.value === '(') {
          this.stream.next();
          const node = this.nested(() => this.parseTuple({ explicitParentheses: true }));
          this.stream.expect('op', ')');
          return node;
        }
        if (t.value === '[') return this.nested(() => this.parseList());
        if (t.value === '{') return this.nested(() => this.parseDict());
        break;
      default:
        break;
    }
    if (t.type === 'eof') this.stream.fail(`unexpected ${t.value}`);
    return this.stream.fail(`unexpected '${describeToken(t)}'`);
  }

  parseTuple(options: TupleOptions = {}): Expr {
    const offset = this.stream.current.offset;
    const parse = options.simplified
      ? () => this.parsePrimary()
      : () => this.parseExpression(options.withCondexpr ?? true);
    const items: Expr[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length > 0) this.stream.expect('op', ',');
      if (this.isTupleEnd(options.extraEndRules)) break;
      items.push(parse());
      if (this.stream.test('op', ',')) isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (items.length > 0) return items[0] as Expr;
      if (!options.explicitParentheses) this.stream.fail(`Expected an expression, got '${describeToken(this.stream.current)}'`);
    }
    return { kind: 'tuple', items, offset };
  }

  private isTupleEnd(extra: readonly string[] | undefined): boolean {
    const t = this.stream.current;
    if (t.type === 'variable_end' || t.type === 'block_end' || (t.type === 'op' && t.value === ')')) return true;
    return extra !== undefined && t.type === 'name' && extra.includes(t.value);
  }

  private parseList(): Expr {
    const offset = this.stream.expect('op', '[').offset;
    const items: Expr[] = [];
    while (!this.stream.test('op', ']')) {
      if (items.length > 0) this.stream.expect('op', ',');
      if (this.stream.test('op', ']')) break;
      items.push(this.parseExpression());
    }
    this.stream.expect('op', ']');
    return { kind: 'list', items, offset };
  }

  private parseDict(): Expr {
    const offset = this.stream.expect('op', '{').offset;
    const pairs: { key: Expr; value: Expr }[] = [];
    while (!this.stream.test('op', '}')) {
      if (pairs.length > 0) this.stream.expect('op', ',');
      if (this.stream.test('op', '}')) break;
      const key = this.parseExpression();
      this.stream.expect('op', ':');
      pairs.push({ key, value: this.parseExpression() });
    }
    this.stream.expect('op', '}');
    return { kind: 'dict', pairs, offset };
  }

  parsePostfix(node: Expr): Expr {
    for (;;) {
      if (this.stream.testOp('.', '[')) node = this.parseSubscript(node);
      else if (this.stream.test('op', '(')) node = this.parseCall(node);
      else return node;
    }
  }

  protected parseFilterExpr(node: Expr): Expr {
    for (;;) {
      if (this.stream.test('op', '|')) node = this.parseFilter(node);
      else if (this.stream.test('name', 'is')) node = this.parseTest(node);
      else if (this.stream.test('op', '(')) node = this.parseCall(node);
      else return node;
    }
  }

  private parseSubscript(node: Expr): Expr {
    const t = this.stream.next();
    if (t.value === '.') {
      const attr = this.stream.next();
      if (attr.type === 'name') return { kind: 'getattr', obj: node, attr: attr.value, offset: attr.offset };
      if (attr.type !== 'integer') this.stream.fail('expected name or number', attr);
      return { kind: 'getitem', obj: node, index: { kind: 'const', value: attr.literal ?? null, offset: attr.offset }, offset: attr.offset };
    }
    const args: Expr[] = [];
    this.nested(() => {
      while (!this.stream.test('op', ']')) {
        if (args.length > 0) this.stream.expect('op', ',');
        args.push(this.parseSubscribed());
      }
    });
    this.stream.expect('op', ']');
    const index: Expr = args.length === 1 ? (args[0] as Expr) : { kind: 'tuple', items: args, offset: t.offset };
    return { kind: 'getitem', obj: node, index, offset: t.offset };
  }

  private parseSubscribed(): Expr {
    const offset = this.stream.current.offset;
    let start: Expr | null = null;
    if (!this.stream.test('op', ':')) {
      start = this.parseExpression();
      if (!this.stream.test('op', ':')) return start;
    }
    this.stream.next();
    const stop = this.stream.testOp(']', ',', ':') ? null : this.parseExpression();
    let step: Expr | null = null;
    if (this.stream.skipIf('op', ':') && !this.stream.testOp(']', ',')) step = this.parseExpression();
    return { kind: 'slice', start, stop, step, offset };
  }

  private parseCall(callee: Expr): Expr {
    const offset = this.stream.current.offset;
    return { kind: 'call', callee, args: this.nested(() => this.parseCallArgs()), offset };
  }

  parseCallArgs(): CallArgsNode {
    const open = this.stream.expect('op', '(');
    const args: Expr[] = [];
    const kwargs: { name: string; value: Expr }[] = [];
    let dynArgs: Expr | null = null;
    let dynKwargs: Expr | null = null;
    const ensure = (ok: boolean): void => {
      if (!ok) this.stream.fail('invalid syntax for function call expression', open);
    };
    let requireComma = false;
    while (!this.stream.test('op', ')')) {
      if (requireComma) {
        this.stream.expect('op', ',');
        if (this.stream.test('op', ')')) break;
      }
      if (this.stream.test('op', '*')) {
        ensure(dynArgs === null && dynKwargs === null);
        this.stream.next();
        dynArgs = this.parseExpression();
      } else if (this.stream.test('op', '**')) {
        ensure(dynKwargs === null);
        this.stream.next();
        dynKwargs = this.parseExpression();
      } else if (this.stream.test('name') && this.stream.look().type === 'op' && this.stream.look().value === '=') {
        ensure(dynKwargs === null);
        const name = this.stream.next().value;
        this.stream.next();
        kwargs.push({ name, value: this.parseExpression() });
      } else {
        ensure(dynArgs === null && dynKwargs === null && kwargs.length === 0);
        args.push(this.parseExpression());
      }
      requireComma = true;
    }
    this.stream.expect('op', ')');
    return { args, kwargs, dynArgs, dynKwargs };
  }

  private dottedName(): string {
    let name = this.stream.expect('name').value;
    while (this.stream.skipIf('op', '.')) name += '.' + this.stream.expect('name').value;
    return name;
  }

  /** A filter chain; with `node` null it is the head of `{% filter %}` / `{% set x | f %}`. */
  parseFilter(node: Expr, startInline?: boolean): Expr;
  parseFilter(node: Expr | null, startInline?: boolean): Expr | null;
  parseFilter(node: Expr | null, startInline = false): Expr | null {
    while (this.stream.test('op', '|') || startInline) {
      if (!startInline) this.stream.next();
      startInline = false;
      const offset = this.stream.current.offset;
      const name = this.dottedName();
      const args = this.stream.test('op', '(') ? this.nested(() => this.parseCallArgs()) : EMPTY_CALL;
      node = { kind: 'filter', node, name, args, offset };
    }
    return node;
  }

  private parseTest(node: Expr): Expr {
    const offset = this.stream.next().offset;
    const negated = this.stream.skipIf('name', 'not');
    const name = this.dottedName();
    let args: CallArgsNode = EMPTY_CALL;
    const t = this.stream.current;
    if (this.stream.test('op', '(')) {
      args = this.nested(() => this.parseCallArgs());
    } else if (
      (TEST_ARG_START.has(t.type) || (t.type === 'op' && (t.value === '[' || t.value === '{'))) &&
      !this.stream.testName('else', 'or', 'and')
    ) {
      if (this.stream.test('name', 'is')) this.stream.fail('You cannot chain multiple tests with is');
      const arg = this.nested(() => this.parsePostfix(this.parsePrimary()));
      args = { args: [arg], kwargs: [], dynArgs: null, dynKwargs: null };
    }
    const test: Expr = { kind: 'test', node, name, args, offset };
    return negated ? { kind: 'unary', op: 'not', operand: test, offset } : test;
  }
}
