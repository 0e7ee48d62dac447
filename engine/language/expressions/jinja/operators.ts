/**
 * Python operators over the value model: int/float arithmetic (true division, floor division and
 * modulo with Python signs, exact int powers), sequence concatenation and repetition, `%` string
 * formatting, comparisons and membership. Type mismatches raise Python's TypeError messages.
 */
import { pyCompare, pyEquals } from '../../values/compare.js';
import { PyFloat, isList, isMap, makeFloat, type Value } from '../../values/value.js';
import type { BinaryOp } from './ast.js';
import type { Budget } from '../limits.js';
import { percentFormat } from './percent-format.js';
import { isTuple, kindOf, makeTuple, pyTypeName } from './py-kinds.js';
import { PyError } from './runtime.js';
import { findKey, repeat } from './sequences.js';

interface Num {
  readonly n: number;
  readonly float: boolean;
}

function asNum(v: Value): Num | undefined {
  if (typeof v === 'boolean') return { n: v ? 1 : 0, float: false };
  if (typeof v === 'number') return { n: v, float: !Number.isInteger(v) };
  if (v instanceof PyFloat) return { n: v.value, float: true };
  return undefined;
}

/** An int result, refusing what a JS number cannot hold exactly (Python ints are unbounded). */
export function intResult(n: number): number {
  if (!Number.isSafeInteger(n)) throw new PyError('integer result is too large (Convection limits integers to ±2**53)');
  return n === 0 ? 0 : n;
}

/** Python lets +, - and * overflow to inf; only ** raises OverflowError. */
function floatResult(n: number): Value {
  return makeFloat(n);
}

function unsupported(op: string, a: Value, b: Value): PyError {
  return new PyError(`unsupported operand type(s) for ${op}: '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

export function binaryOp(op: BinaryOp, a: Value, b: Value, budget: Budget): Value {
  const x = asNum(a);
  const y = asNum(b);
  if (x && y) return numeric(op, x, y);
  switch (op) {
    case '+':
      return concat(a, b, budget);
    case '*': {
      if (y && !y.float && !x) return repeat(a, y.n, budget);
      if (x && !x.float && !y) return repeat(b, x.n, budget);
      if (typeof a === 'string' || isList(a) || typeof b === 'string' || isList(b)) {
        const other = typeof a === 'string' || isList(a) ? b : a;
        throw new PyError(`can't multiply sequence by non-int of type '${pyTypeName(other)}'`);
      }
      throw unsupported(op, a, b);
    }
    case '%':
      if (typeof a === 'string') return percentFormat(a, b, budget);
      throw unsupported(op, a, b);
    default:
      throw unsupported(op === '**' ? '** or pow()' : op, a, b);
  }
}

function concat(a: Value, b: Value, budget: Budget): Value {
  if (typeof a === 'string') {
    if (typeof b !== 'string') throw new PyError(`can only concatenate str (not "${pyTypeName(b)}") to str`);
    budget.checkSize(a.length + b.length);
    return a + b;
  }
  if (isList(a) && (kindOf(a) === 'list' || isTuple(a))) {
    const kind = isTuple(a) ? 'tuple' : 'list';
    if (!isList(b) || (isTuple(b) ? 'tuple' : kindOf(b)) !== kind) {
      throw new PyError(`can only concatenate ${kind} (not "${pyTypeName(b)}") to ${kind}`);
    }
    budget.checkSize(a.length + b.length);
    budget.step(a.length + b.length);
    const out = a.concat(b);
    return kind === 'tuple' ? makeTuple(out) : out;
  }
  throw unsupported('+', a, b);
}

