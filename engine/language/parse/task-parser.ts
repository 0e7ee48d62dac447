/**
 * One task's own attributes (language digest §3, §4, §5), before task-defaults are applied.
 */
import { isMap, isScalar, type Node } from 'yaml';
import { yamlNodeToValue } from '../values/yaml-values.js';
import { isInt, type Value, type ValueMap } from '../values/value.js';
import type { JoinSpec, SourcePosition, TransitionClause, WithItemsBinding, WorkflowType } from '../spec/types.js';
import {
  parseBoolOrExpression,
  parseDescription,
  parseStringList,
  parseTags,
  parseValueMap,
  posOf,
  reportUnknownKey,
  type AttrContext,
} from './common-attributes.js';
import { checkNode, checkString, isWholeExpression } from './expression-check.js';
import { scanInline } from './inline-params.js';
import { POLICY_KEYS, isPolicyKey, parsePolicy, type PolicyValues } from './policies.js';
import { TRANSITION_KEYS, parseClause, type TransitionKey } from './transitions.js';
import { parseWithItems } from './with-items.js';
import { describeNode, entriesOf, type Entry } from './yaml-source.js';

const COMMON_KEYS = [
  'description', 'action', 'workflow', 'input', 'publish', 'publish-on-error', 'publish-on-skip', 'with-items',
  'keep-result', 'target', 'safe-rerun', 'tags', ...POLICY_KEYS,
] as const;
const DIRECT_KEYS = ['join', ...TRANSITION_KEYS] as const;
const REVERSE_KEYS = ['requires'] as const;
const ALLOWED: Readonly<Record<WorkflowType, ReadonlySet<string>>> = {
  direct: new Set([...COMMON_KEYS, ...DIRECT_KEYS]),
  reverse: new Set([...COMMON_KEYS, ...REVERSE_KEYS]),
};
const CLAUSE_KEYS: ReadonlySet<string> = new Set(TRANSITION_KEYS);

/** Mistral's task name length limits (a join task's name is part of a 255-char lock key). */
export const MAX_TASK_NAME = 255;
export const MAX_JOIN_TASK_NAME = 208;

export interface NamedRef {
  readonly name: string;
  readonly pos: SourcePosition;
}

/** What a task declares itself; the workflow parser merges task-defaults into it. */
export interface ParsedTask {
  readonly name: string;
  readonly position: SourcePosition;
  description: string | null;
  type: 'action' | 'workflow';
  target: string;
  targetIsExpression: boolean;
  inlineInput: ValueMap;
  input: Value | null;
  publish: ValueMap | null;
  publishOnError: ValueMap | null;
  publishOnSkip: ValueMap | null;
  withItems: WithItemsBinding[] | null;
  keepResult: Value;
  executorTarget: Value | null;
  safeRerun: Value | undefined;
  tags: string[];
  policies: PolicyValues;
  join: JoinSpec | null;
  joinPos: SourcePosition | null;
  clauses: Partial<Record<TransitionKey, TransitionClause>>;
  requires: NamedRef[];
}

export function parseTask(name: string, position: SourcePosition, node: Node | null, wfType: WorkflowType, ctx: AttrContext): ParsedTask {
  const task: ParsedTask = {
    name, position, description: null, type: 'action', target: 'std.noop', targetIsExpression: false, inlineInput: new Map(),
    input: null, publish: null, publishOnError: null, publishOnSkip: null, withItems: null, keepResult: true,
    executorTarget: null, safeRerun: undefined, tags: [], policies: {}, join: null, joinPos: null, clauses: {}, requires: [],
  };
  if (!isMap(node)) {
    ctx.report(null)('invalid-type', `a task must be a map of attributes, not ${describeNode(node)}`, posOf(ctx, node, position));
    return task;
  }
  const allowed = ALLOWED[wfType];
  let inputEntry: Entry | null = null;
  let runEntry: Entry | null = null;
  for (const e of entriesOf(node)) {
    const key = e.key ?? '';
    if (!allowed.has(key)) {
      reportUnknownKey(e, [...allowed], ctx, typeHint(key, wfType));
      continue;
    }
    if (key === 'action' || key === 'workflow') {
      if (runEntry) {
        ctx.report(key)('action-and-workflow', 'has both action and workflow; a task runs either an action or a sub-workflow', posOf(ctx, e.keyNode));
        continue;
      }
      runEntry = e;
      parseRun(task, e, ctx);
    } else if (key === 'input') {
      inputEntry = e;
      task.input = parseTaskInput(e, ctx);
    } else if (isPolicyKey(key)) {
      Object.assign(task.policies, parsePolicy(key, e.value, ctx.source, ctx.report(key)));
    } else if (CLAUSE_KEYS.has(key)) {
      const clause = parseClause(e.value, { source: ctx.source, report: ctx.report(key), attribute: key as TransitionKey, inDefaults: false });
      if (clause) task.clauses[key as TransitionKey] = clause;
    } else {
      parseOther(task, key, e, ctx);
    }
  }
  if (inputEntry && isMap(inputEntry.value)) reportInputConflicts(task, inputEntry, ctx);
  return task;
}

