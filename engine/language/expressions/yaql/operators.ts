/**
 * YAQL's operators with Python semantics: int/float arithmetic (`/` on two ints floors), string and
 * list repetition, list/map concatenation, datetime arithmetic, comparisons (null sorts first, mixed
 * types fail), `in`, and regex matching. An operand combination yaql has no overload for fails with
 * yaql's own message: `No function "#operator_+" matches supplied arguments`.
 */
import { pyCompare, pyEquals } from '../../values/compare.js';
import { PyFloat, isInt, isList, isMap, isNumber, makeFloat, num, type MapKey, type Value } from '../../values/value.js';
import type { BinaryOperator } from './ast.js';
import { fail, noMatchingFunction } from './errors.js';
import { compilePython } from './python/regex.js';
import type { Runtime } from './runtime.js';
import { DateTime, TimeSpan } from './values/date-time.js';
import { isIterableValue, iterate, produce } from './values/iterables.js';
import { LazySequence } from './values/lazy-sequence.js';
import { YaqlRegex } from './values/yaql-regex.js';
import { YaqlSet } from './values/yaql-set.js';

export type ComparisonOperator = '<' | '>' | '<=' | '>=';

export function applyBinary(op: BinaryOperator, a: Value, b: Value, rt: Runtime): Value {
  switch (op) {
    case '+':
      return add(a, b, rt);
    case '-':
      return subtract(a, b);
    case '*':
      return multiply(a, b, rt);
    case '/':
      return divide(a, b);
    case 'mod':
      return modulo(a, b);
    case '=':
      return pyEquals(a, b);
    case '!=':
      return !pyEquals(a, b);
    case '<':
    case '>':
    case '<=':
    case '>=':
      return compare(op, a, b);
    case 'in':
      return contains(b, a, rt, '#operator_in');
    case '=~':
      return matches(a, b, '#operator_=~');
    case '!~':
      return !matches(a, b, '#operator_!~');
  }
}

export function add(a: Value, b: Value, rt: Runtime): Value {
  if (isNumber(a) && isNumber(b)) return isInt(a) && isInt(b) ? a + b : makeFloat(num(a) + num(b));
  if (typeof a === 'string' && typeof b === 'string') {
    rt.meter.checkSize(a.length + b.length);
    return a + b;
  }
  if (isIterableValue(a) && isIterableValue(b)) {
    if (isList(a) && isList(b)) {
      rt.meter.checkSize(a.length + b.length);
      return [...a, ...b];
    }
    if (a instanceof YaqlSet && b instanceof YaqlSet) return a.union(b);
    return produce(rt, [a, b], function* () {
      yield* iterate(a);
      yield* iterate(b);
    });
  }
  if (isMap(a) && isMap(b)) {
    rt.meter.checkSize(a.size + b.size);
    const merged = new Map<MapKey, Value>(a);
    for (const [k, v] of b) merged.set(k, v);
    return merged;
  }
  if (a instanceof DateTime && b instanceof TimeSpan) return a.withInstant(a.utcMicros + b.micros);
  if (a instanceof TimeSpan && b instanceof DateTime) return b.withInstant(b.utcMicros + a.micros);
  if (a instanceof TimeSpan && b instanceof TimeSpan) return new TimeSpan(a.micros + b.micros);
  return noMatchingFunction('#operator_+');
}

function subtract(a: Value, b: Value): Value {
  if (isNumber(a) && isNumber(b)) return isInt(a) && isInt(b) ? a - b : makeFloat(num(a) - num(b));
  if (a instanceof YaqlSet && b instanceof YaqlSet) return a.difference(b);
  if (a instanceof DateTime && b instanceof TimeSpan) return a.withInstant(a.utcMicros - b.micros);
  if (a instanceof DateTime && b instanceof DateTime) return new TimeSpan(a.utcMicros - b.utcMicros);
  if (a instanceof TimeSpan && b instanceof TimeSpan) return new TimeSpan(a.micros - b.micros);
  return noMatchingFunction('#operator_-');
}

function multiply(a: Value, b: Value, rt: Runtime): Value {
  if (isNumber(a) && isNumber(b)) return isInt(a) && isInt(b) ? a * b : makeFloat(num(a) * num(b));
  if (typeof a === 'string' && isInt(b)) return repeatString(a, b, rt);
  if (isInt(a) && typeof b === 'string') return repeatString(b, a, rt);
  if (isList(a) && isInt(b)) return repeatList(a, b, rt);
  if (isInt(a) && isList(b)) return repeatList(b, a, rt);
  if (a instanceof TimeSpan && isNumber(b)) return scaleTimeSpan(a, num(b));
  if (isNumber(a) && b instanceof TimeSpan) return scaleTimeSpan(b, num(a));
  return noMatchingFunction('#operator_*');
}

function repeatString(s: string, times: number, rt: Runtime): string {
  if (times <= 0 || s === '') return '';
  rt.meter.checkSize(s.length * times);
  rt.meter.bulk(s.length * times);
  return s.repeat(times);
}

