/**
 * Task policies (language digest §6): `wait-before`, `wait-after`, `timeout`, `retry`,
 * `pause-before`, `concurrency`, `fail-on`. Values stay raw (expressions are evaluated at run time);
 * here only their schema is enforced, as Mistral's JSON schema does at upload.
 */
import { isMap, isScalar, type Node } from 'yaml';
import { yamlNodeToValue } from '../values/yaml-values.js';
import { isInt, isNumber, num, type Value } from '../values/value.js';
import type { BackoffKind, RetryPolicy, SourcePosition, TaskPolicies } from '../spec/types.js';
import { checkNode, checkString, isWholeExpression } from './expression-check.js';
import { scanInline } from './inline-params.js';
import type { Report } from './problems.js';
import { describeNode, entriesOf, type SourceText } from './yaml-source.js';

export const POLICY_KEYS = ['wait-before', 'wait-after', 'timeout', 'retry', 'pause-before', 'concurrency', 'fail-on'] as const;
export type PolicyKey = (typeof POLICY_KEYS)[number];

const FIELD: Readonly<Record<PolicyKey, keyof TaskPolicies>> = {
  'wait-before': 'waitBefore',
  'wait-after': 'waitAfter',
  timeout: 'timeout',
  retry: 'retry',
  'pause-before': 'pauseBefore',
  concurrency: 'concurrency',
  'fail-on': 'failOn',
};

export type PolicyValues = { -readonly [K in keyof TaskPolicies]?: TaskPolicies[K] };

export function isPolicyKey(key: string): key is PolicyKey {
  return key in FIELD;
}

type Kind = 'int' | 'bool' | 'expr' | 'backoff' | 'jitter';

const EXPECTED: Readonly<Record<Kind, string>> = {
  int: 'a non-negative integer or an expression',
  bool: 'true, false or an expression',
  expr: 'an expression such as <% … %>',
  backoff: '"fixed" or "exponential"',
  jitter: 'true, false, a fraction between 0 and 1 or an expression',
};

function fits(kind: Kind, v: Value): boolean {
  if (typeof v === 'string' && kind !== 'backoff' && isWholeExpression(v)) return true;
  switch (kind) {
    case 'int':
      return isInt(v) && v >= 0;
    case 'bool':
      return typeof v === 'boolean';
    case 'expr':
      return false;
    case 'backoff':
      return v === 'fixed' || v === 'exponential';
    case 'jitter':
      return typeof v === 'boolean' || (isNumber(v) && num(v) >= 0 && num(v) <= 1);
  }
}

function shown(v: Value): string {
  return typeof v === 'string' ? JSON.stringify(v) : v === null ? 'empty' : String(isNumber(v) ? num(v) : JSON.stringify(v));
}

/** Parses one policy attribute; reports and returns undefined when its value is unusable. */
export function parsePolicy(key: PolicyKey, node: Node | null, source: SourceText, report: Report): PolicyValues {
  const pos = source.of(node);
  if (key === 'retry') {
    const retry = parseRetryNode(node, source, report);
    return retry ? { retry } : {};
  }
  const kind: Kind = key === 'pause-before' || key === 'fail-on' ? 'bool' : 'int';
  const v = yamlNodeToValue(node);
  if (!fits(kind, v)) {
    report('invalid-policy', `${key} must be ${EXPECTED[kind]}, not ${shown(v)}`, pos);
    return {};
  }
  checkNode(node, source, report);
  return { [FIELD[key]]: v };
}

interface RetryField {
  readonly key: string;
  readonly value: Value;
  readonly pos: SourcePosition;
  readonly checkExpressions: () => void;
}

const RETRY_FIELDS: Readonly<Record<string, Kind>> = {
  count: 'int',
  delay: 'int',
  'break-on': 'expr',
  'continue-on': 'expr',
  backoff: 'backoff',
  'max-delay': 'int',
  jitter: 'jitter',
};

