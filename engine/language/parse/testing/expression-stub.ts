/**
 * Stand-in for the expression layer's syntax check in parser tests, so parser tests do not depend on
 * the YAQL/Jinja implementation: an unterminated `<%` is a problem, and so is `@@` inside an
 * expression (at the offset of the `@@`), which lets tests pin exact positions.
 */
export interface ExpressionProblem {
  readonly offset: number;
  readonly message: string;
}

export function findExpressionProblems(text: string): ExpressionProblem[] {
  const problems: ExpressionProblem[] = [];
  for (const m of text.matchAll(/<%(.*?)%>|\{\{(.*?)\}\}/g)) {
    const body = m[1] ?? m[2] ?? '';
    const at = body.indexOf('@@');
    if (at >= 0) problems.push({ offset: (m.index ?? 0) + 2 + at, message: 'invalid expression: unexpected "@@"' });
  }
  const open = text.lastIndexOf('<%');
  if (open >= 0 && text.indexOf('%>', open) < 0) problems.push({ offset: open, message: 'unterminated YAQL expression: "<%" without "%>"' });
  return problems;
}
