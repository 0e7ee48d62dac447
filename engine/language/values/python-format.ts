/**
 * Python's `str()` and `repr()` of values: what Mistral prints when an expression is interpolated
 * into a string (`flag=True`, `{'a': 1}`, `3.0`, `None`).
 */
import { OpaqueValue, PyFloat, isList, isMap, type MapKey, type Value } from './value.js';

export interface FormatOptions {
  /** YAQL's `str()` sees lists as tuples: `(1, 2)`, `(1,)`. */
  readonly listsAsTuples?: boolean;
}

/** Python `repr()` of a float. */
export function formatFloat(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  // Shortest round-trip digits, then Python's layout rule: fixed for 1e-4 <= |n| < 1e16.
  const [mantissa = '', expText = '0'] = n.toExponential().split('e');
  const exp = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let body: string;
  if (exp >= -5 && exp < 16) {
    if (exp < 0) {
      body = '0.' + '0'.repeat(-exp - 1) + digits;
    } else if (digits.length > exp + 1) {
      body = digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
    } else {
      body = digits + '0'.repeat(exp + 1 - digits.length) + '.0';
    }
    // Python switches to exponent form below 1e-4.
    if (exp < -4) body = sci(digits, exp);
  } else {
    body = sci(digits, exp);
  }
  return (negative ? '-' : '') + body;
}

function sci(digits: string, exp: number): string {
  const m = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
  const sign = exp < 0 ? '-' : '+';
  const e = String(Math.abs(exp)).padStart(2, '0');
  return `${m}e${sign}${e}`;
}

/** Python `repr()` of a string: single quotes unless the text has a `'` and no `"`. */
export function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += '\\' + quote;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0');
    else if (code >= 0x80 && code < 0xa0) out += '\\x' + code.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + quote;
}

function reprKey(k: MapKey, options: FormatOptions): string {
  return pyRepr(k, options);
}

/** Python `repr()`. */
export function pyRepr(v: Value, options: FormatOptions = {}): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : formatFloat(v);
  if (v instanceof PyFloat) return formatFloat(v.value);
  if (typeof v === 'string') return reprString(v);
  if (isList(v)) {
    const items = v.map((x) => pyRepr(x, options));
    if (options.listsAsTuples) return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    return `[${items.join(', ')}]`;
  }
  if (isMap(v)) {
    const parts: string[] = [];
    for (const [k, val] of v) parts.push(`${reprKey(k, options)}: ${pyRepr(val, options)}`);
    return `{${parts.join(', ')}}`;
  }
  if (v instanceof OpaqueValue) return v.repr();
  return String(v);
}

/** Python `str()`: strings print bare, everything else as repr. */
export function pyStr(v: Value, options: FormatOptions = {}): string {
  if (typeof v === 'string') return v;
  if (v instanceof OpaqueValue) return v.str();
  return pyRepr(v, options);
}
