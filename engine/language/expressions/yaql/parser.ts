/**
 * Pratt parser for YAQL. The precedence table below is yaql-subset.md §3.1 (= yaql's factory operator
 * table, as Mistral configures it); binding powers are derived from it, tightest level first.
 */
import { pyRepr } from '../../values/python-format.js';
import type { Argument, BinaryOperator, Node, UnaryOperator } from './ast.js';
import { YaqlSyntaxError } from './errors.js';
import { tokenize } from './lexer.js';
import type { Punctuation, Token } from './tokens.js';

type Fixity = 'infix-left' | 'infix-right' | 'prefix' | 'postfix';

interface PrecedenceLevel {
  readonly operators: readonly string[];
  readonly fixity: Fixity;
}

/** §3.1, tightest first. `[` is the indexer; `=>` and `,` are argument syntax, not operators. */
export const PRECEDENCE: readonly PrecedenceLevel[] = [
  { operators: ['.', '?.'], fixity: 'infix-left' },
  { operators: ['['], fixity: 'postfix' },
  { operators: ['+', '-'], fixity: 'prefix' },
  { operators: ['=~', '!~'], fixity: 'infix-left' },
  { operators: ['*', '/', 'mod'], fixity: 'infix-left' },
  { operators: ['+', '-'], fixity: 'infix-left' },
  { operators: ['>', '<', '>=', '<=', '!=', '=', 'in'], fixity: 'infix-left' },
  { operators: ['not'], fixity: 'prefix' },
  { operators: ['and'], fixity: 'infix-left' },
  { operators: ['or'], fixity: 'infix-left' },
  { operators: ['->'], fixity: 'infix-right' },
];

interface InfixRule {
  /** Binding power on the left: the operator is taken while it exceeds the caller's minimum. */
  readonly left: number;
  /** Minimum binding power for the right operand (one less for right-associative operators). */
  readonly right: number;
}

const INFIX = new Map<string, InfixRule>();
const PREFIX = new Map<string, number>();
PRECEDENCE.forEach((level, index) => {
  const power = PRECEDENCE.length - index;
  for (const op of level.operators) {
    if (level.fixity === 'prefix') PREFIX.set(op, power);
    else INFIX.set(op, { left: power, right: level.fixity === 'infix-right' ? power - 1 : power });
  }
});

/** Deeper nesting is rejected at parse time so evaluation cannot exhaust the JavaScript stack. */
const MAX_NESTING = 300;

