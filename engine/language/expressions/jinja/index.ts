/**
 * Mistral's Jinja dialect: Jinja2 3.1 semantics over Python-like values, in a sandboxed
 * interpreter. A string that is exactly one `{{ … }}` is compiled with {@link compileJinjaExpression}
 * and yields a native value; any other Jinja string is a template rendered to text.
 */
import { ExpressionError } from '../errors.js';
import type { EvaluationContext } from '../host.js';
import { Budget, DEFAULT_LIMITS } from '../limits.js';
import type { Value } from '../../values/value.js';
import type { Expr } from './ast.js';
import { Evaluator, Scope } from './evaluate.js';
import { HostFailure } from './globals.js';
import { lexTokens } from './lexer.js';
import { ExpressionParser } from './parser.js';
import { Renderer } from './render.js';
import { Namespace, PyError, strict, type JValue } from './runtime.js';
import { lexTemplate } from './template-lexer.js';
import { parseTemplate } from './template-parser.js';
import { TokenStream } from './token-stream.js';
import { describeToken, syntaxError, type Token } from './tokens.js';

export interface JinjaExpression {
  readonly source: string;
  evaluate(ctx: EvaluationContext): Value;
}

export interface JinjaTemplate {
  readonly source: string;
  render(ctx: EvaluationContext): string;
}

/** Compiles the text inside one `{{ }}`; throws a `syntax` ExpressionError when it does not parse. */
export function compileJinjaExpression(source: string): JinjaExpression {
  const ast = compiling(source, () => parseExpressionSource(source));
  return {
    source,
    evaluate: (ctx) => evaluating(source, ctx, (ev, scope) => result(ev.eval(ast, scope))),
  };
}

/**
 * Compiles a template (text with `{{ }}`, `{% %}` and `{# #}`) rendered with trim_blocks and
 * lstrip_blocks on and autoescape off, printing values as Python's `str()` does.
 */
export function compileJinjaTemplate(source: string): JinjaTemplate {
  const body = compiling(source, () => parseTemplate(source, lexTemplate(source)));
  checkMistralQuirk(source);
  return {
    source,
    render: (ctx) => evaluating(source, ctx, (ev, scope) => new Renderer(ev).render(body, scope)),
  };
}

function parseExpressionSource(source: string): Expr {
  const lexed = lexTokens(source, 0, 'expression');
  const tokens: Token[] = [...lexed.tokens];
  if (lexed.pos < source.length) tokens.push({ type: 'variable_end', value: '}}', offset: lexed.pos });
  tokens.push({ type: 'eof', value: 'end of expression', offset: source.length });
  const stream = new TokenStream(source, tokens);
  const expr = new ExpressionParser(stream).parseExpression();
  if (!stream.eof) stream.fail(`unexpected '${describeToken(stream.current)}' after the expression`);
  return expr;
}

/**
 * Mistral only renders a Jinja string after finding a `{{ … }}` on one line in it; a string with
 * statements but no such expression fails there with "list index out of range".
 */
function checkMistralQuirk(source: string): void {
  if (/\{\{[^\n]*?\}\}/.test(source)) return;
  const block = /\{%[^\n]*?%\}/.exec(source);
  if (block) {
    throw syntaxError(
      source,
      'a Jinja string with {% %} statements but no {{ }} expression cannot be evaluated by Mistral ' +
        "(it fails with 'list index out of range'); add a {{ }} expression",
      block.index,
    );
  }
}

function compiling<T>(source: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof ExpressionError) throw e;
    if (e instanceof RangeError) throw syntaxError(source, 'expression is nested too deeply', 0);
    throw syntaxError(source, `internal error while parsing: ${(e as Error).message}`, 0);
  }
}

function evaluating<T>(source: string, ctx: EvaluationContext, run: (ev: Evaluator, scope: Scope) => T): T {
  const budget = new Budget({ ...DEFAULT_LIMITS, ...ctx.limits }, 'jinja', source);
  const scope = new Scope(null);
  scope.set('_', ctx.data);
  try {
    return run(new Evaluator(budget, ctx.host), scope);
  } catch (e) {
    if (e instanceof ExpressionError) throw e;
    if (e instanceof HostFailure) throw e.cause;
    if (e instanceof PyError) throw new ExpressionError('evaluation', 'jinja', source, e.message);
    if (e instanceof RangeError) throw new ExpressionError('limit', 'jinja', source, `evaluation exhausted the interpreter: ${e.message}`);
    throw new ExpressionError('evaluation', 'jinja', source, `internal error: ${(e as Error).message}`);
  }
}

/** The native value of an expression. A namespace becomes a dict; undefined raises as in Mistral. */
function result(v: JValue): Value {
  if (v instanceof Namespace) return new Map(v.attrs);
  return strict(v);
}

