/**
 * `on-success` / `on-error` / `on-complete` / `on-skip` clauses (language digest §4.1): a name, a
 * list of names and guarded one-key maps, or the advanced `{publish, next}` map.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { yamlNodeToValue } from '../values/yaml-values.js';
import type { ValueMap } from '../values/value.js';
import { ENGINE_COMMANDS, type EngineCommand, type TransitionClause, type TransitionTarget } from '../spec/types.js';
import { checkNode, checkString, hasExpression, isWholeExpression } from './expression-check.js';
import { scanInline } from './inline-params.js';
import type { Report } from './problems.js';
import { describeNode, entriesOf, nameText, type SourceText } from './yaml-source.js';

export const TRANSITION_KEYS = ['on-success', 'on-error', 'on-complete', 'on-skip'] as const;
export type TransitionKey = (typeof TRANSITION_KEYS)[number];

interface ClauseContext {
  readonly source: SourceText;
  readonly report: Report;
  readonly attribute: TransitionKey;
  /** task-defaults clauses only contribute targets: Mistral ignores their publish. */
  readonly inDefaults: boolean;
}

/** Parses one clause; reports problems and returns what could be read (null when unusable). */
export function parseClause(node: Node | null, ctx: ClauseContext): TransitionClause | null {
  const { source, report, attribute } = ctx;
  const pos = source.of(node);
  if (isScalar(node) && node.value !== null && node.value !== undefined) {
    const t = parseTarget(node, null, ctx);
    return { targets: t ? [t] : [], publishBranch: null, publishGlobal: null };
  }
  if (isSeq(node)) {
    if (node.items.length === 0) report('invalid-transition', `${attribute} is an empty list`, pos);
    return { targets: parseTargetList(node.items as Node[], ctx), publishBranch: null, publishGlobal: null };
  }
  if (isMap(node)) {
    const entries = entriesOf(node);
    const advanced = entries.length > 0 && entries.every((e) => e.key === 'publish' || e.key === 'next');
    if (!advanced && entries.length === 1) {
      const e = entries[0];
      const t = e ? parseTarget(e.keyNode, e.value, ctx) : null;
      return { targets: t ? [t] : [], publishBranch: null, publishGlobal: null };
    }
    if (!advanced) {
      report('invalid-transition', `${attribute} map may only have the keys "publish" and "next" (or be one guarded task name)`, pos);
      return null;
    }
    return parseAdvanced(entries, ctx);
  }
  report('invalid-transition', `${attribute} must be a task name, a list of task names or a map with publish/next, not ${describeNode(node)}`, pos);
  return null;
}

function parseAdvanced(entries: ReturnType<typeof entriesOf>, ctx: ClauseContext): TransitionClause {
  let targets: TransitionTarget[] = [];
  let publishBranch: ValueMap | null = null;
  let publishGlobal: ValueMap | null = null;
  for (const e of entries) {
    if (e.key === 'next') {
      const v = e.value;
      if (isSeq(v)) targets = parseTargetList(v.items as Node[], ctx);
      else if (isMap(v) && v.items.length === 1) {
        const only = entriesOf(v)[0];
        const t = only ? parseTarget(only.keyNode, only.value, ctx) : null;
        targets = t ? [t] : [];
      } else if (isScalar(v) && v.value !== null && v.value !== undefined) {
        const t = parseTarget(v, null, ctx);
        targets = t ? [t] : [];
      } else {
        ctx.report('invalid-transition', `${ctx.attribute}: next must be a task name or a list of task names, not ${describeNode(v)}`, ctx.source.of(v ?? e.keyNode));
      }
    } else {
      const pub = parsePublish(e.value, e.keyNode, ctx);
      publishBranch = pub.branch;
      publishGlobal = pub.global;
    }
  }
  return { targets, publishBranch, publishGlobal };
}

function parsePublish(node: Node | null, keyNode: Node | null, ctx: ClauseContext): { branch: ValueMap | null; global: ValueMap | null } {
  const { source, report, attribute } = ctx;
  const none = { branch: null, global: null };
  if (ctx.inDefaults) {
    report('unsupported-attribute', `${attribute}: publish in task-defaults is ignored by Mistral; publish from the tasks themselves`, source.of(keyNode));
    return none;
  }
  if (!isMap(node)) {
    report('invalid-type', `${attribute}: publish must be a map with branch and/or global, not ${describeNode(node)}`, source.of(node ?? keyNode));
    return none;
  }
  let branch: ValueMap | null = null;
  let global: ValueMap | null = null;
  for (const e of entriesOf(node)) {
    const keyPos = source.of(e.keyNode);
    if (e.key === 'atomic') {
      report('unsupported-attribute', `${attribute}: publish.atomic is accepted but not implemented by Mistral; use branch or global`, keyPos);
      continue;
    }
    if (e.key !== 'branch' && e.key !== 'global') {
      report('unknown-attribute', `${attribute}: unknown publish scope "${e.key ?? ''}" (expected branch or global)`, keyPos);
      continue;
    }
    if (!isMap(e.value)) {
      report('invalid-type', `${attribute}: publish.${e.key} must be a map, not ${describeNode(e.value)}`, source.of(e.value ?? e.keyNode, keyPos));
      continue;
    }
    checkNode(e.value, source, ctx.report);
    const value = yamlNodeToValue(e.value) as ValueMap;
    if (e.key === 'branch') branch = value;
    else global = value;
  }
  return { branch, global };
}

