import { describe, expect, test } from 'vitest';
import { catchError, run } from './test-support.js';

function expectLimit(expression: string, limits = {}): void {
  const started = performance.now();
  const error = catchError(() => run(expression, { limits }));
  expect(error.code, `${expression}: ${error.message}`).toBe('limit');
  expect(performance.now() - started, `${expression} took too long`).toBeLessThan(3000);
}

describe('sandbox limits', () => {
  test.each([
    'range(0, 100000000)',
    'range(0, 100000000).toList()',
    "'x' * 1000000000",
    '[1] * 100000000',
    'sequence().len()',
    'sequence().select($ * 2).where(true).toList()',
    '1.repeat().toList()',
    '[1].cycle().count()',
    'generate(0, true, $ + 1).len()',
    'range(0, 100000000).select($).len()',
  ])('%s fails fast with a limit error', (expression) => expectLimit(expression));

  test('unbounded recursion through def() hits the depth limit', () => {
    expectLimit('def(f, f($)) -> f(1)');
  });

  test('nested lambdas count towards the depth limit', () => {
    const nested = '[1]' + '.select([1]'.repeat(120) + ')'.repeat(120);
    expectLimit(nested, { maxDepth: 50 });
  });

  test('the step limit stops long computations', () => {
    expectLimit('range(0, 1000).select($ * 2).sum()', { maxSteps: 500 });
    expect(run('range(0, 1000).select($ * 2).sum()', { limits: { maxSteps: 100_000 } })).toBe(999000);
  });

  test('the time limit stops work that takes few steps but much time', () => {
    expectLimit("range(0, 20000).select('x' * 100000).len()", { maxMillis: 20, maxCollectionSize: 10_000_000 });
  });

  test('the collection size limit applies to strings and lists built by functions', () => {
    expectLimit("range(0, 2000).select('x').join('')", { maxCollectionSize: 1000 });
    expectLimit('range(0, 200).toList() + range(0, 900).toList()', { maxCollectionSize: 1000 });
    expectLimit('[1, 2] * 600', { maxCollectionSize: 1000 });
  });

  test('values nested too deeply to print fail with a limit error, not a crash', () => {
    const error = catchError(() => run('str(generate([], true, [$]).take(200000).last())'));
    expect(['limit']).toContain(error.code);
  });
});

describe('infinite sources', () => {
  test.each(['1.repeat().distinct().take(2)', '1.repeat().distinct().skip(1).first()', 'sequence(0, 0).distinct().take(2)', '[1].cycle().distinct().take(2)'])(
    '%s cannot spin forever',
    (expression) => expectLimit(expression),
  );
});
