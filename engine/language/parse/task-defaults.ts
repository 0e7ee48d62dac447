/**
 * `task-defaults` (language digest §4.3) and how they fold into each task: the task's own value
 * always wins; a default `on-*` clause applies only where the task has no targets of its own and
 * never leads a task to itself; `requires` are unioned (self removed); policies merge per policy.
 */
import { isMap, type Node } from 'yaml';
import type { TaskSpec, TransitionClause, WorkflowType } from '../spec/types.js';
import type { Value } from '../values/value.js';
import { parseBoolOrExpression, parseStringList, posOf, reportUnknownKey, type AttrContext } from './common-attributes.js';
import { POLICY_KEYS, isPolicyKey, mergePolicies, parsePolicy, type PolicyValues } from './policies.js';
import type { NamedRef, ParsedTask } from './task-parser.js';
import { TRANSITION_KEYS, parseClause, type TransitionKey } from './transitions.js';
import { describeNode, entriesOf } from './yaml-source.js';

export interface TaskDefaults {
  readonly clauses: Partial<Record<TransitionKey, TransitionClause>>;
  readonly requires: readonly NamedRef[];
  readonly policies: PolicyValues;
  readonly safeRerun: Value | undefined;
}

export const NO_DEFAULTS: TaskDefaults = { clauses: {}, requires: [], policies: {}, safeRerun: undefined };

export function parseTaskDefaults(node: Node | null, wfType: WorkflowType, ctx: AttrContext): TaskDefaults {
  if (!isMap(node)) {
    ctx.report('task-defaults')('invalid-type', `task-defaults must be a map, not ${describeNode(node)}`, posOf(ctx, node));
    return NO_DEFAULTS;
  }
  const typed: readonly string[] = wfType === 'direct' ? TRANSITION_KEYS : ['requires'];
  const allowed = [...typed, ...POLICY_KEYS, 'safe-rerun'];
  const clauses: Partial<Record<TransitionKey, TransitionClause>> = {};
  let requires: NamedRef[] = [];
  const policies: PolicyValues = {};
  let safeRerun: Value | undefined;
  for (const e of entriesOf(node)) {
    const key = e.key ?? '';
    if (!allowed.includes(key)) {
      reportUnknownKey(e, allowed, ctx, defaultsHint(key, wfType));
      continue;
    }
    if (isPolicyKey(key)) Object.assign(policies, parsePolicy(key, e.value, ctx.source, ctx.report(key)));
    else if (key === 'safe-rerun') safeRerun = parseBoolOrExpression(e, ctx);
    else if (key === 'requires') requires = parseStringList(e, ctx, true);
    else {
      const clause = parseClause(e.value, { source: ctx.source, report: ctx.report(key), attribute: key as TransitionKey, inDefaults: true });
      if (clause) clauses[key as TransitionKey] = clause;
    }
  }
  return { clauses, requires, policies, safeRerun };
}

function defaultsHint(key: string, wfType: WorkflowType): string | undefined {
  if ((TRANSITION_KEYS as readonly string[]).includes(key) && wfType === 'reverse') return `${key} is only meaningful in direct workflows`;
  if (key === 'requires' && wfType === 'direct') return 'requires is only meaningful in reverse workflows';
  if (key === 'join' || key === 'action' || key === 'workflow' || key === 'input' || key === 'publish') {
    return `task-defaults only take on-success, on-error, on-complete, on-skip, requires, policies and safe-rerun`;
  }
  return undefined;
}

function effectiveClause(task: ParsedTask, key: TransitionKey, defaults: TaskDefaults): TransitionClause | null {
  const own = task.clauses[key];
  if (own && own.targets.length > 0) return own;
  const fallback = defaults.clauses[key];
  // Mistral also takes the default targets when the task's own clause only publishes.
  const targets = fallback ? fallback.targets.filter((t) => t.kind !== 'task' || t.name !== task.name) : [];
  if (own) return { targets, publishBranch: own.publishBranch, publishGlobal: own.publishGlobal };
  return targets.length > 0 ? { targets, publishBranch: null, publishGlobal: null } : null;
}

function unionRequires(task: ParsedTask, defaults: TaskDefaults): string[] {
  const out: string[] = [];
  const seen = new Set<string>([task.name]);
  for (const r of [...task.requires, ...defaults.requires]) {
    if (seen.has(r.name)) continue;
    seen.add(r.name);
    out.push(r.name);
  }
  return out;
}

/** The final, immutable task spec with task-defaults applied. */
export function applyDefaults(task: ParsedTask, defaults: TaskDefaults, wfType: WorkflowType): TaskSpec {
  const direct = wfType === 'direct';
  return {
    name: task.name,
    description: task.description,
    type: task.type,
    target: task.target,
    targetIsExpression: task.targetIsExpression,
    inlineInput: task.inlineInput,
    input: task.input,
    publish: task.publish,
    publishOnError: task.publishOnError,
    publishOnSkip: task.publishOnSkip,
    withItems: task.withItems,
    keepResult: task.keepResult,
    executorTarget: task.executorTarget,
    safeRerun: task.safeRerun ?? defaults.safeRerun ?? false,
    tags: task.tags,
    policies: mergePolicies(task.policies, defaults.policies),
    join: direct ? task.join : null,
    onSuccess: direct ? effectiveClause(task, 'on-success', defaults) : null,
    onError: direct ? effectiveClause(task, 'on-error', defaults) : null,
    onComplete: direct ? effectiveClause(task, 'on-complete', defaults) : null,
    onSkip: direct ? effectiveClause(task, 'on-skip', defaults) : null,
    requires: direct ? [] : unionRequires(task, defaults),
    position: task.position,
  };
}
