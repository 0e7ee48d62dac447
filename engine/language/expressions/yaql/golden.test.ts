import { describe, expect, test } from 'vitest';
import { PyFloat } from '../../values/value.js';
import {
  ERROR_VECTORS,
  GOLDEN,
  KEYWORD_CASES,
  KEYWORD_ERRORS,
  NUMBER_CASES,
  NUMBER_ERRORS,
  PRECEDENCE_CASES,
  PRECEDENCE_ERRORS,
  UNARY_CASES,
  UNARY_ERRORS,
} from './golden.js';
import { expectError, expectResult, run } from './test-support.js';

describe('yaql-subset §4.1 golden examples', () => {
  test('covers all 54 examples', () => {
    expect(new Set(GOLDEN.map((c) => c.id.replace(/[a-z]$/, ''))).size).toBe(54);
  });
  test.each(GOLDEN)('#$id $expression', ({ expression, json }) => expectResult(expression, json));
});

describe('error vectors', () => {
  test.each(ERROR_VECTORS)('$expression fails with $code', (c) => expectError(c));
  test('prints the Mistral message shape', () => {
    expect(() => run('$.vm.missing')).toThrow("Can not evaluate YAQL expression [expression=$.vm.missing, error='missing']");
    expect(() => run("'%s' % 1")).toThrow("Invalid YAQL expression [expression='%s' % 1, error=Lexical error: illegal character '%' at position 5]");
  });
});

describe('operator precedence', () => {
  test.each(PRECEDENCE_CASES)('$expression = $json', ({ expression, json }) => expectResult(expression, json));
  test.each(PRECEDENCE_ERRORS)('$expression fails', (c) => expectError(c));
});

describe('unary minus and plus', () => {
  test.each(UNARY_CASES)('$expression = $json', ({ expression, json }) => expectResult(expression, json));
  test.each(UNARY_ERRORS)('$expression fails', (c) => expectError(c));
});

describe('keyword strings and the sandbox', () => {
  test.each(KEYWORD_CASES)('$expression = $json', ({ expression, json }) => expectResult(expression, json));
  test.each(KEYWORD_ERRORS)('$expression fails with $code', (c) => expectError(c));
});

describe('int and float', () => {
  test.each(NUMBER_CASES)('$expression = $json', ({ expression, json }) => expectResult(expression, json));
  test.each(NUMBER_ERRORS)('$expression fails', (c) => expectError(c));

  test('keeps integral float results boxed as PyFloat', () => {
    expect(run('2.0 * 3')).toEqual(new PyFloat(6));
    expect(run('float(10) / 4')).toBe(2.5);
    expect(run('7 / 2')).toBe(3);
  });
});
