/**
 * Inline parameter syntax (language digest §3.1) for callers outside the parser: the runtime
 * re-reads a dynamic action name once its expression is evaluated, with the same rules as upload.
 */
import type { ValueMap } from './values/value.js';
import { scanInline } from './parse/inline-params.js';

export { parseRetryOneLiner } from './parse/policies.js';

export interface InlineCommand {
  readonly name: string;
  readonly params: ValueMap;
  /** Sentences describing what Mistral would silently drop or misread; empty when all is clean. */
  readonly problems: string[];
}

/**
 * Splits `std.http url="x" timeout=10`, `fail msg="x"` or `fail(msg="stop here")` into a name and
 * parameters. Values are read exactly as Mistral reads them; tokens it would silently drop (bare
 * words such as `method=GET`, the `.5` of `output=1.5`) are reported as problems.
 */
export function parseInlineCommand(text: string): InlineCommand {
  const scan = scanInline(text, 'command');
  return { name: scan.name, params: scan.params, problems: scan.issues.map((i) => i.message) };
}

/**
 * Reads an action or workflow string produced at run time by evaluating a dynamic name
 * (`action: <% $.which %>`). Same rules as {@link parseInlineCommand}; the result must name
 * something, so a name that is still an expression is a problem.
 */
export function parseDynamicCommand(text: string): InlineCommand {
  const scan = scanInline(text, 'command');
  const problems = scan.issues.map((i) => i.message);
  if (scan.nameIsExpression) problems.push(`"${scan.name}" is still an expression after evaluation; it must yield an action or workflow name`);
  return { name: scan.name, params: scan.params, problems };
}
