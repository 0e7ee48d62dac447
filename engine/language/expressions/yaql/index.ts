/**
 * Convection's YAQL implementation: compile once, evaluate many times. Evaluation is an interpreter
 * over the value model — no host objects are reachable — and is bounded by the evaluation limits.
 *
 * Known differences from yaql 2.0 as Mistral runs it, each deliberate:
 * - Collection functions return lists, not one-shot iterators, so a result can be used twice
 *   (`let(range(4)) -> $.sum() + $.len()` is 10, not 6). Only possibly infinite or huge sources
 *   (`range`, `sequence`, `repeat`, `cycle`, `generate`) and what is built on them stay lazy.
 * - Integers are JavaScript numbers: exact up to 2^53, where Python's are unbounded.
 * - Patterns run on JavaScript's regex engine after translating Python's syntax; classes such as
 *   `\d` and `\w` match ASCII only.
 * - `datetime(string)` parses ISO 8601 and `YYYY-MM-DD HH:MM:SS` forms, not every dateutil format.
 * - Dict keys must be what JSON can carry; Python would accept a tuple key and fail later, when
 *   Mistral serialises the result.
 */
import { ExpressionError } from '../errors.js';
import type { EvaluationContext } from '../host.js';
import { Budget, DEFAULT_LIMITS, type EvaluationLimits } from '../limits.js';
import type { Value } from '../../values/value.js';
import type { Node } from './ast.js';
import { YaqlEvalError, YaqlSyntaxError } from './errors.js';
import { Evaluator } from './evaluate.js';
import { Meter } from './meter.js';
import { parseYaql } from './parser.js';
import { Session } from './runtime.js';
import { Scope } from './scope.js';
import { ContextValue } from './values/context-value.js';
import { finalize } from './values/lazy-sequence.js';

export interface YaqlExpression {
  /** The expression text, without the `<%` `%>` delimiters. */
  readonly source: string;
  /**
   * Evaluates with `$` bound to `ctx.data`. Throws an {@link ExpressionError} with code `evaluation`
   * (the expression failed, as it would in Mistral) or `limit` (a sandbox limit was hit), never
   * anything else.
   */
  evaluate(ctx: EvaluationContext): Value;
}

/**
 * Parses a YAQL expression. Throws an {@link ExpressionError} with code `syntax`, the reason yaql
 * would give, and the offset of the offending character or token.
 */
export function compileYaql(source: string): YaqlExpression {
  let ast: Node;
  try {
    ast = parseYaql(source);
  } catch (e) {
    if (e instanceof YaqlSyntaxError) throw new ExpressionError('syntax', 'yaql', source, e.reason, e.offset);
    throw new ExpressionError('syntax', 'yaql', source, `cannot parse the expression: ${(e as Error).message}`);
  }
  return Object.freeze({ source, evaluate: (ctx: EvaluationContext) => evaluate(source, ast, ctx) });
}

function limitsOf(ctx: EvaluationContext): EvaluationLimits {
  const limits: { -readonly [K in keyof EvaluationLimits]: number } = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(limits) as (keyof EvaluationLimits)[]) {
    const v = ctx.limits?.[key];
    if (typeof v === 'number') limits[key] = v;
  }
  return limits;
}

function evaluate(source: string, ast: Node, ctx: EvaluationContext): Value {
  const meter = new Meter(new Budget(limitsOf(ctx), 'yaql', source), source);
  const session = new Session();
  try {
    const result = new Evaluator(meter, ctx.host, session).evaluate(ast, new Scope(undefined, [ctx.data]));
    // As Mistral's JSON serialisation would, refuse a bare `let(…)` (a context, not data).
    if (result instanceof ContextValue) throw new YaqlEvalError('Object of type Context is not JSON serializable');
    return session.lazyCreated ? finalize(result, meter) : result;
  } catch (e) {
    throw asExpressionError(e, source);
  }
}

function asExpressionError(e: unknown, source: string): ExpressionError {
  if (e instanceof ExpressionError) return e;
  if (e instanceof YaqlEvalError) return new ExpressionError('evaluation', 'yaql', source, e.reason, e.offset);
  if (e instanceof RangeError) {
    // Stack exhaustion (data nested too deeply) or a string/array beyond what the engine can hold.
    const reason = /call stack/i.test(e.message) ? 'evaluation nested too deeply' : `result too large (${e.message})`;
    return new ExpressionError('limit', 'yaql', source, reason);
  }
  const error = new ExpressionError('evaluation', 'yaql', source, e instanceof Error ? e.message : String(e));
  // Host failures (a database error inside task()) keep their cause so the runtime can retry them.
  error.cause = e;
  return error;
}
