/**
 * Entry point of the expression layer: evaluation of strings with expressions, and the syntax check
 * the workflow validator runs at upload.
 */
import { ExpressionError } from './errors.js';
import { compileJinjaExpression, compileJinjaTemplate } from './jinja/index.js';
import { languageOf } from './template.js';
import { compileYaql } from './yaql/index.js';

export { ExpressionError } from './errors.js';
export type { EvaluationContext, MistralHost } from './host.js';
export { staticHost } from './host.js';
export { evaluateDeep, evaluateString, containsExpression, hasExpression, languageOf } from './template.js';

export interface ExpressionProblem {
  /** Offset in the containing string where the fault is. */
  readonly offset: number;
  /** Plain-words description, e.g. `Invalid YAQL expression [expression=$.a +, error=…]`. */
  readonly message: string;
}

function problemOf(e: unknown, base: number): ExpressionProblem {
  if (e instanceof ExpressionError) return { offset: base + (e.offset ?? 0), message: e.message };
  throw e;
}

/** Finds every syntax problem in the expressions a YAML string value contains; [] when all parse. */
export function findExpressionProblems(text: string): ExpressionProblem[] {
  let lang;
  try {
    lang = languageOf(text);
  } catch (e) {
    return [problemOf(e, 0)];
  }
  if (lang === null) {
    const open = text.indexOf('<%');
    return open >= 0 ? [{ offset: open, message: 'unterminated YAQL expression: "<%" without a closing "%>" on the same line' }] : [];
  }
  if (lang === 'yaql') {
    const problems: ExpressionProblem[] = [];
    for (const m of text.matchAll(/<%(.*?)%>/g)) {
      try {
        compileYaql(m[1] ?? '');
      } catch (e) {
        problems.push(problemOf(e, (m.index ?? 0) + 2));
      }
    }
    return problems;
  }
  const whole = /^{{(.*?)}}$/.exec(text);
  try {
    if (whole && !text.slice(2, -2).includes('}}')) compileJinjaExpression(whole[1] ?? '');
    else compileJinjaTemplate(text);
    return [];
  } catch (e) {
    return [problemOf(e, whole ? 2 : 0)];
  }
}
