/**
 * Splits a template into text and tag tokens with Mistral's environment settings: `trim_blocks` (the
 * newline after a block or comment tag is dropped), `lstrip_blocks` (indentation before a block or
 * comment tag on its own line is dropped), `-`/`+` whitespace control, `{% raw %}` and comments.
 * The rules mirror Jinja 3.1's lexer, including its `line_starting` subtlety.
 */
import { lexTokens } from './lexer.js';
import { normalizeNewlines, syntaxError, type Token } from './tokens.js';

const OPENER = /\{([{%#])([-+]?)/g;
const RAW_BEGIN = /\{%([-+]?)\s*raw\s*(?:-%\}\s*|%\})/y;
const RAW_END = /([\s\S]*?)(\{%([-+]?)\s*endraw\s*(?:\+%\}|-%\}\s*|%\}(?:\r\n|\n|\r)?))/y;
const COMMENT_END = /[\s\S]*?(?:\+#\}|-#\}\s*|#\}(?:\r\n|\n|\r)?)/y;
const VARIABLE_END = /-\}\}\s*|\}\}/y;
const BLOCK_END = /\+%\}|-%\}\s*|%\}(?:\r\n|\n|\r)?/y;
const ONLY_WHITESPACE = /^\s+$/;

function endsWithNewline(s: string): boolean {
  return s.endsWith('\n') || s.endsWith('\r');
}

function lastLineStart(text: string): number {
  return Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1;
}

/** Jinja's OptionalLStrip: what remains of the text before a tag. */
function stripBefore(text: string, sign: string, isVariable: boolean, lineStarting: boolean): string {
  if (sign === '-') return text.trimEnd();
  if (sign === '+' || isVariable) return text;
  const l = lastLineStart(text);
  if ((l > 0 || lineStarting) && ONLY_WHITESPACE.test(text.slice(l))) return text.slice(0, l);
  return text;
}

function match(re: RegExp, s: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(s);
}

/** Tokens of a whole template: data, tag delimiters and the expression tokens between them. */
export function lexTemplate(template: string): Token[] {
  // Jinja drops one trailing newline (keep_trailing_newline is off).
  const source = template.replace(/(?:\r\n|\n|\r)$/, '');
  const tokens: Token[] = [];
  const data = (text: string, offset: number): void => {
    if (text.length > 0) tokens.push({ type: 'data', value: normalizeNewlines(text), offset });
  };
  let pos = 0;
  let lineStarting = true;
  while (pos < source.length) {
    OPENER.lastIndex = pos;
    const open = OPENER.exec(source);
    if (!open) {
      data(source.slice(pos), pos);
      pos = source.length;
      break;
    }
    const at = open.index;
    const kind = open[1] as string;
    const raw = kind === '%' ? match(RAW_BEGIN, source, at) : null;
    const sign = raw ? (raw[1] as string) : (open[2] as string);
    data(stripBefore(source.slice(pos, at), sign, kind === '{', lineStarting), pos);
    if (raw) {
      pos = lexRaw(source, at, at + raw[0].length, endsWithNewline(raw[0]), tokens);
      lineStarting = endsWithNewline(source[pos - 1] ?? '');
      continue;
    }
    const bodyStart = at + 2 + sign.length;
    if (kind === '#') {
      const end = match(COMMENT_END, source, bodyStart);
      if (!end) throw syntaxError(template, 'Missing end of comment tag', at);
      pos = bodyStart + end[0].length;
      lineStarting = endsWithNewline(end[0]);
      continue;
    }
    const isVariable = kind === '{';
    tokens.push({ type: isVariable ? 'variable_begin' : 'block_begin', value: open[0], offset: at });
    const lexed = lexTokens(template, bodyStart, isVariable ? 'variable' : 'block');
    tokens.push(...lexed.tokens);
    const end = match(isVariable ? VARIABLE_END : BLOCK_END, source, lexed.pos);
    if (!end) {
      pos = source.length;
      break;
    }
    tokens.push({ type: isVariable ? 'variable_end' : 'block_end', value: end[0], offset: lexed.pos });
    pos = lexed.pos + end[0].length;
    lineStarting = endsWithNewline(end[0]);
  }
  tokens.push({ type: 'eof', value: 'end of template', offset: source.length });
  return tokens;
}

function lexRaw(source: string, at: number, from: number, lineStarting: boolean, tokens: Token[]): number {
  const m = match(RAW_END, source, from);
  if (!m) throw syntaxError(source, 'Missing end of raw directive', at);
  const text = stripBefore(m[1] as string, m[3] as string, false, lineStarting);
  if (text.length > 0) tokens.push({ type: 'data', value: normalizeNewlines(text), offset: from });
  return from + m[0].length;
}
