/** yaql's math and boolean libraries: conversions, rounding, bitwise operations, min/max. */
import { PyFloat, isInt, makeFloat, num, truthy, type Value } from '../../../values/value.js';
import { pyRepr } from '../../../values/python-format.js';
import { roundFloat } from '../../../values/python/float-format.js';
import { fail } from '../errors.js';
import { compare } from '../operators.js';
import { P, T, define, type Overload } from './signature.js';
import { pyTypeName } from './util.js';

const INT_TEXT = /^[+-]?\d(?:_?\d)*$/;
const FLOAT_TEXT = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const FLOAT_SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;
/** Bit shifts beyond this would build integers far larger than any number JSON can carry. */
const MAX_SHIFT = 2048;

function toInt(v: Value): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'number' || v instanceof PyFloat) {
    const n = num(v);
    if (Number.isNaN(n)) fail('cannot convert float NaN to integer');
    if (!Number.isFinite(n)) fail('cannot convert float infinity to integer');
    return Math.trunc(n);
  }
  if (typeof v === 'string') {
    const text = v.trim();
    if (!INT_TEXT.test(text)) fail(`invalid literal for int() with base 10: ${pyRepr(v)}`);
    return Number(text.replaceAll('_', ''));
  }
  return fail(`int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(v)}'`);
}

function toFloat(v: Value): number | PyFloat {
  if (v === null) return new PyFloat(0);
  if (typeof v === 'boolean') return new PyFloat(Number(v));
  if (typeof v === 'number' || v instanceof PyFloat) return makeFloat(num(v));
  if (typeof v === 'string') {
    const text = v.trim();
    const special = FLOAT_SPECIAL.exec(text);
    if (special) return special[2]?.toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
    if (!FLOAT_TEXT.test(text)) fail(`could not convert string to float: ${pyRepr(v)}`);
    return makeFloat(Number(text.replaceAll('_', '')));
  }
  return fail(`float() argument must be a string or a real number, not '${pyTypeName(v)}'`);
}

/** Python `round(x, n)`: ints stay ints (rounding to tens… half to even), floats stay floats. */
function round(x: number | PyFloat, digits: number): number | PyFloat {
  if (isInt(x)) {
    if (digits >= 0) return x;
    const unit = 10 ** -digits;
    const q = Math.floor(x / unit);
    const r = x - q * unit;
    const up = r * 2 > unit || (r * 2 === unit && q % 2 !== 0);
    return (up ? q + 1 : q) * unit;
  }
  return makeFloat(roundFloat(num(x), digits));
}

function power(a: number | PyFloat, b: number | PyFloat, modulus: number | PyFloat | null): number | PyFloat {
  if (modulus !== null) {
    if (!isInt(a) || !isInt(b) || !isInt(modulus)) fail('pow() 3rd argument not allowed unless all arguments are integers');
    if (modulus === 0) fail('pow() 3rd argument cannot be 0');
    if (b < 0) fail('pow() 2nd argument cannot be negative when 3rd argument specified');
    let result = 1n;
    let base = ((BigInt(a) % BigInt(modulus)) + BigInt(modulus)) % BigInt(modulus);
    for (let e = BigInt(b); e > 0n; e >>= 1n, base = (base * base) % BigInt(modulus)) if (e & 1n) result = (result * base) % BigInt(modulus);
    const m = BigInt(modulus);
    return Number(m < 0n && result > 0n ? result + m : result);
  }
  if (isInt(a) && isInt(b)) {
    if (b >= 0) return a ** b;
    if (a === 0) fail('0.0 cannot be raised to a negative power');
    return makeFloat(a ** b);
  }
  const x = num(a);
  const y = num(b);
  if (x === 0 && y < 0) fail('0.0 cannot be raised to a negative power');
  if (x < 0 && !Number.isInteger(y)) fail('pow() of a negative number to a fractional power is complex');
  return makeFloat(x ** y);
}

function bitwise(name: string, f: (a: bigint, b: bigint) => bigint): Overload[] {
  return define({ name, form: 'function', params: [P.req('left', T.int), P.req('right', T.int)], impl: ([a, b]) => Number(f(BigInt(a), BigInt(b))) });
}

function shift(name: string, left: boolean): Overload[] {
  return define({
    name,
    form: 'function',
    params: [P.req('value', T.int), P.req('bitsNumber', T.int)],
    impl: ([value, bits]) => {
      if (bits < 0) fail('negative shift count');
      if (left && bits > MAX_SHIFT && value !== 0) fail('integer result too large');
      const b = BigInt(Math.min(bits, MAX_SHIFT));
      return Number(left ? BigInt(value) << b : BigInt(value) >> b);
    },
  });
}

export const MATH_FUNCTIONS: readonly Overload[] = [
  define({ name: 'abs', form: 'function', params: [P.req('op', T.number)], impl: ([n]) => (isInt(n) ? Math.abs(n) : makeFloat(Math.abs(num(n)))) }),
  define({ name: 'int', form: 'function', params: [P.req('value', T.any)], impl: ([v]) => toInt(v) }),
  define({ name: 'float', form: 'function', params: [P.req('value', T.any)], impl: ([v]) => toFloat(v) }),
  define({ name: 'random', form: 'function', params: [], impl: () => makeFloat(Math.random()) }),
  define({
    name: 'random',
    form: 'function',
    params: [P.req('from', T.int), P.req('to', T.int)],
    impl: ([from, to]) => {
      if (to < from) fail(`empty range for randrange() (${from}, ${to + 1}, ${to + 1 - from})`);
      return from + Math.floor(Math.random() * (to - from + 1));
    },
  }),
  bitwise('bitwiseAnd', (a, b) => a & b),
  bitwise('bitwiseOr', (a, b) => a | b),
  bitwise('bitwiseXor', (a, b) => a ^ b),
  define({ name: 'bitwiseNot', form: 'function', params: [P.req('arg', T.int)], impl: ([a]) => Number(~BigInt(a)) }),
  shift('shiftBitsLeft', true),
  shift('shiftBitsRight', false),
  define({ name: 'max', form: 'function', params: [P.req('a', T.any), P.req('b', T.any)], impl: ([a, b]) => (compare('>', b, a) ? b : a) }),
  define({ name: 'min', form: 'function', params: [P.req('a', T.any), P.req('b', T.any)], impl: ([a, b]) => (compare('>', b, a) ? a : b) }),
  define({
    name: 'pow',
    form: 'function',
    params: [P.req('a', T.number), P.req('b', T.number), P.opt('c', T.nullable(T.number), null)],
    impl: ([a, b, c]) => power(a, b, c),
  }),
  define({ name: 'sign', form: 'function', params: [P.req('num', T.number)], impl: ([n]) => Math.sign(num(n)) || 0 }),
  define({ name: 'round', form: 'function', params: [P.req('number', T.number), P.opt('ndigits', T.int, 0)], impl: ([n, digits]) => round(n, digits) }),
  define({ name: 'isInteger', form: 'function', params: [P.req('value', T.any)], impl: ([v]) => isInt(v) }),
  define({ name: 'isNumber', form: 'function', params: [P.req('value', T.any)], impl: ([v]) => typeof v === 'number' || v instanceof PyFloat }),
  define({ name: 'bool', form: 'function', params: [P.req('value', T.any)], impl: ([v]) => truthy(v) }),
  define({ name: 'isBoolean', form: 'function', params: [P.req('value', T.any)], impl: ([v]) => typeof v === 'boolean' }),
].flat();
