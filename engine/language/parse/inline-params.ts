/**
 * The inline parameter syntax of `action:`, `workflow:`, `base:`, transition commands and the retry
 * one-liner (language digest §3.1): `std.http url="http://x" timeout=10`.
 *
 * Mistral finds `key=value` pairs with a regex scan and silently drops whatever the scan skips
 * (`method=GET`, the `.5` of `output=1.5`). Convection reproduces exactly the values Mistral reads and
 * reports everything it would drop, so a workflow never means something else than it says.
 */
import { JsonSyntaxError, parseJson } from '../values/json.js';
import type { Value } from '../values/value.js';
import { hasExpression, isWholeExpression } from './expression-check.js';

export interface InlineIssue {
  /** Offset in the scanned text the issue refers to. */
  readonly offset: number;
  readonly message: string;
}

/** One `key=value` pair as read, with where its value's text starts (for expression checks). */
export interface InlineParam {
  readonly key: string;
  readonly value: Value;
  readonly keyOffset: number;
  readonly valueOffset: number;
}

export interface InlineScan {
  /** The command (action, workflow, engine command); '' in params-only mode. */
  readonly name: string;
  readonly nameIsExpression: boolean;
  readonly params: ReadonlyMap<string, Value>;
  readonly list: readonly InlineParam[];
  readonly issues: readonly InlineIssue[];
}

