/**
 * Token kinds of YAQL's lexical grammar (yaql-subset.md §2). Mistral builds its engine with `=>` as the
 * keyword-argument operator and delegates off, so `(` only ever follows a function name or opens a group.
 */
import type { PyFloat } from '../../values/value.js';

/** Operator symbols and words, exactly the set Mistral's operator table produces. */
export type OperatorText =
  | '.'
  | '?.'
  | '+'
  | '-'
  | '*'
  | '/'
  | 'mod'
  | '='
  | '!='
  | '<'
  | '>'
  | '<='
  | '>='
  | '=~'
  | '!~'
  | 'in'
  | 'not'
  | 'and'
  | 'or'
  | '->';

export type Punctuation = '(' | ')' | '[' | ']' | '{' | '}' | ',' | '=>';

interface TokenBase {
  /** Offset of the first character in the expression text. */
  readonly offset: number;
}

export interface NumberToken extends TokenBase {
  readonly kind: 'number';
  readonly value: number | PyFloat;
}
export interface StringToken extends TokenBase {
  readonly kind: 'string';
  /** The decoded text (escapes applied). */
  readonly value: string;
}
/** A bare identifier: a keyword string such as `ERROR`, or a member name after `.`. */
export interface KeywordToken extends TokenBase {
  readonly kind: 'keyword';
  readonly value: string;
}
/** An identifier immediately followed by `(`; the `(` is part of the token. */
export interface FunctionToken extends TokenBase {
  readonly kind: 'function';
  readonly value: string;
}
/** `$`, `$name` or `$1`; value is the text after `$`. */
export interface VariableToken extends TokenBase {
  readonly kind: 'variable';
  readonly value: string;
}
export interface ConstantToken extends TokenBase {
  readonly kind: 'constant';
  readonly value: true | false | null;
}
export interface OperatorToken extends TokenBase {
  readonly kind: 'operator';
  readonly value: OperatorText;
}
export interface PunctuationToken extends TokenBase {
  readonly kind: 'punctuation';
  readonly value: Punctuation;
}
export interface EndToken extends TokenBase {
  readonly kind: 'end';
}

export type Token =
  | NumberToken
  | StringToken
  | KeywordToken
  | FunctionToken
  | VariableToken
  | ConstantToken
  | OperatorToken
  | PunctuationToken
  | EndToken;

export type OperatorWord = 'mod' | 'in' | 'not' | 'and' | 'or';

const OPERATOR_WORDS: ReadonlySet<string> = new Set<OperatorWord>(['mod', 'in', 'not', 'and', 'or']);

/** Word operators; an identifier spelled like one is never a keyword string. */
export function isOperatorWord(name: string): name is OperatorWord {
  return OPERATOR_WORDS.has(name);
}

/** Symbols, longest first so that the scanner takes the longest match (`>=` before `>`). */
export const SYMBOLS: readonly (OperatorText | Punctuation)[] = [
  '?.',
  '->',
  '=~',
  '!~',
  '!=',
  '>=',
  '<=',
  '=>',
  '.',
  '+',
  '-',
  '*',
  '/',
  '=',
  '<',
  '>',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
];

const PUNCTUATION: ReadonlySet<string> = new Set(['(', ')', '[', ']', '{', '}', ',', '=>']);

export function isPunctuation(text: string): text is Punctuation {
  return PUNCTUATION.has(text);
}
