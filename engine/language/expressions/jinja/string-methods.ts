/**
 * Python `str` methods (`.upper()`, `.split()`, `.startswith()`, `.format()`, …) as Jinja exposes
 * them. Indices count code points, whitespace is Python's Unicode whitespace.
 */
import { isList, type Value } from '../../values/value.js';
import { bind } from './args.js';
import { makeTuple, pyTypeName } from './py-kinds.js';
import { PyError, type JArgs, type JValue, type Runtime } from './runtime.js';
import { asIndex, chars, iterate, sliceIndices, strLen } from './sequences.js';
import { strFormat } from './str-format.js';

type StrMethod = (s: string, args: JArgs, rt: Runtime) => JValue;

const WS = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const WS_RUN = new RegExp(`[${WS}]+`, 'g');
const WS_CHAR = new RegExp(`^[${WS}]$`);
const WS_FIRST_RUN = new RegExp(`[${WS}]+`);
const WS_LEADING = new RegExp(`^[${WS}]+`);
const WS_TRAILING = new RegExp(`[${WS}]+$`);
const WS_LAST_RUN = new RegExp(`[${WS}]+(?=[^${WS}]*$)`);
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/g;

export function isPyWhitespace(ch: string): boolean {
  return WS_CHAR.test(ch);
}

function isCased(ch: string): boolean {
  return ch.toLowerCase() !== ch.toUpperCase();
}

function isUpperChar(ch: string): boolean {
  return isCased(ch) && ch === ch.toUpperCase();
}

/** Python str.title(): a cased letter is upper-cased after an uncased character. */
export function pyTitle(s: string): string {
  let out = '';
  let prevCased = false;
  for (const ch of s) {
    const cased = isCased(ch);
    out += cased ? (prevCased ? ch.toLowerCase() : ch.toUpperCase()) : ch;
    prevCased = cased;
  }
  return out;
}

export function pyCapitalize(s: string): string {
  const cs = chars(s);
  return cs.length === 0 ? '' : (cs[0] as string).toUpperCase() + cs.slice(1).join('').toLowerCase();
}

export function pyStrip(s: string, stripChars: Value, left: boolean, right: boolean): string {
  const set = stripChars === null ? null : new Set(chars(asStr(stripChars, 'strip arg')));
  const strip = (ch: string): boolean => (set === null ? isPyWhitespace(ch) : set.has(ch));
  const cs = chars(s);
  let a = 0;
  let b = cs.length;
  if (left) while (a < b && strip(cs[a] as string)) a++;
  if (right) while (b > a && strip(cs[b - 1] as string)) b--;
  return cs.slice(a, b).join('');
}

/** Python `str.center()`, including its odd-width rounding. */
export function pyCenter(s: string, width: number, fill: string): string {
  const len = strLen(s);
  const marg = width - len;
  if (marg <= 0) return s;
  const left = Math.floor(marg / 2) + (marg & width & 1);
  return fill.repeat(left) + s + fill.repeat(marg - left);
}

export function pySplit(s: string, sep: Value, maxsplit: number): string[] {
  if (sep === null) {
    const out: string[] = [];
    let rest = s.replace(WS_LEADING, '');
    while (rest.length > 0 && (maxsplit < 0 || out.length < maxsplit)) {
      const m = WS_FIRST_RUN.exec(rest);
      if (!m) break;
      out.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    if (rest.length > 0) out.push(maxsplit >= 0 && out.length === maxsplit ? rest : rest.replace(WS_RUN, ''));
    return out;
  }
  const separator = asStr(sep, 'separator');
  if (separator === '') throw new PyError('empty separator');
  const parts = s.split(separator);
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
  return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(separator)];
}