function repeatList(list: readonly Value[], times: number, rt: Runtime): Value[] {
  if (times <= 0) return [];
  rt.meter.checkSize(list.length * times);
  rt.meter.bulk(list.length * times);
  const out: Value[] = [];
  for (let i = 0; i < times; i++) out.push(...list);
  return out;
}

/** Python rounds timedelta microseconds half to even. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

function scaleTimeSpan(ts: TimeSpan, factor: number): TimeSpan {
  if (Number.isInteger(factor)) return new TimeSpan(ts.micros * BigInt(factor));
  const micros = Number(ts.micros) * factor;
  if (!Number.isFinite(micros)) fail('cannot convert float infinity to integer');
  return new TimeSpan(BigInt(roundHalfEven(micros)));
}

function divide(a: Value, b: Value): Value {
  if (isNumber(a) && isNumber(b)) {
    if (isInt(a) && isInt(b)) {
      if (b === 0) fail('integer division or modulo by zero');
      return Math.floor(a / b);
    }
    if (num(b) === 0) fail('float division by zero');
    return makeFloat(num(a) / num(b));
  }
  if (a instanceof TimeSpan && b instanceof TimeSpan) {
    if (b.micros === 0n) fail('float division by zero');
    return makeFloat(Number(a.micros) / Number(b.micros));
  }
  if (a instanceof TimeSpan && isNumber(b)) {
    if (num(b) === 0) fail('division by zero');
    return scaleTimeSpan(a, 1 / num(b));
  }
  return noMatchingFunction('#operator_/');
}

function modulo(a: Value, b: Value): Value {
  if (!isNumber(a) || !isNumber(b)) return noMatchingFunction('#operator_mod');
  const x = num(a);
  const y = num(b);
  const ints = isInt(a) && isInt(b);
  if (y === 0) fail(ints ? 'integer division or modulo by zero' : 'float modulo');
  let r = x % y;
  // Python's result takes the sign of the divisor.
  if (r !== 0 && r < 0 !== y < 0) r += y;
  return ints ? r : makeFloat(r);
}

export function negate(v: Value): Value {
  if (typeof v === 'number') return -v;
  if (v instanceof PyFloat) return new PyFloat(-v.value);
  if (v instanceof TimeSpan) return new TimeSpan(-v.micros);
  return noMatchingFunction('#unary_operator_-');
}

export function unaryPlus(v: Value): Value {
  if (isNumber(v) || v instanceof TimeSpan) return v;
  return noMatchingFunction('#unary_operator_+');
}

function holds(op: ComparisonOperator, c: number): boolean {
  switch (op) {
    case '<':
      return c < 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    case '>=':
      return c >= 0;
  }
}

/** yaql's ordering operators (also what orderBy, max and min use). */
export function compare(op: ComparisonOperator, a: Value, b: Value): boolean {
  // yaql's common library: null is less than anything else and equal to itself.
  if (a === null || b === null) return holds(op, a === b ? 0 : a === null ? -1 : 1);
  if (isNumber(a) && isNumber(b)) {
    const x = num(a);
    const y = num(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return false;
    return holds(op, x < y ? -1 : x > y ? 1 : 0);
  }
  if (typeof a === 'string' && typeof b === 'string') return holds(op, pyCompare(a, b) ?? 0);
  if ((a instanceof DateTime && b instanceof DateTime) || (a instanceof TimeSpan && b instanceof TimeSpan)) {
    return holds(op, a.compare(b) ?? 0);
  }
  if (a instanceof YaqlSet && b instanceof YaqlSet) {
    switch (op) {
      case '<':
        return a.size < b.size && a.isSubsetOf(b);
      case '<=':
        return a.isSubsetOf(b);
      case '>':
        return a.size > b.size && b.isSubsetOf(a);
      case '>=':
        return b.isSubsetOf(a);
    }
  }
  return noMatchingFunction(`#operator_${op}`);
}

/** `item in collection`: membership in lists, sets and sequences, or substring of a string. */
export function contains(collection: Value, item: Value, rt: Runtime, name: string): boolean {
  if (typeof collection === 'string' && typeof item === 'string' && name === '#operator_in') return collection.includes(item);
  if (collection instanceof YaqlSet) return collection.has(item);
  if (isList(collection) || collection instanceof LazySequence) {
    for (const x of iterate(collection)) {
      rt.meter.step();
      if (pyEquals(x, item)) return true;
    }
    return false;
  }
  return noMatchingFunction(name);
}

/** `string =~ pattern`, where the pattern is a string or a `regex()` value: Python's re.search. */
export function matches(text: Value, pattern: Value, name: string): boolean {
  if (typeof text !== 'string') return noMatchingFunction(name);
  let re: RegExp;
  if (typeof pattern === 'string') re = compilePython(pattern);
  else if (pattern instanceof YaqlRegex) re = pattern.re;
  else return noMatchingFunction(name);
  re.lastIndex = 0;
  const found = re.test(text);
  re.lastIndex = 0;
  return found;
}
