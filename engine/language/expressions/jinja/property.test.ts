import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../errors.js';
import { compileJinjaExpression, compileJinjaTemplate } from './index.js';
import { goldenContext } from './test-support.js';

const PIECES = [
  '{{', '}}', '{%', '%}', '{#', '#}', '-', '+', '{%-', '-%}', ' ', '\n', 'if', 'elif', 'else', 'endif', 'for', 'in',
  'endfor', 'set', 'endset', 'with', 'endwith', 'filter', 'endfilter', 'raw', 'endraw', 'not', 'and', 'or', 'is',
  '_', '.', 'vm', 'name', 'nums', 'servers', 'msg', 'nothing', 'loop', 'x', '=', '==', '(', ')', '[', ']', '{', '}',
  ',', ':', '|', '~', '*', '**', '/', '//', '%', '<', '>=', '0', '1', '-1', '2.5', '1e3', "'a'", '"b"', "'%s'",
  'map', 'select', 'selectattr', 'sort', 'join', 'default', 'length', 'list', 'int', 'round', 'format', 'tojson',
  'attribute=', "'name'", 'defined', 'none', 'true', 'range', 'dict', 'namespace', 'env', 'task', 'json_dump',
  'upper', 'split', 'get', 'items', 'keys', '__class__', 'constructor', 'ns', 'batch', 'slice', 'center',
];

const jinjaLike = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(' '));
const anyText = fc.string({ maxLength: 60, unit: 'binary' });

function onlyValuesOrExpressionErrors(run: () => unknown): void {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ExpressionError);
    expect((e as ExpressionError).reason).not.toMatch(/^internal error/);
  }
}

function exercise(source: string): void {
  const ctx = goldenContext({ maxSteps: 20_000, maxMillis: 500 });
  onlyValuesOrExpressionErrors(() => compileJinjaExpression(source).evaluate(ctx));
  onlyValuesOrExpressionErrors(() => compileJinjaTemplate(source).render(ctx));
  onlyValuesOrExpressionErrors(() => compileJinjaTemplate(`{{ ${source} }}`).render(ctx));
}

describe('Jinja property: arbitrary input only yields values or ExpressionError', () => {
  it('random text', () => {
    fc.assert(fc.property(anyText, exercise), { numRuns: 1500 });
  });

  it('random Jinja-like token soup', () => {
    fc.assert(fc.property(jinjaLike, exercise), { numRuns: 3000 });
  });
});
