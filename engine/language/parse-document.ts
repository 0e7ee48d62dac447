/**
 * Public entry points of the Mistral Workflow Language v2 parser and validator.
 *
 * Every function collects all problems of a document (with line:column) instead of stopping at the
 * first; a result is `ok` only when there are none.
 */
export { parseActions, parseAnyDocument, parseWorkbook, parseWorkflows, type AnyDocument } from './parse/documents.js';
export { parseDynamicCommand, parseInlineCommand, parseRetryOneLiner, type InlineCommand } from './inline-params.js';