function typeHint(key: string, wfType: WorkflowType): string | undefined {
  if (wfType === 'reverse' && (DIRECT_KEYS as readonly string[]).includes(key)) return `${key} is only allowed in direct workflows; reverse workflows use requires`;
  if (wfType === 'direct' && key === 'requires') return 'requires is only allowed in reverse workflows (type: reverse); direct workflows use on-success';
  return undefined;
}

function parseOther(task: ParsedTask, key: string, e: Entry, ctx: AttrContext): void {
  switch (key) {
    case 'description':
      task.description = parseDescription(e, ctx);
      return;
    case 'publish':
      task.publish = parseValueMap(e, ctx);
      return;
    case 'publish-on-error':
      task.publishOnError = parseValueMap(e, ctx);
      return;
    case 'publish-on-skip':
      task.publishOnSkip = parseValueMap(e, ctx);
      return;
    case 'with-items':
      task.withItems = parseWithItems(e.value, ctx);
      return;
    case 'keep-result':
      task.keepResult = parseBoolOrExpression(e, ctx) ?? true;
      return;
    case 'safe-rerun':
      task.safeRerun = parseBoolOrExpression(e, ctx);
      return;
    case 'target':
      if (isScalar(e.value) && typeof e.value.value === 'string' && e.value.value !== '') {
        checkNode(e.value, ctx.source, ctx.report(key));
        task.executorTarget = e.value.value;
      } else ctx.report(key)('invalid-type', `target must be an executor name, not ${describeNode(e.value)}`, posOf(ctx, e.value ?? e.keyNode));
      return;
    case 'tags':
      task.tags = parseTags(e, ctx);
      return;
    case 'join':
      parseJoin(task, e, ctx);
      return;
    case 'requires':
      task.requires = parseStringList(e, ctx, true);
      return;
  }
}

/** `action: std.echo output="x"` / `workflow: child x=1`: a name (or expression) and inline params. */
function parseRun(task: ParsedTask, e: Entry, ctx: AttrContext): void {
  const key = e.key === 'workflow' ? 'workflow' : 'action';
  const report = ctx.report(key);
  const node = e.value;
  task.type = key;
  if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '') {
    report('invalid-type', `${key} must be ${key === 'action' ? 'an action' : 'a workflow'} name, optionally followed by key=value parameters, not ${describeNode(node)}`, posOf(ctx, node ?? e.keyNode));
    return;
  }
  const scan = scanInline(node.value, 'command');
  for (const issue of scan.issues) report('inline-params', `${key} ${issue.message}`, ctx.source.inString(node, issue.offset));
  task.target = scan.name || node.value;
  task.targetIsExpression = scan.nameIsExpression;
  task.inlineInput = scan.params;
  if (scan.nameIsExpression) checkString(scan.name, (o) => ctx.source.inString(node, o), report);
  for (const p of scan.list) {
    if (typeof p.value === 'string') checkString(p.value, (o) => ctx.source.inString(node, p.valueOffset + o), report);
  }
}

function parseTaskInput(e: Entry, ctx: AttrContext): Value | null {
  const v = e.value;
  if (isScalar(v) && typeof v.value === 'string' && isWholeExpression(v.value)) {
    checkNode(v, ctx.source, ctx.report('input'));
    return v.value;
  }
  if (!isMap(v)) {
    ctx.report('input')('invalid-type', `input must be a map of parameters or an expression yielding one, not ${describeNode(v)}`, posOf(ctx, v ?? e.keyNode));
    return null;
  }
  return parseValueMap(e, ctx);
}

// Mistral silently lets the inline value win over `input`; a parameter given twice is refused so
// the document says exactly one thing.
function reportInputConflicts(task: ParsedTask, inputEntry: Entry, ctx: AttrContext): void {
  if (task.inlineInput.size === 0 || !isMap(inputEntry.value)) return;
  for (const e of entriesOf(inputEntry.value)) {
    if (e.key !== null && task.inlineInput.has(e.key)) {
      ctx.report('input')('duplicate-parameter', `parameter "${e.key}" is given both inline in ${task.type} and in input; keep one`, posOf(ctx, e.keyNode));
    }
  }
}

function parseJoin(task: ParsedTask, e: Entry, ctx: AttrContext): void {
  const v = yamlNodeToValue(e.value);
  const pos = posOf(ctx, e.value ?? e.keyNode);
  task.joinPos = pos;
  if (v === 'all') task.join = 'all';
  else if (v === 'one') task.join = 1;
  else if (isInt(v) && v >= 1) task.join = v;
  else {
    ctx.report('join')('invalid-join', `join must be "all", "one" or a whole number of at least 1, not ${describeNode(e.value)}`, pos);
    return;
  }
  if (task.name.length > MAX_JOIN_TASK_NAME) {
    ctx.report('join')('invalid-task-name', `a task with join must have a name of at most ${MAX_JOIN_TASK_NAME} characters (this one has ${task.name.length})`, task.position);
  }
}
