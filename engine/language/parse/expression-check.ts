/**
 * Upload-time checks of the expressions inside string values (language digest §9): one language per
 * string, and every expression must parse. Map keys are never expressions, so they are skipped.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { findExpressionProblems } from '../expressions/index.js';
import type { SourcePosition } from '../spec/types.js';
import type { Report } from './problems.js';
import type { SourceText } from './yaml-source.js';

const WHOLE = /^(?:<%.*%>|{{.*}}|{%.*%})\s*$/;

/**
 * Where the first `open … close` pair on one line starts, or -1: what Mistral's non-greedy,
 * single-line delimiter regexes (`<%.*?%>`) find, without their quadratic worst case.
 */
function findDelimited(text: string, open: string, close: string): number {
  for (let at = text.indexOf(open); at >= 0; ) {
    const end = text.indexOf(close, at + 2);
    if (end < 0) return -1;
    const newline = text.indexOf('\n', at);
    if (newline < 0 || newline > end) return at;
    at = text.indexOf(open, newline);
  }
  return -1;
}

function yaqlAt(text: string): number {
  return findDelimited(text, '<%', '%>');
}

function jinjaAt(text: string): number {
  const a = findDelimited(text, '{{', '}}');
  const b = findDelimited(text, '{%', '%}');
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}

/** True when the string holds at least one YAQL or Jinja expression. */
export function hasExpression(text: string): boolean {
  return mayHoldExpression(text) && (yaqlAt(text) >= 0 || jinjaAt(text) >= 0);
}

/** Mistral's `EXPRESSION` schema type: the whole string is one expression (trailing blanks allowed). */
export function isWholeExpression(text: string): boolean {
  return mayHoldExpression(text) && WHOLE.test(text);
}

function mayHoldExpression(text: string): boolean {
  return text.includes('<%') || text.includes('{{') || text.includes('{%');
}

/** Locates character `offset` of the checked string in the document. */
export type Locate = (offset: number) => SourcePosition;

/** Checks one string; reports a mix of languages or each syntax problem at its own position. */
export function checkString(text: string, locate: Locate, report: Report): void {
  if (!mayHoldExpression(text)) return;
  const yaql = yaqlAt(text);
  const jinja = jinjaAt(text);
  if (yaql >= 0 && jinja >= 0) {
    const second = Math.max(yaql, jinja);
    report('mixed-expressions', 'mixes YAQL (<% %>) and Jinja ({{ }}) expressions in one string; use one language per string', locate(second));
    return;
  }
  for (const p of findExpressionProblems(text)) report('expression-syntax', p.message, locate(p.offset));
}

/** Checks every string value inside a node (recursively through lists and map values). */
export function checkNode(node: Node | null | undefined, source: SourceText, report: Report): void {
  if (!node) return;
  if (isScalar(node)) {
    if (typeof node.value === 'string') {
      const fallback = source.of(node);
      checkString(node.value, (offset) => source.inString(node, offset, fallback), report);
    }
    return;
  }
  if (isSeq(node)) {
    for (const item of node.items) checkNode(item as Node | null, source, report);
    return;
  }
  if (isMap(node)) {
    for (const pair of node.items) checkNode(pair.value as Node | null, source, report);
  }
}