function parseTargetList(items: readonly Node[], ctx: ClauseContext): TransitionTarget[] {
  const out: TransitionTarget[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    let t: TransitionTarget | null = null;
    if (isMap(item)) {
      const entries = entriesOf(item);
      const only = entries[0];
      if (entries.length !== 1 || !only) {
        ctx.report('invalid-transition', `${ctx.attribute}: each guarded entry must be one "task: <% condition %>" pair`, ctx.source.of(item));
        continue;
      }
      t = parseTarget(only.keyNode, only.value, ctx);
    } else {
      t = parseTarget(item, null, ctx);
      if (t && isScalar(item) && t.guard === null) {
        const text = String(item.value);
        if (seen.has(text)) ctx.report('duplicate-transition', `${ctx.attribute} lists "${text}" twice`, t.position);
        seen.add(text);
      }
    }
    if (t) out.push(t);
  }
  return out;
}

/** Reads `name`, `fail msg="x"` or `fail(msg="x")`, with an optional guard. */
function parseTarget(nameNode: Node | null, guardNode: Node | null, ctx: ClauseContext): TransitionTarget | null {
  const { source, report, attribute } = ctx;
  const position = source.of(nameNode);
  const text = nameText(nameNode);
  if (text === null || text.trim() === '') {
    report('invalid-transition', `${attribute} entries must be task names, not ${describeNode(nameNode)}`, position);
    return null;
  }
  if (hasExpression(text)) {
    report('expression-target', `${attribute} target "${text}" is an expression; transition targets must be task names (put the condition in a guard: "task: <% … %>")`, position);
    return null;
  }
  const scan = scanInline(text, 'command');
  for (const issue of scan.issues) report('inline-params', `${attribute} target ${issue.message}`, source.inString(nameNode, issue.offset, position));
  // A spaceless `fail(msg="x")` is unusable as a name; its problem is already reported.
  if (scan.issues.length > 0 && !text.includes(' ')) return null;
  const guard = parseGuard(text, guardNode, ctx);
  const command = ENGINE_COMMANDS.find((c) => c === scan.name);
  if (command) return commandTarget(command, scan, nameNode, guard, ctx);
  if (scan.list.length > 0) {
    report('inline-params', `${attribute} target "${text}": parameters can only be passed to the engine commands fail, succeed and pause`, position);
  }
  return { kind: 'task', name: scan.name, guard, position };
}

function commandTarget(command: EngineCommand, scan: ReturnType<typeof scanInline>, nameNode: Node | null, guard: TransitionTarget['guard'], ctx: ClauseContext): TransitionTarget {
  const { source, report, attribute } = ctx;
  const position = source.of(nameNode);
  for (const p of scan.list) {
    if (command === 'noop' || p.key !== 'msg') {
      const allowed = command === 'noop' ? 'takes no parameters' : 'only takes msg';
      report('inline-params', `${attribute}: engine command ${command} ${allowed}, not "${p.key}"`, source.inString(nameNode, p.keyOffset, position));
    } else if (typeof p.value === 'string') {
      checkString(p.value, (o) => source.inString(nameNode, p.valueOffset + o, position), report);
    }
  }
  const msg = command === 'noop' ? null : (scan.params.get('msg') ?? null);
  return { kind: 'command', command, msg, guard, position };
}

function parseGuard(target: string, node: Node | null, ctx: ClauseContext): TransitionTarget['guard'] {
  if (node === null) return null;
  const text = isScalar(node) && typeof node.value === 'string' ? node.value : null;
  if (text === null || !isWholeExpression(text)) {
    ctx.report('invalid-guard', `${ctx.attribute}: the guard of "${target}" must be an expression such as <% $.ok %>, not ${describeNode(node)}`, ctx.source.of(node));
    return null;
  }
  checkNode(node, ctx.source, ctx.report);
  return text;
}
