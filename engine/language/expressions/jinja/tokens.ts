/**
 * Tokens shared by the expression lexer, the template lexer and the parser.
 */
import { ExpressionError } from '../errors.js';
import type { Value } from '../../values/value.js';

export type TokenType =
  | 'name'
  | 'string'
  | 'integer'
  | 'float'
  | 'op'
  | 'data'
  | 'variable_begin'
  | 'variable_end'
  | 'block_begin'
  | 'block_end'
  | 'eof';

export interface Token {
  readonly type: TokenType;
  /** Name, operator symbol, decoded string or template text. */
  readonly value: string;
  /** The number of an integer or float literal. */
  readonly literal?: Value;
  /** Where the token starts in the compiled source. */
  readonly offset: number;
}

/** How an error message names a token, after Jinja's describe_token. */
export function describeToken(t: Token): string {
  switch (t.type) {
    case 'name':
    case 'op':
      return t.value;
    case 'variable_begin':
      return 'begin of print statement';
    case 'variable_end':
      return 'end of print statement';
    case 'block_begin':
      return 'begin of statement block';
    case 'block_end':
      return 'end of statement block';
    case 'data':
      return 'template data';
    case 'eof':
      return t.value;
    default:
      return t.type;
  }
}

export function syntaxError(source: string, reason: string, offset: number): ExpressionError {
  return new ExpressionError('syntax', 'jinja', source, reason, offset);
}

/** Jinja turns every line break in template text and string literals into `\n`. */
export function normalizeNewlines(s: string): string {
  return s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s;
}
