/**
 * Helpers for the Jinja tests: the golden context (yaql-subset §4, the same data the YAQL vectors
 * use), evaluation shortcuts, table-driven checks and a strict value comparison (Python equality
 * plus key order and int/float/bool kinds).
 */
import { expect, it } from 'vitest';
import { pyEquals } from '../../values/compare.js';
import { parseJson } from '../../values/json.js';
import { pyRepr } from '../../values/python-format.js';
import { PyFloat, isList, isMap, type Value, type ValueMap } from '../../values/value.js';
import { ExpressionError } from '../errors.js';
import { staticHost, type EvaluationContext } from '../host.js';
import type { EvaluationLimits } from '../limits.js';
import { CONTEXT_JSON } from '../yaql/golden.js';
import { compileJinjaExpression, compileJinjaTemplate } from './index.js';

export function goldenContext(limits?: Partial<EvaluationLimits>): EvaluationContext {
  const env = parseJson('{"region": "RegionOne"}') as ValueMap;
  return { data: parseJson(CONTEXT_JSON), host: staticHost({ env }), ...(limits ? { limits } : {}) };
}

export function evalJinja(expression: string, ctx: EvaluationContext = goldenContext()): Value {
  return compileJinjaExpression(expression).evaluate(ctx);
}

export function renderJinja(template: string, ctx: EvaluationContext = goldenContext()): string {
  return compileJinjaTemplate(template).render(ctx);
}

function kind(v: Value): string {
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (v instanceof PyFloat) return 'float';
  if (v === null) return 'none';
  return isList(v) ? 'list' : isMap(v) ? 'map' : typeof v;
}

/** Python equality, plus the same key order and the same int/float/bool kinds throughout. */
export function sameValue(actual: Value, expected: Value): boolean {
  if (kind(actual) !== kind(expected) || !pyEquals(actual, expected)) return false;
  if (isList(actual) && isList(expected)) return actual.every((x, i) => sameValue(x, expected[i] as Value));
  if (isMap(actual) && isMap(expected)) {
    const ka = [...actual.keys()];
    const kb = [...expected.keys()];
    return ka.every((k, i) => k === kb[i] && sameValue(actual.get(k) as Value, expected.get(k) as Value));
  }
  return true;
}

/** One test per row: `{{ expression }}` gives the JSON value, with the same kinds and key order. */
export function checkRows(rows: readonly (readonly [string, string])[]): void {
  it.each(rows)('{{ %s }} → %s', (expression, expected) => {
    const actual = evalJinja(expression);
    expect(sameValue(actual, parseJson(expected)), `got ${pyRepr(actual)}`).toBe(true);
  });
}

/** One test per row: `{{ expression }}` fails with a reason matching the pattern, and with `code` when given. */
export function failRows(rows: readonly (readonly [string, RegExp])[], code?: string): void {
  it.each(rows)('{{ %s }} fails', (expression, reason) => {
    let caught: unknown;
    try {
      evalJinja(expression);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ExpressionError);
    if (code !== undefined) expect((caught as ExpressionError).code).toBe(code);
    expect((caught as ExpressionError).reason).toMatch(reason);
  });
}