function numeric(op: BinaryOp, x: Num, y: Num): Value {
  const float = x.float || y.float;
  const a = x.n;
  const b = y.n;
  switch (op) {
    case '+':
      return float ? floatResult(a + b) : intResult(a + b);
    case '-':
      return float ? floatResult(a - b) : intResult(a - b);
    case '*':
      return float ? floatResult(a * b) : intResult(a * b);
    case '/':
      if (b === 0) throw new PyError('division by zero');
      return floatResult(a / b);
    case '//':
      if (b === 0) throw new PyError(float ? 'float floor division by zero' : 'integer division or modulo by zero');
      return float ? makeFloat(floatDivmod(a, b)[0]) : intDivmod(a, b)[0];
    case '%':
      if (b === 0) throw new PyError(float ? 'float modulo' : 'integer division or modulo by zero');
      return float ? makeFloat(floatDivmod(a, b)[1]) : intDivmod(a, b)[1];
    case '**':
      return power(a, b, float);
  }
}

function intDivmod(a: number, b: number): [number, number] {
  const x = BigInt(a);
  const y = BigInt(b);
  let q = x / y;
  let r = x % y;
  // BigInt division truncates; Python floors, so the remainder takes the divisor's sign.
  if (r !== 0n && r < 0n !== y < 0n) {
    q -= 1n;
    r += y;
  }
  return [intResult(Number(q)), Number(r)];
}

/** CPython's float_divmod, so edge cases (signs of zero, rounding) match. */
function floatDivmod(a: number, b: number): [number, number] {
  let mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0) {
    if (b < 0 !== mod < 0) {
      mod += b;
      div -= 1;
    }
  } else {
    mod = b < 0 ? -0 : 0;
  }
  let floordiv: number;
  if (div !== 0) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
  } else {
    floordiv = a / b < 0 ? -0 : 0;
  }
  return [floordiv, mod];
}

function power(a: number, b: number, float: boolean): Value {
  if (a === 0 && b < 0) throw new PyError('0.0 cannot be raised to a negative power');
  if (!float && b >= 0) {
    if (a === 0 || a === 1 || b === 0) return b === 0 ? 1 : a;
    if (a === -1) return b % 2 === 0 ? 1 : -1;
    if (b > 64) throw new PyError('integer result is too large (Convection limits integers to ±2**53)');
    return intResult(Number(BigInt(a) ** BigInt(b)));
  }
  if (a < 0 && !Number.isInteger(b)) throw new PyError('negative number cannot be raised to a fractional power');
  const r = a ** b;
  if (!Number.isFinite(r) && Number.isFinite(a) && Number.isFinite(b)) throw new PyError("(34, 'Numerical result out of range')");
  return makeFloat(r);
}

export function unaryOp(op: '-' | '+', v: Value): Value {
  const x = asNum(v);
  if (!x) throw new PyError(`bad operand type for unary ${op}: '${pyTypeName(v)}'`);
  if (op === '+') return x.float ? makeFloat(x.n) : x.n;
  return x.float ? makeFloat(-x.n) : intResult(0 - x.n);
}

/** Python `==`, which also tells a tuple from a list. */
export function jEquals(a: Value, b: Value): boolean {
  if (isList(a) && isList(b)) {
    const ka = isTuple(a) ? 'tuple' : kindOf(a);
    const kb = isTuple(b) ? 'tuple' : kindOf(b);
    if (ka !== kb || a.length !== b.length) return false;
    return a.every((x, i) => jEquals(x, b[i] as Value));
  }
  if (isMap(a) && isMap(b)) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !jEquals(v, b.get(k) as Value)) return false;
    return true;
  }
  return pyEquals(a, b);
}

export function compare(op: '<' | '<=' | '>' | '>=', a: Value, b: Value): boolean {
  const c = isList(a) && isList(b) && isTuple(a) !== isTuple(b) ? undefined : pyCompare(a, b);
  if (c === undefined) {
    throw new PyError(`'${op}' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
  }
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    default:
      return c >= 0;
  }
}

/** Python `item in container`. */
export function contains(container: Value, item: Value): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw new PyError(`'in <string>' requires string as left operand, not ${pyTypeName(item)}`);
    return container.includes(item);
  }
  if (isList(container)) return container.some((x) => jEquals(x, item));
  if (isMap(container)) {
    return findKey(container, item) !== undefined;
  }
  throw new PyError(`argument of type '${pyTypeName(container)}' is not iterable`);
}