function pyRsplit(s: string, sep: Value, maxsplit: number): string[] {
  if (maxsplit < 0) return pySplit(s, sep, -1);
  if (sep === null) {
    const out: string[] = [];
    let rest = s.replace(WS_TRAILING, '');
    while (rest.length > 0 && out.length < maxsplit) {
      const m = WS_LAST_RUN.exec(rest);
      if (!m) break;
      out.unshift(rest.slice(m.index + m[0].length));
      rest = rest.slice(0, m.index);
    }
    if (rest.length > 0) out.unshift(rest);
    return out;
  }
  const separator = asStr(sep, 'separator');
  if (separator === '') throw new PyError('empty separator');
  const parts = s.split(separator);
  if (parts.length <= maxsplit + 1) return parts;
  const keep = parts.length - maxsplit;
  return [parts.slice(0, keep).join(separator), ...parts.slice(keep)];
}

export function pySplitlines(s: string, keepends: boolean): string[] {
  const out: string[] = [];
  let start = 0;
  for (const m of s.matchAll(LINE_BREAK)) {
    out.push(s.slice(start, keepends ? m.index + m[0].length : m.index));
    start = m.index + m[0].length;
  }
  if (start < s.length) out.push(s.slice(start));
  return out;
}

function asStr(v: Value, what: string): string {
  if (typeof v !== 'string') throw new PyError(`${what} must be str, not ${pyTypeName(v)}`);
  return v;
}

/** The code-point window `s[start:end]` and its offset, for find/count/startswith. */
function window(s: string, start: Value, end: Value): { text: string; offset: number } {
  const cs = chars(s);
  const idx = sliceIndices(cs.length, start, end, 1);
  const from = start === null ? 0 : asIndex(start);
  const offset = idx[0] ?? Math.min(cs.length, Math.max(0, from < 0 ? cs.length + from : from));
  return { text: idx.map((i) => cs[i]).join(''), offset };
}

function find(s: string, args: JArgs, fn: string, reverse: boolean): number {
  const [sub, start, end] = bind(fn, ['sub', ['start', null], ['end', null]], args);
  const w = window(s, start, end);
  const needle = asStr(sub, 'substring');
  const at = reverse ? w.text.lastIndexOf(needle) : w.text.indexOf(needle);
  return at < 0 ? -1 : w.offset + strLen(w.text.slice(0, at));
}

function affix(s: string, args: JArgs, fn: string, test: (text: string, p: string) => boolean): boolean {
  const [prefix, start, end] = bind(fn, ['prefix', ['start', null], ['end', null]], args);
  const w = window(s, start, end);
  const options = isList(prefix) ? prefix : [prefix];
  return options.some((p) => {
    if (typeof p !== 'string') throw new PyError(`${fn} first arg must be str or a tuple of str, not ${pyTypeName(p as Value)}`);
    return test(w.text, p);
  });
}

function justify(fn: string, place: (s: string, pad: string) => string): StrMethod {
  return (s, args, rt) => {
    const [width, fill] = bind(fn, ['width', ['fillchar', ' ']], args);
    const f = asStr(fill, 'fillchar');
    if (strLen(f) !== 1) throw new PyError('The fill character must be exactly one character long');
    const n = asIndex(width) - strLen(s);
    if (n <= 0) return s;
    rt.budget.checkSize(n + s.length);
    return place(s, f.repeat(n));
  };
}

function predicate(name: string, fn: (s: string) => boolean): StrMethod {
  return (s, args) => {
    bind(`str.${name}`, [], args);
    return fn(s);
  };
}

function simple(name: string, fn: (s: string) => string): StrMethod {
  return (s, args) => {
    bind(`str.${name}`, [], args);
    return fn(s);
  };
}

const all = (re: RegExp) => (s: string): boolean => s.length > 0 && chars(s).every((c) => re.test(c));