/** Parses YAQL text into a syntax tree. Throws {@link YaqlSyntaxError} with the offending offset. */
export function parseYaql(source: string): Node {
  return new Parser(source, tokenize(source)).parse();
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: readonly Token[],
  ) {}

  parse(): Node {
    const node = this.expression(0);
    const rest = this.peek();
    if (rest.kind !== 'end') this.unexpected(rest);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.pos] as Token;
  }

  private next(): Token {
    const token = this.tokens[this.pos] as Token;
    if (token.kind !== 'end') this.pos++;
    return token;
  }

  private isPunctuation(token: Token, value: Punctuation): boolean {
    return token.kind === 'punctuation' && token.value === value;
  }

  private expect(value: Punctuation): void {
    const token = this.next();
    if (!this.isPunctuation(token, value)) this.unexpected(token);
  }

  private expression(minPower: number): Node {
    if (++this.depth > MAX_NESTING) {
      throw new YaqlSyntaxError('Parse error: expression is nested too deeply', this.peek().offset);
    }
    let left = this.prefix();
    for (;;) {
      const token = this.peek();
      const rule = this.infixRule(token);
      if (rule === undefined || rule.left <= minPower) break;
      this.next();
      left = this.infix(token, left, rule);
    }
    this.depth--;
    return left;
  }

  private infixRule(token: Token): InfixRule | undefined {
    if (token.kind === 'operator') return INFIX.get(token.value);
    if (this.isPunctuation(token, '[')) return INFIX.get('[');
    return undefined;
  }

  private prefix(): Node {
    const token = this.next();
    const offset = token.offset;
    switch (token.kind) {
      case 'number':
      case 'string':
      case 'constant':
        return { type: 'literal', value: token.value, offset };
      case 'keyword':
        return { type: 'keyword', name: token.value, offset };
      case 'variable': {
        const name = token.value === '' ? '1' : token.value;
        return { type: 'variable', name, position: /^[1-9][0-9]{0,5}$/.test(name) ? Number(name) : 0, offset };
      }
      case 'function':
        return { type: 'call', name: token.value, args: this.args(')'), offset };
      case 'operator': {
        const power = PREFIX.get(token.value);
        if (power === undefined) return this.unexpected(token);
        const operand = this.expression(power);
        return { type: 'unary', operator: token.value as UnaryOperator, operand, offset };
      }
      case 'punctuation':
        if (token.value === '(') {
          const inner = this.expression(0);
          this.expect(')');
          return inner;
        }
        if (token.value === '[') return { type: 'list', args: this.args(']'), offset };
        if (token.value === '{') return { type: 'map', args: this.args('}'), offset };
        return this.unexpected(token);
      case 'end':
        return this.unexpected(token);
    }
  }

  private infix(token: Token, left: Node, rule: InfixRule): Node {
    const offset = token.offset;
    if (token.kind === 'punctuation') return { type: 'index', object: left, args: this.args(']'), offset };
    const op = token.kind === 'operator' ? token.value : '';
    if (op === '.' || op === '?.') return this.member(left, op === '?.', offset, rule);
    const right = this.expression(rule.right);
    if (op === 'and' || op === 'or') return { type: 'logical', operator: op, left, right, offset };
    if (op === '->') return { type: 'chain', left, right, offset };
    return { type: 'binary', operator: op as BinaryOperator, left, right, offset };
  }

  private member(object: Node, nullSafe: boolean, offset: number, rule: InfixRule): Node {
    const token = this.peek();
    if (token.kind === 'keyword') {
      this.next();
      return { type: 'member', object, name: token.value, nullSafe, offset };
    }
    if (token.kind === 'function') {
      this.next();
      return { type: 'method', receiver: object, name: token.value, args: this.args(')'), nullSafe, offset };
    }
    this.expression(rule.right);
    return { type: 'invalid-member', object, nullSafe, offset };
  }

  /**
   * yaql's argument grammar: positional arguments (possibly omitted: `f(1,,3)`), then `key => value`
   * pairs. A trailing comma is an error.
   */
  private args(close: Punctuation): Argument[] {
    const args: Argument[] = [];
    if (this.isPunctuation(this.peek(), close)) {
      this.next();
      return args;
    }
    let named = false;
    for (;;) {
      const token = this.peek();
      if (this.isPunctuation(token, ',')) {
        // An omitted positional argument (`f(1,,3)`, `f(,2)`); the comma is its separator.
        if (named) this.unexpected(token);
        args.push({ kind: 'skipped', offset: token.offset });
        this.next();
      } else {
        const value = this.expression(0);
        if (this.isPunctuation(this.peek(), '=>')) {
          this.next();
          args.push({ kind: 'named', key: value, value: this.expression(0) });
          named = true;
        } else {
          if (named) this.unexpected(token);
          args.push({ kind: 'positional', value });
        }
        const separator = this.next();
        if (this.isPunctuation(separator, close)) return args;
        if (!this.isPunctuation(separator, ',')) this.unexpected(separator);
      }
      if (this.isPunctuation(this.peek(), close)) this.unexpected(this.peek());
    }
  }

  private unexpected(token: Token): never {
    if (token.kind === 'end') throw new YaqlSyntaxError('Parse error: unexpected end of statement', token.offset);
    throw new YaqlSyntaxError(
      `Parse error: unexpected '${describe(token)}' at position ${token.offset} of expression '${this.source}'`,
      token.offset,
    );
  }
}

/** The token value as yaql's error message prints it (Python `str()` of the PLY token value). */
function describe(token: Token): string {
  switch (token.kind) {
    case 'number':
      return pyRepr(token.value);
    case 'constant':
      return pyRepr(token.value);
    case 'variable':
      return `$${token.value}`;
    case 'end':
      return '';
    default:
      return token.value;
  }
}