// Mistral's CMD_PTRN: a dotted name, or an expression yielding the name.
const COMMAND = /^(?:[\p{L}\p{N}_.]+[^=(\s"]*|<%.*?%>|\{\{.*?\}\}|\{%.*?%\})/u;
// Mistral's PARAMS_PTRN, alternatives in the same order (the first that matches wins).
// Mistral's PARAMS_PTRN, alternatives in the same order (the first that matches wins).
const PARAM = /([-_\p{L}\p{N}]+)=("[^"]*"\s*|'[^']*'\s*|<%.*?%>|\{\{.*?\}\}|\{%.*?%\}|\[.*\]\s*|true|false|null|[0-9]+)/uy;
const KEY_CHAR = /^[-_\p{L}\p{N}]$/u;
const NAME_BREAKERS = /[=("'\s]/;

/**
 * Scans an inline string. `command` mode reads a name first (`std.echo output=1`); `params` mode
 * reads only pairs (the retry one-liner).
 */
/** Longer inline strings are refused: large values belong under `input:`. */
export const MAX_INLINE_LENGTH = 65_536;

export function scanInline(text: string, mode: 'command' | 'params'): InlineScan {
  const issues: InlineIssue[] = [];
  if (text.length > MAX_INLINE_LENGTH) {
    issues.push({ offset: 0, message: `is ${text.length} characters long; inline strings are limited to ${MAX_INLINE_LENGTH}, pass large values under input:` });
    return { name: '', nameIsExpression: false, params: new Map(), list: [], issues };
  }
  if (text.trim() === '') {
    issues.push({ offset: 0, message: mode === 'command' ? 'is empty; it needs a name' : 'is empty' });
    return { name: '', nameIsExpression: false, params: new Map(), list: [], issues };
  }
  // Mistral only looks for parameters when the string contains a space.
  if (!text.includes(' ')) return scanSpaceless(text, mode, issues);

  let start = 0;
  let name = '';
  let nameIsExpression = false;
  let parens = false;
  if (mode === 'command') {
    const m = COMMAND.exec(text);
    if (!m) {
      issues.push({ offset: 0, message: `"${text}" does not start with a name (letters, digits, "_", "." or an expression)` });
      return { name: '', nameIsExpression: false, params: new Map(), list: [], issues };
    }
    name = m[0];
    nameIsExpression = !/^[\p{L}\p{N}_.]/u.test(name);
    start = name.length;
    parens = text[start] === '(';
  }
  const { list, params } = scanPairs(text, start, parens, issues);
  return { name, nameIsExpression, params, list, issues };
}

function scanSpaceless(text: string, mode: 'command' | 'params', issues: InlineIssue[]): InlineScan {
  const empty = new Map<string, Value>();
  if (mode === 'params') {
    issues.push({ offset: 0, message: `"${text}" has no space, so Mistral reads no parameters from it; write key=value pairs separated by spaces` });
    return { name: '', nameIsExpression: false, params: empty, list: [], issues };
  }
  if (isWholeExpression(text)) return { name: text, nameIsExpression: true, params: empty, list: [], issues };
  const brk = NAME_BREAKERS.exec(text);
  if (brk) {
    const call = /^([\p{L}\p{N}_.-]+)\((.*)\)$/u.exec(text);
    const head = /^[\p{L}\p{N}_.-]+/u.exec(text)?.[0] ?? '';
    const hint = call ? `; write it as: ${call[1]} ${call[2]}` : head ? `; write it as: ${head} key=value` : '';
    issues.push({ offset: brk.index, message: `"${text}" contains no space, so Mistral reads all of it as one name and drops the parameters${hint}` });
  }
  return { name: text, nameIsExpression: hasExpression(text), params: empty, list: [], issues };
}

interface Pairs {
  readonly list: InlineParam[];
  readonly params: Map<string, Value>;
}

function scanPairs(text: string, start: number, parens: boolean, issues: InlineIssue[]): Pairs {
  const list: InlineParam[] = [];
  const params = new Map<string, Value>();
  let prevEnd = start;
  let prev: { key: string; raw: string } | null = null;
  let first = true;
  for (let m = nextParam(text, start); m; m = nextParam(text, prevEnd)) {
    const key = m[1] ?? '';
    const raw = m[2] ?? '';
    checkGap(text, prevEnd, m.index, prev, parens ? (first ? 'open' : 'between') : 'none', issues);
    first = false;
    const value = readValue(key, raw, m.index, issues);
    const valueOffset = m.index + key.length + 1 + (raw.startsWith('"') || raw.startsWith("'") ? 1 : 0);
    if (params.has(key)) issues.push({ offset: m.index, message: `parameter "${key}" is given twice` });
    params.set(key, value);
    list.push({ key, value, keyOffset: m.index, valueOffset });
    prevEnd = m.index + m[0].length;
    prev = { key, raw };
  }
  checkGap(text, prevEnd, text.length, prev, parens ? (first ? 'whole' : 'close') : 'none', issues);
  return { list, params };
}

function charAt(text: string, p: number): string {
  return String.fromCodePoint(text.codePointAt(p) ?? 0);
}

/**
 * Python's `re.findall` step: the leftmost match at or after `from`. A start inside a run of key
 * characters can only succeed where the run's own start failed if it is `from` itself, so the rest
 * of a failed run is skipped: a long word costs linear, not quadratic, time.
 */
function nextParam(text: string, from: number): RegExpExecArray | null {
  let p = from;
  while (p < text.length) {
    let c = charAt(text, p);
    if (!KEY_CHAR.test(c)) {
      p += c.length;
      continue;
    }
    PARAM.lastIndex = p;
    const m = PARAM.exec(text);
    if (m) return m;
    while (p < text.length && KEY_CHAR.test((c = charAt(text, p)))) p += c.length;
  }
  return null;
}

function readValue(key: string, raw: string, at: number, issues: InlineIssue[]): Value {
  const v = raw.trim();
  if (v.startsWith('"') || v.startsWith("'")) return v.slice(1, -1);
  try {
    return parseJson(v);
  } catch (e) {
    // Mistral keeps unparseable values as text; for a bracketed value that is only intended when it
    // interpolates expressions, so anything else is a typo worth reporting.
    if (v.startsWith('[') && !hasExpression(v)) {
      const why = e instanceof JsonSyntaxError ? e.message : 'invalid JSON';
      issues.push({ offset: at, message: `${key}=${v} is not a valid JSON list (${why}); Mistral would pass it on as text` });
    }
    return v;
  }
}

type GapKind = 'none' | 'open' | 'between' | 'close' | 'whole';

/** Reports any text between two pairs that Mistral's scan would skip. */
function checkGap(text: string, from: number, to: number, prev: { key: string; raw: string } | null, kind: GapKind, issues: InlineIssue[]): void {
  if (from >= to) return;
  let gap = text.slice(from, to);
  let base = from;
  // `fail(msg="x")`: the parentheses and commas are syntax, not dropped text.
  if (kind === 'open' || kind === 'whole') {
    const lead = /^\s*\(/.exec(gap);
    if (lead) {
      base += lead[0].length;
      gap = gap.slice(lead[0].length);
    }
  }
  if (kind === 'close' || kind === 'whole') gap = gap.replace(/\)\s*$/, (t) => ' '.repeat(t.length));
  if (kind === 'between') gap = gap.replace(/^(\s*),/, (_t, ws: string) => `${ws} `);
  if (kind !== 'none') gap = gap.replace(/,(\s*)$/, (_t, ws: string) => ` ${ws}`);

  const tokens = /\S+/g;
  for (let t = tokens.exec(gap); t; t = tokens.exec(gap)) {
    const offset = base + t.index;
    // The quoted forms swallow trailing blanks, so only a value ending in a non-blank abuts.
    if (prev && offset === from && !/\s$/.test(prev.raw)) {
      const shown = prev.raw.trim();
      issues.push({ offset, message: `${prev.key}=${shown}${t[0]}: Mistral reads the value as ${shown} and silently drops "${t[0]}"; quote it or set it under input:` });
      continue;
    }
    issues.push({ offset, message: describeDropped(t[0]) });
  }
}

function describeDropped(token: string): string {
  const pair = /^([-_\p{L}\p{N}]+)=(.*)$/u.exec(token);
  if (!pair) return `"${token}" is not a key=value parameter; Mistral would silently drop it`;
  const [, key, value] = pair;
  if (value === '') return `${key}= has no value; Mistral would silently drop it`;
  if (value?.startsWith('"') || value?.startsWith("'")) return `${token}: the quote is not closed; Mistral would silently drop this parameter`;
  if (/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(value ?? '')) {
    return `${token}: only plain digits can be written inline, Mistral would silently drop this; set ${key} under input:`;
  }
  return `${token}: an unquoted value is silently dropped by Mistral; quote it: ${key}="${value}"`;
}
