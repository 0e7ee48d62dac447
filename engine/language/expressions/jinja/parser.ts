/**
 * Jinja's expression grammar (jinja2/parser.py), rule for rule, so precedence quirks match: filters
 * bind tighter than arithmetic (`'42' | int + 1`), `-x | abs` filters the negation, `**` is
 * left-associative, comparisons chain, and `a if c` without `else` is allowed.
 */
import type { BinaryOp, CompareOp, Expr } from './ast.js';
import { OperandParser } from './operand-parser.js';

const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);

export class ExpressionParser extends OperandParser {
  parseExpression(withCondexpr = true): Expr {
    return withCondexpr ? this.parseCondexpr() : this.parseOr();
  }

  private parseCondexpr(): Expr {
    const offset = this.stream.current.offset;
    let expr = this.parseOr();
    while (this.stream.skipIf('name', 'if')) {
      const test = this.parseOr();
      const otherwise = this.stream.skipIf('name', 'else') ? this.nested(() => this.parseCondexpr()) : null;
      expr = { kind: 'cond', test, then: expr, otherwise, offset };
    }
    return expr;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.stream.test('name', 'or')) {
      const offset = this.stream.next().offset;
      left = { kind: 'logical', op: 'or', left, right: this.parseAnd(), offset };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.stream.test('name', 'and')) {
      const offset = this.stream.next().offset;
      left = { kind: 'logical', op: 'and', left, right: this.parseNot(), offset };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.stream.test('name', 'not')) {
      const offset = this.stream.next().offset;
      return { kind: 'unary', op: 'not', operand: this.nested(() => this.parseNot()), offset };
    }
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    const offset = this.stream.current.offset;
    const first = this.parseMath1();
    const ops: { op: CompareOp; expr: Expr }[] = [];
    for (;;) {
      const t = this.stream.current;
      if (t.type === 'op' && COMPARE_OPS.has(t.value)) {
        this.stream.next();
        ops.push({ op: t.value as CompareOp, expr: this.parseMath1() });
      } else if (this.stream.skipIf('name', 'in')) {
        ops.push({ op: 'in', expr: this.parseMath1() });
      } else if (this.stream.test('name', 'not') && this.stream.look().type === 'name' && this.stream.look().value === 'in') {
        this.stream.next();
        this.stream.next();
        ops.push({ op: 'notin', expr: this.parseMath1() });
      } else {
        break;
      }
    }
    return ops.length === 0 ? first : { kind: 'compare', first, ops, offset };
  }

  private binaryChain(ops: readonly string[], operand: () => Expr): Expr {
    let left = operand();
    while (this.stream.testOp(...ops)) {
      const t = this.stream.next();
      left = { kind: 'binary', op: t.value as BinaryOp, left, right: operand(), offset: t.offset };
    }
    return left;
  }

  private parseMath1(): Expr {
    return this.binaryChain(['+', '-'], () => this.parseConcat());
  }

  private parseConcat(): Expr {
    const offset = this.stream.current.offset;
    const parts = [this.parseMath2()];
    while (this.stream.skipIf('op', '~')) parts.push(this.parseMath2());
    return parts.length === 1 ? (parts[0] as Expr) : { kind: 'concat', parts, offset };
  }

  private parseMath2(): Expr {
    return this.binaryChain(['*', '/', '//', '%'], () => this.parsePow());
  }

  private parsePow(): Expr {
    return this.binaryChain(['**'], () => this.parseUnary());
  }

  private parseUnary(withFilter = true): Expr {
    const t = this.stream.current;
    let node: Expr;
    if (t.type === 'op' && (t.value === '-' || t.value === '+')) {
      this.stream.next();
      node = { kind: 'unary', op: t.value, operand: this.nested(() => this.parseUnary(false)), offset: t.offset };
    } else {
      node = this.parsePrimary();
    }
    node = this.parsePostfix(node);
    return withFilter ? this.parseFilterExpr(node) : node;
  }
}
