import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../errors.js';
import { evalJinja, goldenContext, renderJinja } from './test-support.js';

function failure(run: () => unknown): ExpressionError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ExpressionError);
    return e as ExpressionError;
  }
  throw new Error('expected an ExpressionError');
}

describe('Jinja sandbox', () => {
  it.each([
    ['_.__class__', /unsafe/],
    ['_.vm.__class__.__mro__', /unsafe/],
    ["_['__class__']", /unsafe/],
    ['_.__proto__', /unsafe/],
    ['_.constructor', /has no attribute 'constructor'/],
    ['_.vm.name.constructor', /has no attribute 'constructor'/],
    ["_.vm['constructor']", /has no attribute 'constructor'/],
    ['_.nums.constructor', /has no attribute 'constructor'/],
    ['_.vm.name.length', /has no attribute 'length'/],
    ['_.nums.length', /has no attribute 'length'/],
    ['_.vm.hasOwnProperty', /has no attribute 'hasOwnProperty'/],
    ["''.__class__.__mro__[1].__subclasses__()", /unsafe/],
    ['range.__globals__', /unsafe/],
    ['env.__call__', /unsafe/],
    ['_.vm.update({"a": 1})', /not supported: values are immutable/],
    ['_.nums.append(4)', /not supported: values are immutable/],
  ])('%s is refused', (expression, reason) => {
    const e = failure(() => evalJinja(expression));
    expect(e.code).toBe('evaluation');
    expect(e.reason).toMatch(reason);
  });

  it('leaves the data untouched', () => {
    const ctx = goldenContext();
    expect(() => evalJinja('_.nums.sort()', ctx)).toThrow(ExpressionError);
    expect(evalJinja('_.nums', ctx)).toEqual([3, 1, 2]);
  });

  it.each([
    ['[0] * 2000000000'],
    ["'x' * 10**9"],
    ["'x' * 1000 * 1000 * 1000"],
    ['[0] * 100000 * 100000'],
    ["'x' | center(10**9)"],
    ["'%0999999999d' % 1"],
    ["'{:>999999999}'.format(1)"],
    ["'x'.ljust(10**9)"],
    ["('x' * 100000) | replace('', 'yyyyyyyyyy')"],
    ['[1] | batch(10**9, 0)'],
  ])('%s fails fast with a limit error', (expression) => {
    const started = performance.now();
    const e = failure(() => evalJinja(expression));
    expect(e.code).toBe('limit');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('bounds loops by steps and output size', () => {
    const loops = '{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}{{ 1 }}';
    expect(failure(() => renderJinja(loops, goldenContext({ maxSteps: 100_000 }))).code).toBe('limit');
    const output = '{% for a in range(100000) %}{{ "xxxxxxxxxxxxxxxxxxxx" }}{% endfor %}';
    expect(failure(() => renderJinja(output)).code).toBe('limit');
  });

  it('bounds evaluation depth', () => {
    const nested = '['.repeat(60) + '1' + ']'.repeat(60);
    expect(failure(() => evalJinja(nested, goldenContext({ maxDepth: 50 }))).code).toBe('limit');
    expect(() => evalJinja(nested)).not.toThrow();
  });

  it('evaluates long operator chains without deep recursion', () => {
    const sum = Array.from({ length: 5000 }, () => '1').join(' + ');
    expect(evalJinja(sum)).toBe(5000);
    const ors = Array.from({ length: 5000 }, () => 'none').join(' or ') + " or 'last'";
    expect(evalJinja(ors)).toBe('last');
    expect(evalJinja('0 and 1 or 2')).toBe(2);
    expect(evalJinja('1 or 2 and 3')).toBe(1);
  });

  it('blocks huge ranges like the Jinja sandbox', () => {
    expect(failure(() => evalJinja('range(10**9) | length')).reason).toMatch(/MAX_RANGE/);
  });

  it('refuses integers beyond what a JS number holds exactly', () => {
    expect(failure(() => evalJinja('2 ** 64')).reason).toMatch(/too large/);
    expect(failure(() => evalJinja('9007199254740991 + 1')).reason).toMatch(/too large/);
    expect(evalJinja('2 ** 52')).toBe(4503599627370496);
  });
});
