/**
 * The one error type expression evaluation raises. It names the expression and the reason so a task's
 * state_info tells the user exactly what failed, and it never carries host stack traces into messages.
 */

export type ExpressionErrorCode =
  | 'syntax' // the expression does not parse
  | 'evaluation' // it parsed but failed at run time (missing key, wrong type, …)
  | 'limit'; // a sandbox limit was hit (steps, depth, size, time)

export type ExpressionLanguage = 'yaql' | 'jinja';

export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  constructor(
    readonly code: ExpressionErrorCode,
    readonly language: ExpressionLanguage,
    /** The expression text, without delimiters. */
    readonly expression: string,
    /** Plain-words reason, e.g. `key "missing" not found in dict`. */
    readonly reason: string,
    /** Offset of the fault inside `expression`, when known. */
    readonly offset?: number,
  ) {
    super(ExpressionError.format(code, language, expression, reason));
  }

  /**
   * Mistral's message shape (`Can not evaluate YAQL expression [expression=…, error=…]`), which
   * existing workflows and tests match on.
   */
  static format(code: ExpressionErrorCode, language: ExpressionLanguage, expression: string, reason: string): string {
    const lang = language === 'yaql' ? 'YAQL' : 'Jinja';
    if (code === 'syntax') return `Invalid ${lang} expression [expression=${expression}, error=${reason}]`;
    return `Can not evaluate ${lang} expression [expression=${expression}, error=${reason}]`;
  }
}
