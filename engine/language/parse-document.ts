/**
 * Public entry points of the Mistral Workflow Language v2 parser and validator.
 *
 * Every function collects all problems of a document (with line:column) instead of stopping at the
 * first; a result is `ok` only when there are none.
 *
 * Deliberate differences from Mistral, all in the direction of refusing what Mistral would silently
 * drop, misread or only fail on at run time:
 * - inline parameters: tokens Mistral's scan skips are refused (`method=GET`, the `.5` of
 *   `output=1.5`, which Mistral reads as 1, `x=-1`, unclosed quotes, a spaceless `fail(msg="x")`),
 *   as are a key given twice and a parameter given both inline and in `input`/`base-input`;
 * - YAML: duplicate keys, anchors and aliases are refused; `<<` is an ordinary key; booleans follow
 *   PyYAML (yes/no/on/off, but `y`/`n` stay text);
 * - task names equal to an engine command (fail, succeed, pause, noop) are refused;
 * - `requires` naming the task itself or forming a cycle is refused;
 * - `publish.atomic`, `publish` inside task-defaults clauses, `on-*` in reverse task-defaults and
 *   `requires` in direct task-defaults (all ignored by Mistral) are refused;
 * - with-items text after the collection and a variable bound twice are refused;
 * - `join: 0`, a task `input` string that is not an expression and an expression as an ad-hoc
 *   action's `base` are refused; empty maps and lists are accepted where Mistral wants one entry;
 * - a workbook member's `definition` is a workflow-list document (`version` + its short name), so it
 *   re-parses on its own.
 */
export { parseActions, parseAnyDocument, parseWorkbook, parseWorkflows, type AnyDocument } from './parse/documents.js';
export { parseDynamicCommand, parseInlineCommand, parseRetryOneLiner, type InlineCommand } from './inline-params.js';
