/** Shared helpers for the YAQL test suites. */
import { expect } from 'vitest';
import { pyEquals } from '../../values/compare.js';
import { parseJson } from '../../values/json.js';
import { pyRepr } from '../../values/python-format.js';
import { isFloat, isList, isMap, type Value } from '../../values/value.js';
import { ExpressionError } from '../errors.js';
import { staticHost, type MistralHost } from '../host.js';
import type { EvaluationLimits } from '../limits.js';
import type { ErrorCase } from './golden.js';
import { CONTEXT_JSON } from './golden.js';
import { compileYaql } from './index.js';

export const CONTEXT: Value = parseJson(CONTEXT_JSON);

export function run(expression: string, options: { data?: Value; host?: MistralHost; limits?: Partial<EvaluationLimits> } = {}): Value {
  return compileYaql(expression).evaluate({ data: options.data ?? CONTEXT, host: options.host ?? staticHost(), limits: options.limits });
}

/** Python equality, plus what equality ignores: int vs float vs bool, and dict key order. */
export function expectSameValue(actual: Value, expected: Value, path = '$'): void {
  expect(pyEquals(actual, expected), `${path}: got ${pyRepr(actual)}, want ${pyRepr(expected)}`).toBe(true);
  expect(typeof actual, `${path}: type of ${pyRepr(actual)}`).toBe(typeof expected);
  expect(isFloat(actual), `${path}: float-ness of ${pyRepr(actual)}`).toBe(isFloat(expected));
  if (isMap(actual) && isMap(expected)) {
    expect([...actual.keys()], `${path}: key order`).toEqual([...expected.keys()]);
    for (const [k, v] of expected) expectSameValue(actual.get(k) as Value, v, `${path}.${String(k)}`);
  }
  if (isList(actual) && isList(expected)) expected.forEach((v, i) => expectSameValue(actual[i] as Value, v, `${path}[${i}]`));
}

export function expectResult(expression: string, json: string, data?: Value): void {
  expectSameValue(run(expression, { data }), parseJson(json));
}

export function catchError(f: () => unknown): ExpressionError {
  try {
    f();
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw new Error(`expected an ExpressionError, got ${String(e)}`);
  }
  throw new Error('expected an ExpressionError, but nothing was thrown');
}

export function expectError(c: ErrorCase, data?: Value): void {
  const error = catchError(() => run(c.expression, { data }));
  expect(error.code).toBe(c.code);
  expect(error.language).toBe('yaql');
  expect(error.expression).toBe(c.expression);
  if (c.reason !== undefined) expect(error.reason).toBe(c.reason);
  if (c.offset !== undefined) expect(error.offset).toBe(c.offset);
}
