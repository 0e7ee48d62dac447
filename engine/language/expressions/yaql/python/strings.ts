/**
 * Python string semantics the JavaScript built-ins get wrong: indexes count code points (not UTF-16
 * units), `split()`/`strip()` use Python's whitespace set, and `split` counts splits, not items.
 */
import { fail } from '../errors.js';

const PY_SPACE = /[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const SURROGATE = /[\uD800-\uDFFF]/;

export function isPySpace(ch: string): boolean {
  return PY_SPACE.test(ch);
}

/** Code points of `s`, or undefined when UTF-16 indexes already are code point indexes. */
function codePoints(s: string): string[] | undefined {
  return SURROGATE.test(s) ? Array.from(s) : undefined;
}

export function pyLen(s: string): number {
  return codePoints(s)?.length ?? s.length;
}

/** `s[start:end]` with Python's clamping of negative and oversized bounds. */
export function pySlice(s: string, start: number, end?: number): string {
  const cps = codePoints(s);
  const len = cps?.length ?? s.length;
  const norm = (i: number): number => (i < 0 ? Math.max(0, len + i) : Math.min(i, len));
  const a = norm(start);
  const b = end === undefined ? len : norm(end);
  if (b <= a) return '';
  return cps ? cps.slice(a, b).join('') : s.slice(a, b);
}

/** `s.find(sub, start, end)` / `s.rfind(...)`. */
export function pyFind(s: string, sub: string, start: number, end: number | undefined, fromRight: boolean): number {
  const hay = codePoints(s);
  const needle = hay !== undefined || codePoints(sub) !== undefined ? Array.from(sub) : undefined;
  const len = hay?.length ?? s.length;
  const subLen = needle?.length ?? sub.length;
  // CPython clamps the end to the length but not the start: find('', 5) on 'abc' is -1.
  const a = start < 0 ? Math.max(0, len + start) : start;
  const b = end === undefined ? len : end < 0 ? Math.max(0, len + end) : Math.min(end, len);
  if (b - a < subLen) return -1;
  if (needle === undefined) {
    const window = s.slice(a, b);
    const i = fromRight ? window.lastIndexOf(sub) : window.indexOf(sub);
    return i < 0 ? -1 : i + a;
  }
  const chars = hay ?? Array.from(s);
  const matchesAt = (i: number): boolean => needle.every((c, j) => chars[i + j] === c);
  if (fromRight) {
    for (let i = b - subLen; i >= a; i--) if (matchesAt(i)) return i;
  } else {
    for (let i = a; i + subLen <= b; i++) if (matchesAt(i)) return i;
  }
  return -1;
}

/** `s.strip(chars)`, `lstrip`, `rstrip`; null chars means whitespace. */
export function pyStrip(s: string, chars: string | null, left: boolean, right: boolean): string {
  const strip = chars === null ? isPySpace : (c: string): boolean => chars.includes(c);
  const cps = Array.from(s);
  let a = 0;
  let b = cps.length;
  if (left) while (a < b && strip(cps[a] as string)) a++;
  if (right) while (b > a && strip(cps[b - 1] as string)) b--;
  return cps.slice(a, b).join('');
}

/** `s.split(sep, maxsplit)`; `fromRight` is `rsplit`. */
export function pySplit(s: string, sep: string | null, maxSplit: number, fromRight: boolean): string[] {
  if (sep === '') fail('empty separator');
  const limit = maxSplit < 0 ? Infinity : maxSplit;
  if (sep !== null) {
    const parts = s.split(sep);
    if (parts.length - 1 <= limit) return parts;
    if (fromRight) {
      const cut = parts.length - limit;
      return [parts.slice(0, cut).join(sep), ...parts.slice(cut)];
    }
    return [...parts.slice(0, limit), parts.slice(limit).join(sep)];
  }
  return fromRight ? splitSpacesRight(s, limit) : splitSpaces(s, limit);
}

function splitSpaces(s: string, limit: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && isPySpace(s[i] as string)) i++;
    if (i >= s.length) break;
    if (out.length === limit) {
      out.push(s.slice(i));
      break;
    }
    let j = i;
    while (j < s.length && !isPySpace(s[j] as string)) j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

function splitSpacesRight(s: string, limit: number): string[] {
  const out: string[] = [];
  let j = s.length;
  while (j > 0) {
    while (j > 0 && isPySpace(s[j - 1] as string)) j--;
    if (j === 0) break;
    if (out.length === limit) {
      out.push(s.slice(0, j));
      break;
    }
    let i = j;
    while (i > 0 && !isPySpace(s[i - 1] as string)) i--;
    out.push(s.slice(i, j));
    j = i;
  }
  return out.reverse();
}

/** Python `str.replace(old, new, count)`; count < 0 replaces all. */
export function pyReplace(s: string, old: string, replacement: string, count: number): string {
  if (count < 0) {
    if (old === '' && s === '') return replacement;
    if (old === '') return Array.from(s).join(replacement).replace(/^/, replacement) + replacement;
    return s.split(old).join(replacement);
  }
  let out = '';
  let rest = s;
  for (let n = 0; n < count; n++) {
    if (old === '') {
      const [first = ''] = Array.from(rest);
      out += replacement + first;
      rest = rest.slice(first.length);
      if (first === '') break;
      continue;
    }
    const i = rest.indexOf(old);
    if (i < 0) break;
    out += rest.slice(0, i) + replacement;
    rest = rest.slice(i + old.length);
  }
  return out + rest;
}