export const STR_METHODS: ReadonlyMap<string, StrMethod> = new Map<string, StrMethod>([
  ['upper', simple('upper', (s) => s.toUpperCase())],
  ['lower', simple('lower', (s) => s.toLowerCase())],
  ['casefold', simple('casefold', (s) => s.toLowerCase().replaceAll('ß', 'ss'))],
  ['swapcase', simple('swapcase', (s) => chars(s).map((c) => (isUpperChar(c) ? c.toLowerCase() : c.toUpperCase())).join(''))],
  ['title', simple('title', pyTitle)],
  ['capitalize', simple('capitalize', pyCapitalize)],
  ['strip', (s, a) => pyStrip(s, bind('strip', [['chars', null]], a)[0], true, true)],
  ['lstrip', (s, a) => pyStrip(s, bind('lstrip', [['chars', null]], a)[0], true, false)],
  ['rstrip', (s, a) => pyStrip(s, bind('rstrip', [['chars', null]], a)[0], false, true)],
  ['split', (s, a) => { const [sep, max] = bind('split', [['sep', null], ['maxsplit', -1]], a); return pySplit(s, sep, asIndex(max)); }],
  ['rsplit', (s, a) => { const [sep, max] = bind('rsplit', [['sep', null], ['maxsplit', -1]], a); return pyRsplit(s, sep, asIndex(max)); }],
  ['splitlines', (s, a) => pySplitlines(s, Boolean(bind('splitlines', [['keepends', false]], a)[0]))],
  ['startswith', (s, a) => affix(s, a, 'startswith', (t, p) => t.startsWith(p))],
  ['endswith', (s, a) => affix(s, a, 'endswith', (t, p) => t.endsWith(p))],
  ['find', (s, a) => find(s, a, 'find', false)],
  ['rfind', (s, a) => find(s, a, 'rfind', true)],
  ['index', (s, a) => { const i = find(s, a, 'index', false); if (i < 0) throw new PyError('substring not found'); return i; }],
  ['rindex', (s, a) => { const i = find(s, a, 'rindex', true); if (i < 0) throw new PyError('substring not found'); return i; }],
  ['count', (s, a) => {
    const [sub, start, end] = bind('count', ['sub', ['start', null], ['end', null]], a);
    const text = window(s, start, end).text;
    const needle = asStr(sub, 'substring');
    return needle === '' ? strLen(text) + 1 : text.split(needle).length - 1;
  }],
  ['replace', (s, a, rt) => {
    const [old, repl, count] = bind('replace', ['old', 'new', ['count', -1]], a);
    return pyReplace(s, asStr(old, 'replace() argument 1'), asStr(repl, 'replace() argument 2'), asIndex(count), rt);
  }],
  ['join', (s, a, rt) => {
    const [items] = bind('join', ['iterable'], a);
    return pyJoin(s, iterate(items, rt.budget), rt);
  }],
  ['center', (s, a, rt) => {
    const [width, fill] = bind('center', ['width', ['fillchar', ' ']], a);
    rt.budget.checkSize(asIndex(width));
    return pyCenter(s, asIndex(width), asStr(fill, 'fillchar'));
  }],
  ['ljust', justify('ljust', (s, p) => s + p)],
  ['rjust', justify('rjust', (s, p) => p + s)],
  ['zfill', (s, a, rt) => {
    const n = asIndex(bind('zfill', ['width'], a)[0]) - strLen(s);
    if (n <= 0) return s;
    rt.budget.checkSize(n + s.length);
    const sign = s[0] === '-' || s[0] === '+' ? (s[0] as string) : '';
    return sign + '0'.repeat(n) + s.slice(sign.length);
  }],
  ['partition', (s, a) => partition(s, a, 'partition', false)],
  ['rpartition', (s, a) => partition(s, a, 'rpartition', true)],
  ['removeprefix', (s, a) => { const p = asStr(bind('removeprefix', ['prefix'], a)[0], 'prefix'); return s.startsWith(p) ? s.slice(p.length) : s; }],
  ['removesuffix', (s, a) => { const p = asStr(bind('removesuffix', ['suffix'], a)[0], 'suffix'); return p && s.endsWith(p) ? s.slice(0, -p.length) : s; }],
  ['expandtabs', (s, a, rt) => {
    const size = asIndex(bind('expandtabs', [['tabsize', 8]], a)[0]);
    let col = 0;
    let out = '';
    for (const ch of s) {
      if (ch === '\t') {
        const n = size > 0 ? size - (col % size) : 0;
        rt.budget.checkSize(out.length + n);
        out += ' '.repeat(n);
        col += n;
      } else {
        out += ch;
        col = ch === '\n' || ch === '\r' ? 0 : col + 1;
      }
    }
    return out;
  }],
  ['format', (s, a, rt) => strFormat(s, a, rt)],
  ['format_map', (s, a, rt) => {
    const [mapping] = bind('format_map', ['mapping'], a);
    if (!(mapping instanceof Map)) throw new PyError(`'${pyTypeName(mapping)}' object is not a mapping`);
    const named = new Map<string, JValue>();
    for (const [k, v] of mapping) if (typeof k === 'string') named.set(k, v);
    return strFormat(s, { positional: [], named }, rt);
  }],
  ['isalpha', predicate('isalpha', all(/^\p{L}$/u))],
  ['isalnum', predicate('isalnum', all(/^[\p{L}\p{N}]$/u))],
  ['isdigit', predicate('isdigit', all(/^\p{Nd}$/u))],
  ['isdecimal', predicate('isdecimal', all(/^\p{Nd}$/u))],
  ['isnumeric', predicate('isnumeric', all(/^\p{N}$/u))],
  ['isspace', predicate('isspace', (s) => s.length > 0 && chars(s).every(isPyWhitespace))],
  ['isascii', predicate('isascii', (s) => [...s].every((c) => (c.codePointAt(0) ?? 0) < 0x80))],
  ['isidentifier', predicate('isidentifier', (s) => /^[\p{ID_Start}_][\p{ID_Continue}]*$/u.test(s))],
  ['isprintable', predicate('isprintable', (s) => /^[^\p{C}\p{Z}]*$/u.test(s.replaceAll(' ', '')))],
  ['islower', predicate('islower', (s) => chars(s).some(isCased) && !chars(s).some(isUpperChar))],
  ['isupper', predicate('isupper', (s) => chars(s).some(isCased) && chars(s).every((c) => !isCased(c) || isUpperChar(c)))],
  ['istitle', predicate('istitle', (s) => s.length > 0 && pyTitle(s) === s && chars(s).some(isCased))],
]);

