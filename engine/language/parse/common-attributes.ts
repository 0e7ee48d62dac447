/**
 * Attribute shapes shared by workflows, tasks, ad-hoc actions and workbooks: descriptions, tag
 * lists, input declarations, maps of raw values, unknown-key reporting.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { yamlNodeToValue } from '../values/yaml-values.js';
import type { Value, ValueMap } from '../values/value.js';
import type { InputParam, SourcePosition } from '../spec/types.js';
import { checkNode, isWholeExpression } from './expression-check.js';
import { reporter, type Problems, type Report, type Scope } from './problems.js';
import { describeNode, entriesOf, isNullNode, nameText, type Entry, type SourceText } from './yaml-source.js';

export interface AttrContext {
  readonly source: SourceText;
  readonly report: (attribute: string | null) => Report;
}

/** A context whose reports go into `target.problems` under `scope`. */
export function contextFor(target: { readonly source: SourceText; readonly problems: Problems }, scope: Scope): AttrContext {
  return { source: target.source, report: (attr) => reporter(target.problems, scope, attr) };
}

export function posOf(ctx: AttrContext, node: Node | null | undefined, fallback?: SourcePosition): SourcePosition {
  return ctx.source.of(node, fallback);
}

export function parseDescription(e: Entry, ctx: AttrContext): string | null {
  if (isScalar(e.value) && typeof e.value.value === 'string') return e.value.value;
  ctx.report('description')('invalid-type', `description must be text, not ${describeNode(e.value)}`, posOf(ctx, e.value ?? e.keyNode));
  return null;
}

/** A list of unique non-empty strings (tags, requires); a single string is accepted when `single`. */
export function parseStringList(e: Entry, ctx: AttrContext, single: boolean): { name: string; pos: SourcePosition }[] {
  const attr = e.key ?? '';
  const report = ctx.report(attr);
  const pos = posOf(ctx, e.value ?? e.keyNode);
  if (single && isScalar(e.value) && typeof e.value.value === 'string' && e.value.value !== '') return [{ name: e.value.value, pos }];
  if (!isSeq(e.value)) {
    report('invalid-type', `${attr} must be a list of ${single ? 'names' : 'strings'}, not ${describeNode(e.value)}`, pos);
    return [];
  }
  const out: { name: string; pos: SourcePosition }[] = [];
  const seen = new Set<string>();
  for (const item of e.value.items as Node[]) {
    const itemPos = posOf(ctx, item, pos);
    const text = single ? nameText(item) : isScalar(item) && typeof item.value === 'string' ? item.value : null;
    if (text === null || text === '') {
      report('invalid-type', `${attr} entries must be non-empty ${single ? 'names' : 'strings'}, not ${describeNode(item)}`, itemPos);
      continue;
    }
    if (seen.has(text)) {
      report('duplicate-entry', `${attr} lists "${text}" twice`, itemPos);
      continue;
    }
    seen.add(text);
    out.push({ name: text, pos: itemPos });
  }
  return out;
}

/** `tags: [a, b]` of workbooks, workflows, tasks and ad-hoc actions. */
export function parseTags(e: Entry, ctx: AttrContext): string[] {
  return parseStringList(e, ctx, false).map((t) => t.name);
}

/** `input: [a, b: default]` of workflows and ad-hoc actions; defaults are literal values. */
export function parseInputDeclaration(e: Entry, ctx: AttrContext): InputParam[] {
  const report = ctx.report('input');
  if (!isSeq(e.value)) {
    report('invalid-type', `input must be a list of names or one-key "name: default" maps, not ${describeNode(e.value)}`, posOf(ctx, e.value ?? e.keyNode));
    return [];
  }
  const out: InputParam[] = [];
  const seen = new Set<string>();
  for (const item of e.value.items as Node[]) {
    const itemPos = posOf(ctx, item);
    let param: InputParam | null = null;
    if (isMap(item)) {
      const entries = entriesOf(item);
      const only = entries[0];
      if (entries.length === 1 && only && only.key) param = { name: only.key, hasDefault: true, default: yamlNodeToValue(only.value) };
    } else {
      const name = nameText(item);
      if (name) param = { name, hasDefault: false, default: null };
    }
    if (!param) {
      report('invalid-input', `input entries must be a name or a one-key "name: default" map, not ${describeNode(item)}`, itemPos);
      continue;
    }
    if (seen.has(param.name)) {
      report('duplicate-entry', `input declares "${param.name}" twice`, itemPos);
      continue;
    }
    seen.add(param.name);
    out.push(param);
  }
  return out;
}

/** A map of raw values whose strings may hold expressions (publish, output, vars, base-input). */
export function parseValueMap(e: Entry, ctx: AttrContext): ValueMap | null {
  const attr = e.key ?? '';
  if (!isMap(e.value)) {
    ctx.report(attr)('invalid-type', `${attr} must be a map, not ${describeNode(e.value)}`, posOf(ctx, e.value ?? e.keyNode));
    return null;
  }
  checkNode(e.value, ctx.source, ctx.report(attr));
  return yamlNodeToValue(e.value) as ValueMap;
}

/** Any raw value (ad-hoc action output); strings are checked for expressions. */
export function parseAnyValue(e: Entry, ctx: AttrContext): Value {
  checkNode(e.value, ctx.source, ctx.report(e.key));
  return yamlNodeToValue(e.value);
}

/** `true`/`false` or an expression (keep-result, safe-rerun). */
export function parseBoolOrExpression(e: Entry, ctx: AttrContext): Value | undefined {
  const attr = e.key ?? '';
  const v = yamlNodeToValue(e.value);
  if (typeof v === 'boolean' || (typeof v === 'string' && isWholeExpression(v))) {
    checkNode(e.value, ctx.source, ctx.report(attr));
    return v;
  }
  ctx.report(attr)('invalid-type', `${attr} must be true, false or an expression, not ${describeNode(e.value)}`, posOf(ctx, e.value ?? e.keyNode));
  return undefined;
}

/** Reports a key that is not allowed here, suggesting the closest allowed one. */
export function reportUnknownKey(e: Entry, allowed: readonly string[], ctx: AttrContext, hint?: string): void {
  const key = e.key ?? describeNode(e.keyNode);
  const near = hint ?? suggestion(key, allowed);
  ctx.report(e.key)('unknown-attribute', `unknown attribute "${key}"${near ? ` (${near})` : ''}`, posOf(ctx, e.keyNode));
}

function suggestion(key: string, allowed: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(key.length / 4)) + 1;
  for (const a of allowed) {
    const d = distance(key, a);
    if (d < bestDistance) {
      bestDistance = d;
      best = a;
    }
  }
  return best ? `did you mean "${best}"?` : null;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[b.length] ?? 99;
}
