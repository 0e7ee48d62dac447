/**
 * The three document kinds (language digest §1): workflow lists, ad-hoc action lists and workbooks.
 */
import { Document, Pair, Scalar, YAMLMap, isMap, isScalar, type Node } from 'yaml';
import type { AdHocActionSpec, ParseResult, Problem, SourcePosition, WorkbookSpec, WorkflowSpec } from '../spec/types.js';
import { parseAction } from './action-parser.js';
import { contextFor, parseDescription, parseTags, posOf, reportUnknownKey, type AttrContext } from './common-attributes.js';
import { workbookScope, type DefinitionInput } from './definition-input.js';
import { Problems, reporter } from './problems.js';
import { checkVersion, isVersion2 } from './version.js';
import { parseWorkflow } from './workflow-parser.js';
import { describeNode, entriesOf, loadYaml, nameText, pythonTags, type Entry, type LoadedYaml } from './yaml-source.js';

export type DocumentKind = 'workflows' | 'workbook' | 'actions';

const WORKBOOK_KEYS = ['version', 'name', 'description', 'tags', 'workflows', 'actions'];
const WORKBOOK_MEMBER = /^[\p{L}\p{N}_-]+$/u;

interface Loaded extends LoadedYaml {
  readonly problems: Problems;
  readonly entries: readonly Entry[];
}

function finish<T>(problems: Problems, value: T | null): ParseResult<T> {
  if (problems.size > 0 || value === null) {
    return { ok: false, problems: problems.size > 0 ? problems.sorted() : [internal('the document could not be read')] };
  }
  return { ok: true, value };
}

function internal(message: string): Problem {
  return { message, code: 'internal-error', workflow: null, task: null, attribute: null, line: 1, column: 1 };
}

/** Parses the text; null when the root is not a usable map (the problem is already reported). */
export function load(text: string, problems: Problems, what: string): Loaded | null {
  const y = loadYaml(text, problems);
  if (problems.size > 0 && y.root === null) return null;
  if (y.root === null || (isScalar(y.root) && (y.root.value === null || y.root.value === ''))) {
    problems.add('empty-document', {}, null, 'the document is empty', y.source.at(0));
    return null;
  }
  if (!isMap(y.root)) {
    problems.add('invalid-document', {}, null, `the document must be a map with version and ${what}, not ${describeNode(y.root)}`, y.source.of(y.root));
    return null;
  }
  return { ...y, problems, entries: entriesOf(y.root) };
}

export function detectKind(entries: readonly Entry[]): DocumentKind {
  const has = (e: Entry, k: string) => isMap(e.value) && e.value.items.some((p) => isScalar(p.key) && p.key.value === k);
  const keys = new Set(entries.map((e) => e.key));
  if (keys.has('name') && (keys.has('workflows') || keys.has('actions'))) return 'workbook';
  // Without a name it is still a workbook (one missing its name) unless `workflows`/`actions` is
  // itself a workflow or action called so.
  const section = entries.find((e) => e.key === 'workflows' || e.key === 'actions');
  if (section && isMap(section.value) && !has(section, 'tasks') && !has(section, 'base')) return 'workbook';
  const members = entries.filter((e) => e.key !== 'version');
  if (members.some((e) => has(e, 'base')) && !members.some((e) => has(e, 'tasks'))) return 'actions';
  return 'workflows';
}

/** `version` plus one member, as Mistral stores each workflow of a multi-workflow upload. */
function redump(versionNode: Node | null, member: Entry): string {
  const map = new YAMLMap();
  map.items.push(new Pair(new Scalar('version'), versionNode && isScalar(versionNode) ? versionNode.clone() : new Scalar('2.0')));
  map.items.push(new Pair((member.keyNode as Node).clone(), member.value ? member.value.clone() : null));
  const doc = new Document(undefined, { version: '1.1', customTags: pythonTags });
  doc.contents = map;
  return String(doc);
}

interface Members {
  readonly version: Node | null;
  readonly list: { entry: Entry; name: string; position: SourcePosition; definition: string }[];
}

