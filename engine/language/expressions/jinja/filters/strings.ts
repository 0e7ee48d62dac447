/**
 * Jinja's string filters. Like Jinja they first turn the input into a string with `str()`, so
 * `{{ 42 | upper }}` is "42".
 */
import { isList, isMap, truthy, type Value } from '../../../values/value.js';
import { makeTuple } from '../py-kinds.js';
import { jStr } from '../py-str.js';
import { PyError, strict, type JArgs, type JValue, type Runtime } from '../runtime.js';
import { asIndex, iterate, strLen } from '../sequences.js';
import { percentFormat } from '../percent-format.js';
import { pyCapitalize, pyCenter, pyReplace, pySplitlines, pyStrip } from '../string-methods.js';
import { asInt, filter, type FilterFn } from './helpers.js';

const WORD_BEGINNING = /([-\s({[<]+)/u;
const WORD = /[\p{L}\p{N}\p{M}_]+/gu;

function jinjaTitle(s: string): string {
  return s
    .split(WORD_BEGINNING)
    .filter((item) => item.length > 0)
    .map((item) => {
      const [first = '', ...restChars] = Array.from(item);
      return first.toUpperCase() + restChars.join('').toLowerCase();
    })
    .join('');
}

function truncate(s: string, length: number, killwords: boolean, end: string, leeway: number): string {
  if (length < strLen(end)) throw new PyError(`expected length >= ${strLen(end)}, got ${length}`);
  if (leeway < 0) throw new PyError(`expected leeway >= 0, got ${leeway}`);
  const cs = Array.from(s);
  if (cs.length <= length + leeway) return s;
  const head = cs.slice(0, length - strLen(end)).join('');
  if (killwords) return head + end;
  const space = head.lastIndexOf(' ');
  return (space < 0 ? head : head.slice(0, space)) + end;
}

function indent(s: string, width: Value, first: boolean, blank: boolean, rt: Runtime): string {
  const pad = typeof width === 'string' ? width : ' '.repeat(Math.max(0, asIndex(width)));
  const lines = pySplitlines(s + '\n', false);
  rt.budget.checkSize(s.length + pad.length * (lines.length + 1));
  let out: string;
  if (blank) {
    out = lines.join('\n' + pad);
  } else {
    out = lines[0] ?? '';
    const others = lines.slice(1);
    if (others.length > 0) out += '\n' + others.map((line) => (line ? pad + line : line)).join('\n');
  }
  return first ? pad + out : out;
}

const ALWAYS_SAFE = /[A-Za-z0-9_.\-~]/;

function urlQuote(v: Value, forQuery: boolean): string {
  const bytes = new TextEncoder().encode(jStr(v));
  let out = '';
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (b < 0x80 && (ALWAYS_SAFE.test(ch) || (!forQuery && ch === '/'))) out += ch;
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return forQuery ? out.replaceAll('%20', '+') : out;
}

function urlencode(v: Value, rt: Runtime): string {
  if (typeof v === 'string' || !(isList(v) || isMap(v))) return urlQuote(v, false);
  const pairs = isMap(v) ? [...v].map(([k, val]) => makeTuple([k, val])) : iterate(v, rt.budget);
  return pairs
    .map((pair) => {
      const items = iterate(pair, rt.budget);
      if (items.length !== 2) throw new PyError(`too many values to unpack (expected 2)`);
      return `${urlQuote(items[0] as Value, true)}=${urlQuote(items[1] as Value, true)}`;
    })
    .join('&');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const ENTITIES = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', '\u00a0'],
]);

function striptags(s: string): string {
  const text = s
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]*>/g, '')
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .join(' ');
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (m, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) return String.fromCodePoint(Math.min(parseInt(body.slice(2), 16), 0x10ffff));
    if (body.startsWith('#')) return String.fromCodePoint(Math.min(parseInt(body.slice(1), 10), 0x10ffff));
    return ENTITIES.get(body) ?? m;
  });
}

function formatFilter(value: JValue, args: JArgs, rt: Runtime): JValue {
  const s = jStr(strict(value));
  if (args.positional.length > 0 && args.named.size > 0) throw new PyError("can't handle positional and keyword arguments at the same time");
  if (args.named.size > 0) {
    const mapping = new Map<string, Value>();
    for (const [k, v] of args.named) mapping.set(k, strict(v));
    return percentFormat(s, mapping, rt.budget);
  }
  return percentFormat(s, makeTuple(args.positional.map(strict)), rt.budget);
}

export const STRING_FILTERS: readonly (readonly [string, FilterFn])[] = [
  filter('lower', [], (v) => jStr(v).toLowerCase()),
  filter('upper', [], (v) => jStr(v).toUpperCase()),
  filter('capitalize', [], (v) => pyCapitalize(jStr(v))),
  filter('title', [], (v) => jinjaTitle(jStr(v))),
  filter('string', [], (v) => jStr(v)),
  filter('safe', [], (v) => jStr(v)),
  filter('escape', [], (v) => escapeHtml(jStr(v))),
  filter('e', [], (v) => escapeHtml(jStr(v))),
  filter('forceescape', [], (v) => escapeHtml(jStr(v))),
  filter('striptags', [], (v) => striptags(jStr(v))),
  filter('trim', [['chars', null]], (v, [c]) => pyStrip(jStr(v), c, true, true)),
  filter('replace', ['old', 'new', ['count', null]], (v, [old, repl, count], rt) =>
    pyReplace(jStr(v), jStr(old), jStr(repl), count === null || count === undefined ? -1 : asIndex(count), rt),
  ),
  filter('truncate', [['length', 255], ['killwords', false], ['end', '...'], ['leeway', null]], (v, [len, kill, end, leeway]) =>
    truncate(jStr(v), asInt(len, 'length'), truthy(kill), jStr(end), leeway === null || leeway === undefined ? 5 : asInt(leeway, 'leeway')),
  ),
  filter('wordcount', [], (v) => (jStr(v).match(WORD) ?? []).length),
  filter('center', [['width', 80]], (v, [width], rt) => {
    const w = asIndex(width);
    rt.budget.checkSize(w);
    return pyCenter(jStr(v), w, ' ');
  }),
  filter('indent', [['width', 4], ['first', false], ['blank', false]], (v, [width, first, blank], rt) =>
    indent(jStr(v), width, truthy(first), truthy(blank), rt),
  ),
  filter('urlencode', [], (v, _a, rt) => urlencode(v, rt)),
  ['format', formatFilter],
];
