/**
 * Strings with expressions inside, as Mistral treats them (language digest §9):
 * - a string that is exactly one `<% … %>` or one `{{ … }}` evaluates to the native value;
 * - otherwise each expression is replaced by Python `str()` of its value (YAQL), or the whole
 *   string is rendered as a Jinja template;
 * - one language per string; map keys are never evaluated.
 */
import { ExpressionError, type ExpressionLanguage } from './errors.js';
import type { EvaluationContext } from './host.js';
import { compileJinjaExpression, compileJinjaTemplate } from './jinja/index.js';
import { compileYaql } from './yaql/index.js';
import { pyStr } from '../values/python-format.js';
import { isList, isMap, type MapKey, type Value } from '../values/value.js';

// Mistral's delimiters: non-greedy and single-line.
const YAQL_PATTERN = /<%(.*?)%>/g;
const JINJA_EXPR_PATTERN = /{{(.*?)}}/g;
const JINJA_BLOCK_PATTERN = /{%(.*?)%}/;

/** A compiled string: either plain text, one whole expression, or an interpolation. */
type CompiledString =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'whole'; readonly evaluate: (ctx: EvaluationContext) => Value }
  | { readonly kind: 'render'; readonly render: (ctx: EvaluationContext) => string };

const CACHE_LIMIT = 20_000;
const cache = new Map<string, CompiledString>();

/** Which expression language a string uses, or null for plain text. Throws when it mixes both. */
export function languageOf(text: string): ExpressionLanguage | null {
  const yaql = text.includes('<%') && new RegExp(YAQL_PATTERN.source).test(text);
  const jinja = (text.includes('{{') || text.includes('{%')) && (new RegExp(JINJA_EXPR_PATTERN.source).test(text) || JINJA_BLOCK_PATTERN.test(text));
  if (yaql && jinja) {
    throw new ExpressionError('syntax', 'yaql', text, 'mixing YAQL (<% %>) and Jinja ({{ }}) in one string is not allowed');
  }
  return yaql ? 'yaql' : jinja ? 'jinja' : null;
}

/** True when the string contains an expression of either language. */
export function hasExpression(text: string): boolean {
  return compileString(text).kind !== 'text';
}

function compileYaqlString(text: string): CompiledString {
  const matches = [...text.matchAll(YAQL_PATTERN)];
  const first = matches[0];
  if (matches.length === 1 && first && first[0].length === text.length) {
    const expr = compileYaql(first[1] ?? '');
    return { kind: 'whole', evaluate: (ctx) => expr.evaluate(ctx) };
  }
  const parts: Array<string | ReturnType<typeof compileYaql>> = [];
  let last = 0;
  for (const m of matches) {
    const index = m.index ?? 0;
    if (index > last) parts.push(text.slice(last, index));
    parts.push(compileYaql(m[1] ?? ''));
    last = index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return {
    kind: 'render',
    render: (ctx) => parts.map((p) => (typeof p === 'string' ? p : pyStr(p.evaluate(ctx)))).join(''),
  };
}

function compileJinjaString(text: string): CompiledString {
  const matches = [...text.matchAll(JINJA_EXPR_PATTERN)];
  const first = matches[0];
  if (first && first.index === 0 && first[0].length === text.length) {
    const expr = compileJinjaExpression(first[1] ?? '');
    return { kind: 'whole', evaluate: (ctx) => expr.evaluate(ctx) };
  }
  const template = compileJinjaTemplate(text);
  return { kind: 'render', render: (ctx) => template.render(ctx) };
}

function compileString(text: string): CompiledString {
  const hit = cache.get(text);
  if (hit) return hit;
  const lang = languageOf(text);
  const compiled: CompiledString =
    lang === 'yaql' ? compileYaqlString(text) : lang === 'jinja' ? compileJinjaString(text) : { kind: 'text', text };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, compiled);
  return compiled;
}

/** Evaluates one string value: native value for a whole expression, else an interpolated string. */
export function evaluateString(text: string, ctx: EvaluationContext): Value {
  const c = compileString(text);
  switch (c.kind) {
    case 'text':
      return c.text;
    case 'whole':
      return c.evaluate(ctx);
    case 'render':
      return c.render(ctx);
  }
}

/** Evaluates every string inside a value (maps and lists recursively; keys are left alone). */
export function evaluateDeep(v: Value, ctx: EvaluationContext): Value {
  if (typeof v === 'string') return evaluateString(v, ctx);
  if (isList(v)) return v.map((x) => evaluateDeep(x, ctx));
  if (isMap(v)) {
    const out = new Map<MapKey, Value>();
    for (const [k, x] of v) out.set(k, evaluateDeep(x, ctx));
    return out;
  }
  return v;
}

/** True when any string inside the value holds an expression. */
export function containsExpression(v: Value): boolean {
  if (typeof v === 'string') return hasExpression(v);
  if (isList(v)) return v.some(containsExpression);
  if (isMap(v)) {
    for (const x of v.values()) if (containsExpression(x)) return true;
  }
  return false;
}

/**
 * Compiles a string without evaluating it, for validation at upload. Returns the syntax error, or
 * null when every expression in it parses.
 */
export function checkString(text: string): ExpressionError | null {
  try {
    compileString(text);
    return null;
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw e;
  }
}