function readMembers(d: Loaded, entries: readonly Entry[], kind: string, rawWhenSingle: boolean, memberPattern: boolean, scope: { workbook?: string }): Members {
  const report = reporter(d.problems, scope, null);
  const version = entries.find((e) => e.key === 'version')?.value ?? null;
  const members = entries.filter((e) => e.key !== 'version');
  const list: Members['list'] = [];
  for (const e of members) {
    const position = d.source.of(e.keyNode);
    const name = nameText(e.keyNode);
    if (name === null || name.trim() === '') {
      report('invalid-name', `${kind} names must be non-empty text, not ${describeNode(e.keyNode)}`, position);
      continue;
    }
    if (memberPattern && !WORKBOOK_MEMBER.test(name)) {
      report('invalid-name', `${kind} name "${name}" may only contain letters, digits, "_" and "-" inside a workbook`, position);
      continue;
    }
    const definition = rawWhenSingle && members.length === 1 ? d.source.text : redump(version, e);
    list.push({ entry: e, name, position, definition });
  }
  return { version, list };
}

function isWorkbook(d: Loaded): boolean {
  if (detectKind(d.entries) !== 'workbook') return false;
  d.problems.add('wrong-document-kind', {}, null, 'this document is a workbook (it has name and workflows/actions); upload it as a workbook', d.source.at(0));
  return true;
}

export function workflowsFrom(d: Loaded, entries: readonly Entry[], workbook: string | null): WorkflowSpec[] {
  return definitionsFrom(d, entries, workbook, 'workflow', parseWorkflow);
}

export function actionsFrom(d: Loaded, entries: readonly Entry[], workbook: string | null): AdHocActionSpec[] {
  return definitionsFrom(d, entries, workbook, 'action', parseAction);
}

function definitionsFrom<T>(d: Loaded, entries: readonly Entry[], workbook: string | null, kind: 'workflow' | 'action', parse: (input: DefinitionInput) => T | null): T[] {
  const members = readMembers(d, entries, kind, workbook === null, workbook !== null, workbookScope(workbook));
  if (workbook === null) checkListVersion(d, members.version, entries);
  const out: T[] = [];
  for (const m of members.list) {
    const parsed = parse({ shortName: m.name, workbook, node: m.entry.value, position: m.position, definition: m.definition, source: d.source, problems: d.problems });
    if (parsed) out.push(parsed);
  }
  return out;
}

function checkListVersion(d: Loaded, version: Node | null, entries: readonly Entry[]): void {
  const e = entries.find((x) => x.key === 'version');
  if (e) checkVersion(version, reporter(d.problems, {}, 'version'), d.source);
}

export function parseWorkflows(text: string): ParseResult<WorkflowSpec[]> {
  return guarded(() => workflowsText(text));
}

export function parseActions(text: string): ParseResult<AdHocActionSpec[]> {
  return guarded(() => actionsText(text));
}

export function parseWorkbook(text: string): ParseResult<WorkbookSpec> {
  return guarded(() => workbookText(text));
}

/** An upload must get an answer, not a crash: an unexpected fault becomes a problem (and a bug). */
function guarded<T>(parse: () => ParseResult<T>): ParseResult<T> {
  try {
    return parse();
  } catch (e) {
    return { ok: false, problems: [internal(`internal error while reading the document: ${e instanceof Error ? e.message : String(e)}`)] };
  }
}

function workflowsText(text: string): ParseResult<WorkflowSpec[]> {
  const problems = new Problems();
  const d = load(text, problems, 'one key per workflow');
  return d ? workflowListOf(d) : finish<WorkflowSpec[]>(problems, null);
}

function actionsText(text: string): ParseResult<AdHocActionSpec[]> {
  const problems = new Problems();
  const d = load(text, problems, 'one key per action');
  return d ? actionListOf(d) : finish<AdHocActionSpec[]>(problems, null);
}

function workbookText(text: string): ParseResult<WorkbookSpec> {
  const problems = new Problems();
  const d = load(text, problems, 'name, workflows and actions');
  return finish(problems, d ? workbookFrom(d) : null);
}

function workflowListOf(d: Loaded): ParseResult<WorkflowSpec[]> {
  if (isWorkbook(d)) return finish<WorkflowSpec[]>(d.problems, null);
  if (!d.entries.some((e) => e.key !== 'version')) {
    d.problems.add('missing-workflows', {}, null, 'the document defines no workflow', d.source.at(0));
  }
  return finish(d.problems, workflowsFrom(d, d.entries, null));
}

