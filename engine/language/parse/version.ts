/**
 * The `version` key: Mistral accepts anything Python's float() reads as 2.0 ('2.0', 2.0, '2').
 */
import { isScalar, type Node } from 'yaml';
import type { Report } from './problems.js';
import { describeNode, type SourceText } from './yaml-source.js';

const PY_FLOAT_TEXT = /^\s*[+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

export function isVersion2(node: Node | null): boolean {
  if (!isScalar(node)) return false;
  const v = node.value;
  if (typeof v === 'number') return v === 2;
  return typeof v === 'string' && PY_FLOAT_TEXT.test(v) && Number(v.trim()) === 2;
}

export function checkVersion(node: Node | null, report: Report, source: SourceText): void {
  if (isVersion2(node)) return;
  report('invalid-version', `version must be '2.0' (Mistral Workflow Language v2), not ${describeNode(node)}`, source.of(node));
}
