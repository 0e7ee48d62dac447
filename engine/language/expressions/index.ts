/**
 * Entry point of the expression layer. Until the evaluators land this only checks delimiters; the
 * signature is the contract the workflow validator uses.
 */

export interface ExpressionProblem {
  /** Offset in the containing string where the faulty expression starts. */
  readonly offset: number;
  /** Plain-words description, e.g. `Invalid YAQL expression [expression=$.a +, error=…]`. */
  readonly message: string;
}

/** Finds every syntax problem in the expressions a YAML string value contains; [] when all parse. */
export function findExpressionProblems(text: string): ExpressionProblem[] {
  const problems: ExpressionProblem[] = [];
  const open = text.indexOf('<%');
  if (open >= 0 && text.indexOf('%>', open) < 0) problems.push({ offset: open, message: 'unterminated YAQL expression: "<%" without "%>"' });
  return problems;
}