function actionListOf(d: Loaded): ParseResult<AdHocActionSpec[]> {
  if (isWorkbook(d)) return finish<AdHocActionSpec[]>(d.problems, null);
  if (!d.entries.some((e) => e.key !== 'version')) {
    d.problems.add('missing-actions', {}, null, 'the document defines no action', d.source.at(0));
  }
  return finish(d.problems, actionsFrom(d, d.entries, null));
}

function workbookFrom(d: Loaded): WorkbookSpec | null {
  const ctx = contextFor(d, {});
  let name: string | null = null;
  let description: string | null = null;
  let tags: string[] = [];
  let workflowsEntry: Entry | null = null;
  let actionsEntry: Entry | null = null;
  for (const e of d.entries) {
    const key = e.key ?? '';
    if (!WORKBOOK_KEYS.includes(key)) reportUnknownKey(e, WORKBOOK_KEYS, ctx);
    else if (key === 'version') checkVersion(e.value, ctx.report('version'), d.source);
    else if (key === 'name') name = workbookName(e, ctx);
    else if (key === 'description') description = parseDescription(e, ctx);
    else if (key === 'tags') tags = parseTags(e, ctx);
    else if (key === 'workflows') workflowsEntry = e;
    else actionsEntry = e;
  }
  if (!d.entries.some((e) => e.key === 'name')) ctx.report('name')('missing-name', 'the workbook has no name; add "name: <workbook name>"', d.source.at(0));
  const wbName = name ?? '';
  const workflows = workflowsEntry ? workbookMembers(d, workflowsEntry, wbName, ctx, (es) => workflowsFrom(d, es, wbName)) : [];
  const actions = actionsEntry ? workbookMembers(d, actionsEntry, wbName, ctx, (es) => actionsFrom(d, es, wbName)) : [];
  if (name === null) return null;
  return { name, description, tags, workflows, actions, definition: d.source.text };
}

function workbookName(e: Entry, ctx: AttrContext): string | null {
  if (isScalar(e.value) && typeof e.value.value === 'string' && e.value.value.trim() !== '') return e.value.value;
  ctx.report('name')('invalid-name', `the workbook name must be non-empty text, not ${describeNode(e.value)}`, posOf(ctx, e.value ?? e.keyNode));
  return null;
}

function workbookMembers<T>(d: Loaded, e: Entry, wbName: string, ctx: AttrContext, read: (entries: Entry[]) => T[]): T[] {
  const key = e.key ?? '';
  if (!isMap(e.value)) {
    ctx.report(key)('invalid-type', `${key} must be a map of names to definitions, not ${describeNode(e.value)}`, posOf(ctx, e.value ?? e.keyNode));
    return [];
  }
  const members: Entry[] = [];
  for (const m of entriesOf(e.value)) {
    // Mistral tolerates `version: '2.0'` inside these maps; a member cannot be called "version".
    if (m.key === 'version') {
      if (!isVersion2(m.value)) {
        reporter(d.problems, { workbook: wbName }, key)('invalid-name', `"version" cannot be used as a name in ${key}`, posOf(ctx, m.keyNode));
      }
      continue;
    }
    members.push(m);
  }
  return read(members);
}

export type AnyDocument =
  | { readonly kind: 'workflows'; readonly workflows: WorkflowSpec[] }
  | { readonly kind: 'workbook'; readonly workbook: WorkbookSpec }
  | { readonly kind: 'actions'; readonly actions: AdHocActionSpec[] };

/**
 * Parses a document of any kind: one with `name` and `workflows`/`actions` is a workbook, one whose
 * members have `base` (and none has `tasks`) is an ad-hoc action list, anything else a workflow list.
 */
export function parseAnyDocument(text: string): ParseResult<AnyDocument> {
  return guarded(() => anyText(text));
}

function anyText(text: string): ParseResult<AnyDocument> {
  const problems = new Problems();
  const d = load(text, problems, 'one key per workflow');
  if (!d) return finish<AnyDocument>(problems, null);
  const kind = detectKind(d.entries);
  if (kind === 'workbook') {
    const wb = workbookFrom(d);
    return finish<AnyDocument>(problems, wb ? { kind, workbook: wb } : null);
  }
  if (kind === 'actions') {
    const r = actionListOf(d);
    return r.ok ? { ok: true, value: { kind, actions: r.value } } : r;
  }
  const r = workflowListOf(d);
  return r.ok ? { ok: true, value: { kind, workflows: r.value } } : r;
}
