/**
 * Expression tokens (what sits inside `{{ }}` and `{% %}`), following Jinja's lexer rules in its
 * order: whitespace, float, integer, name, string, operator. Brackets are balanced here, as in Jinja,
 * so that `}}` closing a dict literal inside `{{ }}` is not taken for the end of the tag.
 */
import { SINGLE_CHAR_ESCAPES } from '../../values/python/string-escapes.js';
import { makeFloat } from '../../values/value.js';
import { normalizeNewlines, syntaxError, type Token } from './tokens.js';

const WHITESPACE = /\s+/y;
const FLOAT = /(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?[eE][+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/y;
const INTEGER = /0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0[xX](?:_?[\da-fA-F])+|[1-9](?:_?\d)*|0(?:_?0)*/y;
const NAME = /[\p{ID_Start}_][\p{ID_Continue}]*/uy;
const STRING = /'([^'\\]*(?:\\.[^'\\]*)*)'|"([^"\\]*(?:\\.[^"\\]*)*)"/sy;
const OPERATORS = ['//', '**', '==', '!=', '>=', '<=', '+', '-', '/', '*', '%', '~', '[', ']', '(', ')', '{', '}', '>', '<', '=', '.', ':', '|', ',', ';'];
const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Which tag the tokens are inside, deciding what ends them; `expression` is a bare compiled expression. */
export type LexMode = 'expression' | 'variable' | 'block';

const END: Record<LexMode, RegExp> = {
  expression: /-?\}\}/y,
  variable: /-?\}\}/y,
  block: /[-+]?%\}/y,
};

export interface LexResult {
  readonly tokens: Token[];
  /** Where lexing stopped: at the end delimiter, or at the end of the source. */
  readonly pos: number;
}

function matchAt(re: RegExp, s: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(s);
}

/** Lexes expression tokens of `source` from `pos` until an end delimiter at bracket depth 0. */
export function lexTokens(source: string, pos: number, mode: LexMode): LexResult {
  const tokens: Token[] = [];
  const stack: string[] = [];
  const n = source.length;
  while (pos < n) {
    if (stack.length === 0 && matchAt(END[mode], source, pos)) return { tokens, pos };
    let m = matchAt(WHITESPACE, source, pos);
    if (m) {
      pos += m[0].length;
      continue;
    }
    // Jinja's float rule refuses a leading '.', so `x.0.1` is two item accesses, not a float.
    m = source[pos - 1] === '.' ? null : matchAt(FLOAT, source, pos);
    if (m) {
      tokens.push({ type: 'float', value: m[0], literal: makeFloat(Number(m[0].replaceAll('_', ''))), offset: pos });
      pos += m[0].length;
      continue;
    }
    m = matchAt(INTEGER, source, pos);
    if (m) {
      tokens.push({ type: 'integer', value: m[0], literal: parseInteger(source, m[0], pos), offset: pos });
      pos += m[0].length;
      continue;
    }
    m = matchAt(NAME, source, pos);
    if (m) {
      tokens.push({ type: 'name', value: m[0], offset: pos });
      pos += m[0].length;
      continue;
    }
    m = matchAt(STRING, source, pos);
    if (m) {
      const body = m[1] ?? m[2] ?? '';
      tokens.push({ type: 'string', value: decodeString(source, normalizeNewlines(body), pos), offset: pos });
      pos += m[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, pos));
    if (op === undefined) {
      const ch = String.fromCodePoint(source.codePointAt(pos) ?? 0);
      const what = ch === "'" || ch === '"' ? 'unterminated string' : `unexpected char ${JSON.stringify(ch)}`;
      throw syntaxError(source, `${what} at ${pos}`, pos);
    }
    balance(source, stack, op, pos);
    tokens.push({ type: 'op', value: op, offset: pos });
    pos += op.length;
  }
  return { tokens, pos };
}

function balance(source: string, stack: string[], op: string, pos: number): void {
  const closer = CLOSERS[op];
  if (closer !== undefined) {
    stack.push(closer);
    return;
  }
  if (op !== ')' && op !== ']' && op !== '}') return;
  const expected = stack.pop();
  if (expected === undefined) throw syntaxError(source, `unexpected '${op}'`, pos);
  if (expected !== op) throw syntaxError(source, `unexpected '${op}', expected '${expected}'`, pos);
}

function parseInteger(source: string, text: string, pos: number): number {
  const clean = text.replaceAll('_', '').toLowerCase();
  // Number() reads the 0b/0o/0x prefixes Jinja allows.
  const n = Number(clean);
  if (!Number.isSafeInteger(n)) throw syntaxError(source, `integer literal ${text} is too large (limit 2**53)`, pos);
  return n;
}

/** Python's `unicode-escape` decoding, which Jinja applies to string literals. */
function decodeString(source: string, body: string, pos: number): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = body[i + 1] ?? '';
    const simple = SINGLE_CHAR_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      i++;
    } else if (e >= '0' && e <= '7') {
      const digits = /^[0-7]{1,3}/.exec(body.slice(i + 1))?.[0] ?? e;
      out += String.fromCodePoint(parseInt(digits, 8));
      i += digits.length;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) {
        throw syntaxError(source, `truncated \\${e}${'X'.repeat(len)} escape in string literal`, pos);
      }
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) throw syntaxError(source, 'illegal Unicode character in string literal', pos);
      out += String.fromCodePoint(code);
      i += 1 + len;
    } else if (e === 'N') {
      throw syntaxError(source, '\\N{...} escapes are not supported in string literals', pos);
    } else {
      out += ch;
    }
  }
  return out;
}
