/**
 * Python's printf-style `str % args` (what `'%s-%d' % (a, b)` and the `format` filter use), with
 * CPython's argument rules: a tuple supplies the arguments, a dict (or list) serves `%(key)s`, and
 * anything else is one argument.
 */
import { formatExponent, formatFixed, formatGeneral } from '../../values/python/float-format.js';
import { PyFloat, isList, isMap, type Value } from '../../values/value.js';
import type { Budget } from '../limits.js';
import { isTuple, pyTypeName } from './py-kinds.js';
import { jRepr, jStr } from './py-str.js';
import { PyError } from './runtime.js';
import { chars, findKey } from './sequences.js';

interface Spec {
  readonly flags: string;
  readonly width: number;
  readonly precision: number | undefined;
  readonly conversion: string;
}

class Args {
  private index: number;
  private readonly length: number;
  readonly mapping: Value | undefined;

  constructor(private readonly args: Value) {
    const tuple = isList(args) && isTuple(args);
    this.length = tuple ? args.length : -1;
    this.index = tuple ? 0 : -2;
    // CPython treats anything subscriptable but a tuple or str as a mapping here, lists included.
    this.mapping = !tuple && (isMap(args) || isList(args)) ? args : undefined;
  }

  next(): Value {
    if (this.index < this.length) {
      const i = this.index++;
      return this.length < 0 ? this.args : ((this.args as readonly Value[])[i] as Value);
    }
    throw new PyError('not enough arguments for format string');
  }

  /** After a `%(key)s`, the remaining specifiers format the looked-up value. */
  useSingle(): void {
    this.index = -2;
  }

  get leftover(): boolean {
    return this.index < this.length && this.mapping === undefined;
  }
}

export function percentFormat(format: string, argsValue: Value, budget: Budget): string {
  const args = new Args(argsValue);
  let out = '';
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    let value: Value | undefined;
    if (format[i] === '(') {
      const close = matchingParen(format, i);
      const key = format.slice(i + 1, close);
      if (args.mapping === undefined) throw new PyError('format requires a mapping');
      value = lookup(args.mapping, key);
      args.useSingle();
      i = close + 1;
    }
    let flags = '';
    while ('-+ #0'.includes(format[i] ?? 'x')) flags += format[i++];
    let width = 0;
    if (format[i] === '*') {
      width = starArg(args.next());
      if (width < 0) {
        flags += '-';
        width = -width;
      }
      i++;
    } else {
      while (/\d/.test(format[i] ?? '')) width = width * 10 + Number(format[i++]);
    }
    let precision: number | undefined;
    if (format[i] === '.') {
      i++;
      precision = 0;
      if (format[i] === '*') {
        precision = Math.max(0, starArg(args.next()));
        i++;
      } else {
        while (/\d/.test(format[i] ?? '')) precision = precision * 10 + Number(format[i++]);
      }
    }
    while ('hlL'.includes(format[i] ?? 'x')) i++;
    const conversion = format[i];
    if (conversion === undefined) throw new PyError('incomplete format');
    i++;
    if (conversion === '%') {
      out += '%';
      continue;
    }
    budget.checkSize(width);
    budget.checkSize(precision ?? 0);
    out += formatOne({ flags, width, precision, conversion }, value ?? args.next(), i - 1);
    budget.checkSize(out.length);
  }
  if (args.leftover) throw new PyError('not all arguments converted during string formatting');
  return out;
}

function matchingParen(format: string, open: number): number {
  let depth = 1;
  for (let j = open + 1; j < format.length; j++) {
    if (format[j] === '(') depth++;
    else if (format[j] === ')' && --depth === 0) return j;
  }
  throw new PyError('incomplete format key');
}

function lookup(mapping: Value, key: string): Value {
  if (!isMap(mapping)) throw new PyError(`${pyTypeName(mapping)} indices must be integers or slices, not str`);
  const k = findKey(mapping, key);
  if (k === undefined) throw new PyError(`'${key}'`);
  return mapping.get(k) as Value;
}

function starArg(v: Value): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new PyError('* wants int');
}

function realNumber(v: Value, conversion: string): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (v instanceof PyFloat) return v.value;
  if ('diouxXc'.includes(conversion)) throw new PyError(`%${conversion} format: a real number is required, not ${pyTypeName(v)}`);
  throw new PyError(`must be real number, not ${pyTypeName(v)}`);
}

