import { describe, test } from 'vitest';
import {
  BRANCHING_CASES,
  BRANCHING_ERRORS,
  COLLECTION_CASES,
  COLLECTION_ERRORS,
  DATE_TIME_CASES,
  DATE_TIME_ERRORS,
  DICT_CASES,
  MATH_CASES,
  REGEX_CASES,
  SET_CASES,
  STRING_CASES,
  STRING_ERRORS,
} from './function-cases.js';
import { expectError, expectResult } from './test-support.js';

const families = [
  ['strings', STRING_CASES, STRING_ERRORS],
  ['collections and queries', COLLECTION_CASES, COLLECTION_ERRORS],
  ['dicts', DICT_CASES, []],
  ['sets', SET_CASES, []],
  ['math and boolean', MATH_CASES, []],
  ['regex', REGEX_CASES, []],
  ['date and time', DATE_TIME_CASES, DATE_TIME_ERRORS],
  ['branching and system', BRANCHING_CASES, BRANCHING_ERRORS],
] as const;

for (const [family, cases, errors] of families) {
  describe(family, () => {
    test.each(cases)('$expression = $json', ({ expression, json }) => expectResult(expression, json));
    if (errors.length > 0) test.each(errors)('$expression fails', (c) => expectError(c));
  });
}
