/**
 * Jinja's numeric filters, with Python's conversions: `'42.7' | int` is 42 (Jinja retries through
 * float), `'abc' | int` is the default, `2.5 | round` is 2.0 (ties to even).
 */
import { PyFloat, makeFloat, truthy, type Value } from '../../../values/value.js';
import { dumpJson } from '../../../values/json.js';
import { formatFixed, roundFloat } from '../../../values/python/float-format.js';
import { intResult } from '../operators.js';
import { pyTypeName } from '../py-kinds.js';
import { PyError, Undefined, jTruthy, type JValue } from '../runtime.js';
import { isPyWhitespace } from '../string-methods.js';
import { asInt, filter, lazyFilter, type FilterFn } from './helpers.js';

class ConversionError extends Error {}

function pyTrim(s: string): string {
  const cs = Array.from(s);
  let a = 0;
  let b = cs.length;
  while (a < b && isPyWhitespace(cs[a] as string)) a++;
  while (b > a && isPyWhitespace(cs[b - 1] as string)) b--;
  return cs.slice(a, b).join('');
}

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Python `int(text, base)`; throws ConversionError where Python raises ValueError. */
function parseIntText(text: string, base: number): number {
  let s = pyTrim(text).toLowerCase();
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s.startsWith('-') ? -1 : 1;
    s = s.slice(1);
  }
  let b = base;
  const prefix = /^0([box])/.exec(s)?.[1];
  const prefixBase = prefix === 'b' ? 2 : prefix === 'o' ? 8 : prefix === 'x' ? 16 : 0;
  if (prefixBase !== 0 && (b === 0 || b === prefixBase)) {
    b = prefixBase;
    s = s.slice(2).replace(/^_/, '');
  } else if (b === 0) {
    if (/^0+(_?0)*$/.test(s)) return 0;
    if (s.startsWith('0')) throw new ConversionError();
    b = 10;
  }
  if (b < 2 || b > 36) throw new PyError('int() base must be >= 2 and <= 36, or 0');
  const valid = DIGITS.slice(0, b);
  if (!new RegExp(`^[${valid}](?:_?[${valid}])*$`).test(s)) throw new ConversionError();
  let n = 0n;
  for (const ch of s.replaceAll('_', '')) n = n * BigInt(b) + BigInt(valid.indexOf(ch));
  return intResult(sign * Number(n));
}

const FLOAT_TEXT = /^[+-]?(?:(?:\d(?:_?\d)*)?\.?\d(?:_?\d)*|\d(?:_?\d)*\.)(?:e[+-]?\d(?:_?\d)*)?$/i;

/** Python `float(x)`; throws ConversionError where Python raises TypeError or ValueError. */
function toFloat(v: Value): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (v instanceof PyFloat) return v.value;
  if (typeof v !== 'string') throw new ConversionError();
  const s = pyTrim(v);
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(s);
  if (special) {
    const n = (special[2] as string).toLowerCase() === 'nan' ? NaN : Infinity;
    return special[1] === '-' ? -n : n;
  }
  if (!FLOAT_TEXT.test(s)) throw new ConversionError();
  return Number(s.replaceAll('_', ''));
}

function truncToInt(n: number): number {
  if (Number.isNaN(n)) throw new ConversionError();
  if (!Number.isFinite(n)) throw new PyError('cannot convert float infinity to integer');
  return intResult(Math.trunc(n));
}

function intFilter(v: Value, dflt: Value, base: Value): Value {
  try {
    if (typeof v === 'string') return parseIntText(v, asInt(base, 'base'));
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v === 'number' || v instanceof PyFloat) return truncToInt(toFloat(v));
    throw new ConversionError();
  } catch (e) {
    if (!(e instanceof ConversionError)) throw e;
  }
  try {
    return truncToInt(toFloat(v));
  } catch (e) {
    if (e instanceof ConversionError) return dflt;
    throw e;
  }
}

function roundFilter(v: Value, precision: number, method: Value): Value {
  if (method !== 'common' && method !== 'ceil' && method !== 'floor') throw new PyError('method must be common, ceil or floor');
  if (typeof v !== 'number' && typeof v !== 'boolean' && !(v instanceof PyFloat)) {
    throw new PyError(`type ${pyTypeName(v)} doesn't define __round__ method`);
  }
  const x = typeof v === 'boolean' ? Number(v) : typeof v === 'number' ? v : v.value;
  const isFloat = v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v));
  if (method === 'common') {
    if (isFloat) return makeFloat(roundFloat(x, precision));
    if (precision >= 0) return x;
    const factor = 10 ** -precision;
    const q = x / factor;
    const floor = Math.floor(q);
    const diff = q - floor;
    const r = diff > 0.5 || (diff === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
    return intResult(r * factor);
  }
  const scale = 10 ** precision;
  const f = method === 'ceil' ? Math.ceil : Math.floor;
  return makeFloat(f(x * scale) / scale);
}

function filesize(v: Value, binary: boolean): string {
  let bytes: number;
  try {
    bytes = toFloat(v);
  } catch (e) {
    if (e instanceof ConversionError) throw new PyError(`could not convert ${pyTypeName(v)} to float`);
    throw e;
  }
  const base = binary ? 1024 : 1000;
  const prefixes = binary ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  if (bytes === 1) return '1 Byte';
  if (bytes < base) return `${Number.isFinite(bytes) ? Math.trunc(bytes) : bytes} Bytes`;
  let unit = base;
  let prefix = '';
  for (let i = 0; i < prefixes.length; i++) {
    unit = base ** (i + 2);
    prefix = prefixes[i] as string;
    if (bytes < unit) break;
  }
  return `${formatFixed((base * bytes) / unit, 1)} ${prefix}`;
}

/** Jinja's htmlsafe_json_dumps with Mistral's policy of sorted keys. */
function tojson(v: Value, indent: Value): string {
  const options = indent === null ? { sortKeys: true, ensureAscii: true } : { sortKeys: true, ensureAscii: true, indent: asInt(indent, 'indent') };
  return dumpJson(v, options)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll("'", '\\u0027');
}

export const NUMBER_FILTERS: readonly (readonly [string, FilterFn])[] = [
  filter('int', [['default', 0], ['base', 10]], (v, [d, base]) => intFilter(v, d, base)),
  filter('float', [['default', new PyFloat(0)]], (v, [d]) => {
    try {
      return makeFloat(toFloat(v));
    } catch (e) {
      if (e instanceof ConversionError) return d;
      throw e;
    }
  }),
  filter('round', [['precision', 0], ['method', 'common']], (v, [p, m]) => roundFilter(v, asInt(p, 'precision'), m)),
  filter('abs', [], (v) => {
    if (typeof v === 'boolean') return Number(v);
    if (typeof v === 'number') return Math.abs(v);
    if (v instanceof PyFloat) return new PyFloat(Math.abs(v.value));
    throw new PyError(`bad operand type for abs(): '${pyTypeName(v)}'`);
  }),
  filter('filesizeformat', [['binary', false]], (v, [binary]) => filesize(v, truthy(binary))),
  filter('tojson', [['indent', null]], (v, [indent]) => tojson(v, indent)),
  lazyFilter('default', [['default_value', ''], ['boolean', false]], (v: JValue, [d, boolean]) => {
    if (v instanceof Undefined) return d;
    if (jTruthy(boolean) && !jTruthy(v)) return d;
    return v;
  }),
];
