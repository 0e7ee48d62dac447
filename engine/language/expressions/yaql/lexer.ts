/**
 * YAQL lexer. Mirrors yaql's PLY rules in the order PLY tries them: `$var`, numbers, `name(`, keyword
 * strings and operator words, quoted strings, then operator symbols (longest first). Python's `\w` is
 * Unicode-aware, hence the `\p{…}` classes.
 */
import { SINGLE_CHAR_ESCAPES } from '../../values/python/string-escapes.js';
import { PyFloat } from '../../values/value.js';
import { YaqlSyntaxError } from './errors.js';
import { SYMBOLS, isOperatorWord, isPunctuation, type Token } from './tokens.js';

const WORD_CHAR = /[\p{L}\p{N}_]/u;
const IDENT_START = /[\p{L}\p{Nl}\p{No}_]/u;
const VARIABLE = /\$[\p{L}\p{N}_]*/uy;
const IDENTIFIER = /[\p{L}\p{Nl}\p{No}_][\p{L}\p{N}_]*/uy;
const NUMBER_WITH_FRACTION = /[0-9]+\.[0-9]+/y;
const INTEGER = /[0-9]+/y;
// `\\.` deliberately excludes a newline, as Python's `.` does: a backslash before a newline ends the match.
const QUOTED: Readonly<Record<string, RegExp>> = {
  "'": /'(?:[^'\\]|\\.)*'/y,
  '"': /"(?:[^"\\]|\\.)*"/y,
  '`': /`(?:[^`\\]|\\.)*`/y,
};
const ESCAPE = /\\(?:U[\s\S]{8}|u[\s\S]{4}|x[\s\S]{2}|[0-7]{1,3}|N\{[^}]+\}|[\\'"abfnrtv])/g;

/** Splits YAQL text into tokens, ending with an `end` token. Throws {@link YaqlSyntaxError}. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < source.length) {
    const ch = source[pos] as string;
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      pos++;
      continue;
    }
    const token = scan(source, pos);
    tokens.push(token.token);
    pos = token.end;
  }
  tokens.push({ kind: 'end', offset: source.length });
  return tokens;
}

interface Scanned {
  readonly token: Token;
  readonly end: number;
}

function scan(source: string, pos: number): Scanned {
  const ch = source[pos] as string;
  if (ch === '$') {
    const text = match(VARIABLE, source, pos) as string;
    return { token: { kind: 'variable', value: text.slice(1), offset: pos }, end: pos + text.length };
  }
  if (ch >= '0' && ch <= '9') return scanNumber(source, pos);
  const code = source.codePointAt(pos) ?? 0;
  if (IDENT_START.test(String.fromCodePoint(code))) return scanIdentifier(source, pos);
  const quote = QUOTED[ch];
  if (quote) return scanString(source, pos, ch, quote);
  for (const symbol of SYMBOLS) {
    if (source.startsWith(symbol, pos)) {
      const token: Token = isPunctuation(symbol)
        ? { kind: 'punctuation', value: symbol, offset: pos }
        : { kind: 'operator', value: symbol, offset: pos };
      return { token, end: pos + symbol.length };
    }
  }
  return illegal(source, pos);
}

function match(re: RegExp, source: string, pos: number): string | undefined {
  re.lastIndex = pos;
  return re.exec(source)?.[0];
}

function illegal(source: string, pos: number): never {
  const ch = String.fromCodePoint(source.codePointAt(pos) ?? 0);
  throw new YaqlSyntaxError(`Lexical error: illegal character '${ch}' at position ${pos}`, pos);
}

function endsWord(source: string, end: number): boolean {
  return end >= source.length || !WORD_CHAR.test(String.fromCodePoint(source.codePointAt(end) ?? 0));
}

function scanNumber(source: string, pos: number): Scanned {
  // yaql's rule is `\b\d+(\.?\d+)?\b`: a number must not run into a letter (`3mod` is illegal).
  const fraction = match(NUMBER_WITH_FRACTION, source, pos);
  if (fraction !== undefined && endsWord(source, pos + fraction.length)) {
    const n = Number(fraction);
    return { token: { kind: 'number', value: Number.isInteger(n) ? new PyFloat(n) : n, offset: pos }, end: pos + fraction.length };
  }
  const integer = match(INTEGER, source, pos) as string;
  if (!endsWord(source, pos + integer.length)) illegal(source, pos);
  return { token: { kind: 'number', value: Number(integer), offset: pos }, end: pos + integer.length };
}

function scanIdentifier(source: string, pos: number): Scanned {
  const name = match(IDENTIFIER, source, pos) as string;
  const end = pos + name.length;
  // `name(` is a call whatever the name is, so `not(x)` calls an (unknown) function named "not".
  if (source[end] === '(') return { token: { kind: 'function', value: name, offset: pos }, end: end + 1 };
  // Names starting with `__` are not keyword strings; nothing else matches `_`, so it is illegal.
  if (name.startsWith('__')) illegal(source, pos);
  if (isOperatorWord(name)) return { token: { kind: 'operator', value: name, offset: pos }, end };
  if (name === 'true' || name === 'false' || name === 'null') {
    const value = name === 'true' ? true : name === 'false' ? false : null;
    return { token: { kind: 'constant', value, offset: pos }, end };
  }
  return { token: { kind: 'keyword', value: name, offset: pos }, end };
}

function scanString(source: string, pos: number, quote: string, re: RegExp): Scanned {
  const text = match(re, source, pos);
  if (text === undefined) illegal(source, pos);
  const body = text.slice(1, -1);
  const value = quote === '`' ? body.replaceAll('\\`', '`') : decodeEscapes(body, pos + 1);
  return { token: { kind: 'string', value, offset: pos }, end: pos + text.length };
}

/** Python's `unicode-escape` applied to each recognised escape; unknown escapes keep their backslash. */
function decodeEscapes(body: string, bodyOffset: number): string {
  if (!body.includes('\\')) return body;
  return body.replace(ESCAPE, (esc, at: number) => {
    const kind = esc[1] as string;
    if (kind === 'U' || kind === 'u' || kind === 'x') {
      const hex = esc.slice(2);
      const code = /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : NaN;
      if (Number.isNaN(code) || code > 0x10ffff) {
        throw new YaqlSyntaxError(`invalid \\${kind} escape at position ${bodyOffset + at}`, bodyOffset + at);
      }
      return String.fromCodePoint(code);
    }
    if (kind >= '0' && kind <= '7') return String.fromCharCode(parseInt(esc.slice(1), 8));
    // Unicode names need Python's character database; keep the text rather than guess.
    if (kind === 'N') return esc;
    return SINGLE_CHAR_ESCAPES[kind] ?? esc;
  });
}
