/**
 * A cursor over tokens with Jinja's `expect`/`skip_if` helpers and its error wording.
 */
import { describeToken, syntaxError, type Token, type TokenType } from './tokens.js';
import type { ExpressionError } from '../errors.js';

const DESCRIPTIONS: Partial<Record<TokenType, string>> = {
  variable_end: 'end of print statement',
  block_end: 'end of statement block',
  name: 'name',
  eof: 'end of template',
};

export class TokenStream {
  private i = 0;
  constructor(
    readonly source: string,
    private readonly tokens: readonly Token[],
  ) {}

  get current(): Token {
    return this.tokens[this.i] ?? (this.tokens[this.tokens.length - 1] as Token);
  }

  /** The token after the current one. */
  look(): Token {
    return this.tokens[this.i + 1] ?? (this.tokens[this.tokens.length - 1] as Token);
  }

  next(): Token {
    const t = this.current;
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }

  test(type: TokenType, value?: string): boolean {
    const t = this.current;
    return t.type === type && (value === undefined || t.value === value);
  }

  testName(...names: string[]): boolean {
    return this.current.type === 'name' && names.includes(this.current.value);
  }

  testOp(...ops: string[]): boolean {
    return this.current.type === 'op' && ops.includes(this.current.value);
  }

  skipIf(type: TokenType, value?: string): boolean {
    if (!this.test(type, value)) return false;
    this.next();
    return true;
  }

  expect(type: TokenType, value?: string): Token {
    if (this.test(type, value)) return this.next();
    const wanted = value ?? DESCRIPTIONS[type] ?? type;
    if (this.current.type === 'eof') this.fail(`unexpected ${this.current.value}, expected '${wanted}'.`);
    this.fail(`expected token '${wanted}', got '${describeToken(this.current)}'`);
  }

  fail(reason: string, at: Token = this.current): never {
    throw this.error(reason, at);
  }

  error(reason: string, at: Token = this.current): ExpressionError {
    return syntaxError(this.source, reason, at.offset);
  }

  get eof(): boolean {
    return this.current.type === 'eof';
  }
}