function parseRetryNode(node: Node | null, source: SourceText, report: Report): RetryPolicy | null {
  const pos = source.of(node);
  if (isScalar(node) && typeof node.value === 'string') {
    const scan = scanInline(node.value, 'params');
    for (const issue of scan.issues) report('inline-params', `retry ${issue.message}`, source.inString(node, issue.offset, pos));
    const fields = scan.list.map((p) => ({
      key: p.key,
      value: p.value,
      pos: source.inString(node, p.keyOffset, pos),
      checkExpressions: () => {
        if (typeof p.value === 'string') checkString(p.value, (o) => source.inString(node, p.valueOffset + o, pos), report);
      },
    }));
    return buildRetry(fields, pos, report);
  }
  if (!isMap(node)) {
    report('invalid-policy', `retry must be a map with count and delay, or a line like "count=3 delay=5", not ${describeNode(node)}`, pos);
    return null;
  }
  const fields = entriesOf(node).map((e) => ({
    key: e.key ?? '',
    value: yamlNodeToValue(e.value),
    pos: source.of(e.keyNode, pos),
    checkExpressions: () => checkNode(e.value, source, report),
  }));
  return buildRetry(fields, pos, report);
}

function buildRetry(fields: readonly RetryField[], pos: SourcePosition, report: Report): RetryPolicy | null {
  const got = new Map<string, Value>();
  let ok = true;
  for (const f of fields) {
    const kind = RETRY_FIELDS[f.key];
    if (kind === undefined) {
      report('unknown-attribute', `retry has an unknown key "${f.key}" (allowed: ${Object.keys(RETRY_FIELDS).join(', ')})`, f.pos);
      ok = false;
      continue;
    }
    if (!fits(kind, f.value)) {
      report('invalid-policy', `retry ${f.key} must be ${EXPECTED[kind]}, not ${shown(f.value)}`, f.pos);
      ok = false;
      continue;
    }
    f.checkExpressions();
    got.set(f.key, f.value);
  }
  for (const required of ['count', 'delay']) {
    if (!fields.some((f) => f.key === required)) {
      report('invalid-policy', `retry needs ${required} (both count and delay are required)`, pos);
      ok = false;
    }
  }
  if (!ok) return null;
  return {
    count: got.get('count') ?? 0,
    delay: got.get('delay') ?? 0,
    breakOn: got.get('break-on') ?? null,
    continueOn: got.get('continue-on') ?? null,
    backoff: (got.get('backoff') as BackoffKind | undefined) ?? 'fixed',
    maxDelay: got.get('max-delay') ?? null,
    jitter: got.get('jitter') ?? null,
  };
}

/**
 * Reads the retry one-liner `count=3 delay=5 break-on=<% … %>` on its own (no document position):
 * problems are plain sentences.
 */
export function parseRetryOneLiner(text: string): { retry: RetryPolicy | null; problems: string[] } {
  const problems: string[] = [];
  const scan = scanInline(text, 'params');
  for (const issue of scan.issues) problems.push(`retry ${issue.message}`);
  const noPos = { line: 0, column: 0 };
  const report: Report = (_code, message) => problems.push(message);
  const retry = buildRetry(
    scan.list.map((p) => ({ key: p.key, value: p.value, pos: noPos, checkExpressions: () => undefined })),
    noPos,
    report,
  );
  return { retry: problems.length === 0 ? retry : null, problems };
}

/** Task value wins per policy; task-defaults fill the gaps (digest §4.3). */
export function mergePolicies(own: PolicyValues, defaults: PolicyValues): TaskPolicies {
  return {
    waitBefore: own.waitBefore ?? defaults.waitBefore ?? null,
    waitAfter: own.waitAfter ?? defaults.waitAfter ?? null,
    timeout: own.timeout ?? defaults.timeout ?? null,
    retry: own.retry ?? defaults.retry ?? null,
    pauseBefore: own.pauseBefore ?? defaults.pauseBefore ?? null,
    concurrency: own.concurrency ?? defaults.concurrency ?? null,
    failOn: own.failOn ?? defaults.failOn ?? null,
  };
}