function formatOne(spec: Spec, v: Value, at: number): string {
  const c = spec.conversion;
  switch (c) {
    case 's':
    case 'r':
    case 'a': {
      let s = c === 's' ? jStr(v) : c === 'r' ? jRepr(v) : asciiOnly(jRepr(v));
      if (spec.precision !== undefined) s = chars(s).slice(0, spec.precision).join('');
      return pad(s, spec);
    }
    case 'c':
      return pad(character(v), spec);
    case 'd':
    case 'i':
    case 'u':
    case 'o':
    case 'x':
    case 'X':
      return formatInteger(spec, v);
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
      return formatFloatSpec(spec, realNumber(v, c));
    default: {
      const code = c.codePointAt(0) ?? 0;
      throw new PyError(`unsupported format character '${c}' (0x${code.toString(16)}) at index ${at}`);
    }
  }
}

function character(v: Value): string {
  if (typeof v === 'string') {
    if (chars(v).length !== 1) throw new PyError('%c requires int or char');
    return v;
  }
  if (typeof v === 'number' && Number.isInteger(v)) {
    if (v < 0 || v > 0x10ffff) throw new PyError('%c arg not in range(0x110000)');
    return String.fromCodePoint(v);
  }
  throw new PyError('%c requires int or char');
}

function formatInteger(spec: Spec, v: Value): string {
  const c = spec.conversion;
  let n = realNumber(v, c);
  if (v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v))) {
    if ('oxX'.includes(c)) throw new PyError(`%${c} format: an integer is required, not float`);
    if (Number.isNaN(n)) throw new PyError('cannot convert float NaN to integer');
    if (!Number.isFinite(n)) throw new PyError('cannot convert float infinity to integer');
    n = Math.trunc(n);
  }
  const radix = c === 'o' ? 8 : c === 'x' || c === 'X' ? 16 : 10;
  let digits = BigInt(Math.abs(n)).toString(radix);
  if (c === 'X') digits = digits.toUpperCase();
  if (spec.precision !== undefined) digits = digits.padStart(spec.precision, '0');
  const prefix = spec.flags.includes('#') && radix !== 10 ? `0${c === 'o' ? 'o' : c}` : '';
  return padNumber(sign(n < 0, spec.flags), prefix + digits, spec, prefix.length);
}

function formatFloatSpec(spec: Spec, x: number): string {
  const p = spec.precision ?? 6;
  const upper = spec.conversion === spec.conversion.toUpperCase();
  const alt = spec.flags.includes('#');
  const abs = Math.abs(x);
  let body: string;
  switch (spec.conversion.toLowerCase()) {
    case 'f':
      body = formatFixed(abs, p, upper);
      if (alt && p === 0) body += '.';
      break;
    case 'e':
      body = formatExponent(abs, p, upper);
      if (alt && p === 0) body = body.replace(/[eE]/, '.$&');
      break;
    default:
      body = formatGeneral(abs, p, upper, alt);
  }
  const negative = x < 0 || Object.is(x, -0);
  if (!Number.isFinite(x)) return pad(sign(negative && !Number.isNaN(x), spec.flags) + body, spec);
  return padNumber(sign(negative, spec.flags), body, spec, 0);
}

function sign(negative: boolean, flags: string): string {
  if (negative) return '-';
  if (flags.includes('+')) return '+';
  if (flags.includes(' ')) return ' ';
  return '';
}

function pad(s: string, spec: Spec): string {
  const fill = spec.width - chars(s).length;
  if (fill <= 0) return s;
  return spec.flags.includes('-') ? s + ' '.repeat(fill) : ' '.repeat(fill) + s;
}

/** Zero padding goes between the sign/prefix and the digits. */
function padNumber(signText: string, body: string, spec: Spec, prefixLength: number): string {
  const s = signText + body;
  const fill = spec.width - s.length;
  if (fill <= 0) return s;
  if (spec.flags.includes('-')) return s + ' '.repeat(fill);
  if (spec.flags.includes('0')) return signText + body.slice(0, prefixLength) + '0'.repeat(fill) + body.slice(prefixLength);
  return ' '.repeat(fill) + s;
}

function asciiOnly(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) out += ch;
    else if (code < 0x100) out += '\\x' + code.toString(16).padStart(2, '0');
    else if (code < 0x10000) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += '\\U' + code.toString(16).padStart(8, '0');
  }
  return out;
}