/** Methods Python strings have that Convection does not offer. */
export const UNSUPPORTED_STR_METHODS = new Set(['encode', 'translate', 'maketrans']);

export function pyReplace(s: string, old: string, repl: string, count: number, rt: Runtime): string {
  const parts = old === '' ? ['', ...chars(s), ''] : s.split(old);
  const n = count < 0 ? parts.length - 1 : Math.min(count, parts.length - 1);
  rt.budget.checkSize(s.length + n * repl.length);
  if (old === '') {
    const cs = chars(s);
    return cs.slice(0, n).map((c) => repl + c).join('') + (n > cs.length ? repl : '') + cs.slice(n).join('');
  }
  return parts.slice(0, n + 1).join(repl) + (n + 1 < parts.length ? old + parts.slice(n + 1).join(old) : '');
}

export function pyJoin(sep: string, items: readonly Value[], rt: Runtime): string {
  let size = 0;
  items.forEach((item, i) => {
    if (typeof item !== 'string') throw new PyError(`sequence item ${i}: expected str instance, ${pyTypeName(item)} found`);
    size += item.length + sep.length;
  });
  rt.budget.checkSize(size);
  return (items as string[]).join(sep);
}

function partition(s: string, args: JArgs, fn: string, reverse: boolean): Value {
  const sep = asStr(bind(fn, ['sep'], args)[0], 'separator');
  if (sep === '') throw new PyError('empty separator');
  const at = reverse ? s.lastIndexOf(sep) : s.indexOf(sep);
  if (at < 0) return makeTuple(reverse ? ['', '', s] : [s, '', '']);
  return makeTuple([s.slice(0, at), sep, s.slice(at + sep.length)]);
}

