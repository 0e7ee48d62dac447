/**
 * Jinja's built-in tests (`x is defined`, `x is divisibleby 3`, `selectattr('a', 'gt', 1)`). Type
 * tests are isinstance checks, so they answer false for an undefined value instead of raising, as
 * StrictUndefined does in Jinja.
 */
import { PyFloat, isList, isMap, type Value } from '../../values/value.js';
import { bind, type Bound, type Param } from './args.js';
import { binaryOp, compare, contains, jEquals } from './operators.js';
import { isView } from './py-kinds.js';
import { jStr } from './py-str.js';
import { Callable, LoopContext, Namespace, Undefined, strict, type JArgs, type JValue, type Runtime } from './runtime.js';
import type { Budget } from '../limits.js';

export type TestFn = (value: JValue, args: JArgs, rt: Runtime) => boolean;

function typeTest(check: (v: Value) => boolean): TestFn {
  return (value, args) => {
    bind('test', [], args);
    if (value instanceof Undefined || value instanceof Callable || value instanceof Namespace || value instanceof LoopContext) return false;
    return check(value);
  };
}

function valueTest<const P extends readonly Param[]>(name: string, params: P, check: (v: Value, args: Bound<P, Value>, budget: Budget) => boolean): TestFn {
  return (value, args, rt) => check(strict(value), bind(name, params, args), rt.budget);
}

const isNumber = (v: Value): boolean => typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat;

const equalTo = valueTest('sameas', ['other'], (v, [o]) => jEquals(v, o));
const notEqual = valueTest('ne', ['other'], (v, [o]) => !jEquals(v, o));
const order = (op: '<' | '<=' | '>' | '>=', name: string): TestFn => valueTest(name, ['other'], (v, [o]) => compare(op, v, o));
const mod = (v: Value, n: Value, budget: Budget): Value => binaryOp('%', v, n, budget);

/** CPython small-int caching decides `1 is 1`; other values are identical only to themselves. */
function sameAs(a: Value, b: Value): boolean {
  if (a === null || typeof a === 'boolean' || typeof a === 'string') return a === b;
  if (typeof a === 'number') return a === b && Number.isInteger(a) && a >= -5 && a <= 256;
  return a === b;
}

export const TESTS: ReadonlyMap<string, TestFn> = new Map<string, TestFn>([
  ['defined', (v, a) => (bind('defined', [], a), !(v instanceof Undefined))],
  ['undefined', (v, a) => (bind('undefined', [], a), v instanceof Undefined)],
  ['none', typeTest((v) => v === null)],
  ['boolean', typeTest((v) => typeof v === 'boolean')],
  ['true', typeTest((v) => v === true)],
  ['false', typeTest((v) => v === false)],
  ['number', typeTest(isNumber)],
  ['integer', typeTest((v) => typeof v === 'number' && Number.isInteger(v))],
  ['float', typeTest((v) => v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v)))],
  ['string', typeTest((v) => typeof v === 'string')],
  ['mapping', typeTest(isMap)],
  ['sequence', typeTest((v) => typeof v === 'string' || (isList(v) && !isView(v)) || isMap(v))],
  ['iterable', typeTest((v) => typeof v === 'string' || isList(v) || isMap(v))],
  ['callable', (v, a) => (bind('callable', [], a), v instanceof Callable)],
  ['escaped', typeTest(() => false)],
  ['lower', valueTest('lower', [], (v) => { const s = jStr(v); return s !== s.toUpperCase() && s === s.toLowerCase(); })],
  ['upper', valueTest('upper', [], (v) => { const s = jStr(v); return s !== s.toLowerCase() && s === s.toUpperCase(); })],
  ['odd', valueTest('odd', [], (v, _a, b) => jEquals(mod(v, 2, b), 1))],
  ['even', valueTest('even', [], (v, _a, b) => jEquals(mod(v, 2, b), 0))],
  ['divisibleby', valueTest('divisibleby', ['num'], (v, [n], b) => jEquals(mod(v, n, b), 0))],
  ['sameas', valueTest('sameas', ['other'], (v, [o]) => sameAs(v, o))],
  ['in', valueTest('in', ['seq'], (v, [seq]) => contains(seq, v))],
  ['eq', equalTo],
  ['equalto', equalTo],
  ['==', equalTo],
  ['ne', notEqual],
  ['!=', notEqual],
  ['lt', order('<', 'lt')],
  ['lessthan', order('<', 'lessthan')],
  ['<', order('<', 'lt')],
  ['le', order('<=', 'le')],
  ['<=', order('<=', 'le')],
  ['gt', order('>', 'gt')],
  ['greaterthan', order('>', 'greaterthan')],
  ['>', order('>', 'gt')],
  ['ge', order('>=', 'ge')],
  ['>=', order('>=', 'ge')],
]);
