/**
 * Robustness: whatever the text, compiling and evaluating either succeeds or throws an
 * ExpressionError — never another exception — and always within the limits.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ExpressionError } from '../errors.js';
import { staticHost } from '../host.js';
import { builtinNames } from './functions/registry.js';
import { compileYaql } from './index.js';
import { CONTEXT } from './test-support.js';

const LIMITS = { maxSteps: 20_000, maxDepth: 40, maxCollectionSize: 2_000, maxMillis: 200 };

function check(text: string): void {
  const started = performance.now();
  try {
    compileYaql(text).evaluate({ data: CONTEXT, host: staticHost(), limits: LIMITS });
  } catch (e) {
    if (!(e instanceof ExpressionError)) throw new Error(`${JSON.stringify(text)} threw ${String(e)}`);
    expect(['syntax', 'evaluation', 'limit']).toContain(e.code);
    // Only host failures carry a cause; the static host never fails, so a cause is an internal bug.
    if (e.cause !== undefined) throw new Error(`${JSON.stringify(text)} failed internally: ${String(e.cause)}`);
  }
  expect(performance.now() - started, text).toBeLessThan(2_000);
}

const { functions, methods } = builtinNames();
const atom = fc.constantFrom('1', '2.5', '0', '-1', "'a'", "'x,y'", '"b"', 'null', 'true', 'false', '$', '$.nums', '$.servers', '$.vm', '$.msg', '$.nothing', '$x', '$1', '$2', 'ERROR', '[]', '{}', '[1, 2]', '{a => 1}');

/** Well-formed expressions over the real function table, to reach deep into the evaluator. */
const expression: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc.tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/', 'mod', '=', '!=', '<', '>=', 'in', 'and', 'or', '=~', '->'), tie('expr')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(fc.constantFrom('-', 'not '), tie('expr')).map(([op, a]) => `${op}(${a})`),
    fc.tuple(tie('expr'), fc.constantFrom(...methods), fc.array(tie('expr'), { maxLength: 3 })).map(([r, m, args]) => `(${r}).${m}(${args.join(', ')})`),
    fc.tuple(fc.constantFrom(...functions), fc.array(tie('expr'), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
    fc.tuple(tie('expr'), fc.constantFrom('name', 'ram', 'tags', 'year', 'hours')).map(([r, name]) => `(${r}).${name}`),
    fc.tuple(tie('expr'), tie('expr')).map(([r, i]) => `(${r})[${i}]`),
    fc.tuple(fc.constantFrom('a', 'x', 'k'), tie('expr'), tie('expr')).map(([k, v, body]) => `let(${k} => ${v}) -> ${body}`),
    fc.array(tie('expr'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
  ),
})).expr;

const TOKENS = ['$', '.', '?.', 'vm', 'name', '(', ')', '[', ']', '{', '}', ',', '=>', '->', '+', '-', '*', '/', 'mod', 'and', 'or', 'not', 'in', '=', '!=', '<', '>', '=~', '1', '2.5', "'a'", 'null', 'true', 'len(', 'where(', 'select(', 'range(', 'let(', 'x', '$x', 'sequence(', '.select(', '.take(', '.len()', "'\\x'", '`'];

describe('robustness', () => {
  test('random text compiles or fails with an ExpressionError', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), check), { numRuns: 2_000 });
  });

  test('random token soup compiles or fails with an ExpressionError', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 25 }), fc.boolean(), (tokens, spaced) => check(tokens.join(spaced ? ' ' : ''))),
      { numRuns: 3_000 },
    );
  });

  test('random well-formed expressions evaluate or fail with an ExpressionError', () => {
    fc.assert(fc.property(expression, check), { numRuns: 3_000 });
  });
});
