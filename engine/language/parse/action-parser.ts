/**
 * Ad-hoc actions (language digest §12): a `base` action with inline params, `base-input`, declared
 * `input` and an `output` transform.
 */
import { isMap, isScalar } from 'yaml';
import type { AdHocActionSpec, InputParam } from '../spec/types.js';
import type { MapKey, Value } from '../values/value.js';
import {
  contextFor,
  parseAnyValue,
  parseDescription,
  parseInputDeclaration,
  parseTags,
  parseValueMap,
  posOf,
  reportUnknownKey,
  type AttrContext,
} from './common-attributes.js';
import { qualifiedName, workbookScope, type DefinitionInput } from './definition-input.js';
import { checkString } from './expression-check.js';
import { scanInline } from './inline-params.js';
import type { Scope } from './problems.js';
import { checkVersion } from './version.js';
import { describeNode, entriesOf, type Entry } from './yaml-source.js';

const ACTION_KEYS = ['base', 'base-input', 'input', 'output', 'description', 'tags', 'version'];

export function parseAction(a: DefinitionInput): AdHocActionSpec | null {
  const scope: Scope = { ...workbookScope(a.workbook), action: a.shortName };
  const ctx = contextFor(a, scope);
  const before = a.problems.size;
  if (!isMap(a.node)) {
    ctx.report(null)('invalid-type', `an ad-hoc action must be a map with at least "base", not ${describeNode(a.node)}`, posOf(ctx, a.node, a.position));
    return null;
  }
  let description: string | null = null;
  let tags: string[] = [];
  let input: InputParam[] = [];
  let output: Value | null = null;
  let base: { name: string; params: ReadonlyMap<string, Value> } | null = null;
  let baseInputEntry: Entry | null = null;
  for (const e of entriesOf(a.node)) {
    const key = e.key ?? '';
    if (!ACTION_KEYS.includes(key)) reportUnknownKey(e, ACTION_KEYS, ctx);
    else if (key === 'base') base = parseBase(e, ctx);
    else if (key === 'base-input') baseInputEntry = e;
    else if (key === 'input') input = parseInputDeclaration(e, ctx);
    else if (key === 'output') output = parseAnyValue(e, ctx);
    else if (key === 'description') description = parseDescription(e, ctx);
    else if (key === 'tags') tags = parseTags(e, ctx);
    else if (key === 'version') checkVersion(e.value, ctx.report('version'), a.source);
  }
  if (!entriesOf(a.node).some((e) => e.key === 'base')) {
    ctx.report('base')('missing-base', 'has no base; an ad-hoc action needs "base: <action name>"', a.position);
  }
  const baseInput = new Map<MapKey, Value>(base?.params ?? []);
  if (baseInputEntry) {
    const declared = parseValueMap(baseInputEntry, ctx);
    if (declared && isMap(baseInputEntry.value)) {
      for (const e of entriesOf(baseInputEntry.value)) {
        if (e.key !== null && base?.params.has(e.key)) {
          ctx.report('base-input')('duplicate-parameter', `parameter "${e.key}" is given both inline in base and in base-input; keep one`, posOf(ctx, e.keyNode));
        }
      }
      for (const [k, v] of declared) baseInput.set(k, v);
    }
  }
  if (a.problems.size > before || !base) return null;
  return {
    name: qualifiedName(a),
    shortName: a.shortName,
    workbook: a.workbook,
    description,
    tags,
    base: base.name,
    baseInput,
    input,
    output,
    definition: a.definition,
    position: a.position,
  };
}

function parseBase(e: Entry, ctx: AttrContext): { name: string; params: ReadonlyMap<string, Value> } | null {
  const report = ctx.report('base');
  const node = e.value;
  const pos = posOf(ctx, node ?? e.keyNode);
  if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '') {
    report('invalid-type', `base must be an action name, optionally followed by key=value parameters, not ${describeNode(node)}`, pos);
    return null;
  }
  const scan = scanInline(node.value, 'command');
  for (const issue of scan.issues) report('inline-params', `base ${issue.message}`, ctx.source.inString(node, issue.offset, pos));
  if (scan.nameIsExpression) {
    report('invalid-base', 'base must name an action; it cannot be an expression', pos);
    return null;
  }
  for (const p of scan.list) {
    if (typeof p.value === 'string') checkString(p.value, (o) => ctx.source.inString(node, p.valueOffset + o, pos), report);
  }
  return { name: scan.name, params: scan.params };
}
