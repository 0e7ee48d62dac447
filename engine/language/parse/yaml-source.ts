/**
 * Loading YAML the way Mistral's PyYAML safe loader reads it, while keeping node positions so every
 * problem can point at a line and column.
 */
import {
  LineCounter,
  Scalar,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Document,
  type Node,
  type ScalarTag,
  type Tags,
  type YAMLMap,
} from 'yaml';
import type { SourcePosition } from '../spec/types.js';
import { fastParse, lineStarts } from './fast-yaml.js';
import { PY_FALSE, PY_TRUE } from './fast-yaml-scalars.js';
import type { Problems } from './problems.js';

/** The document text plus the means to turn offsets into line:column. */
export class SourceText {
  constructor(
    readonly text: string,
    private readonly lines: LineCounter,
  ) {}

  at(offset: number): SourcePosition {
    const p = this.lines.linePos(Math.max(0, Math.min(offset, this.text.length)));
    return { line: Math.max(1, p.line), column: Math.max(1, p.col) };
  }

  /** Position of a node; `fallback` (default: the start of the document) when it has none. */
  of(node: Node | null | undefined, fallback?: SourcePosition): SourcePosition {
    const range = node?.range;
    return range ? this.at(range[0]) : (fallback ?? this.at(0));
  }

  /**
   * Where character `offset` of a string scalar's value sits. Exact for plain and simply quoted
   * single-line scalars; other scalars (escapes, folding, block styles) map to their start.
   */
  inString(node: Node | null | undefined, offset: number, fallback?: SourcePosition): SourcePosition {
    if (!isScalar(node) || !node.range || typeof node.value !== 'string') return this.of(node, fallback);
    const [start, end] = node.range;
    const raw = this.text.slice(start, end);
    if (raw.includes('\n')) return this.at(start);
    if (node.type === 'PLAIN' && raw === node.value) return this.at(start + offset);
    if ((node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE') && raw.slice(1, -1) === node.value) {
      return this.at(start + 1 + offset);
    }
    return this.at(start);
  }
}

export interface LoadedYaml {
  readonly root: Node | null;
  readonly source: SourceText;
}

// The `yaml` package's 1.1 schema would also read y/n as booleans; PyYAML does not (an input named
// `y` must stay a string).
// PyYAML floats need a dot, and an exponent needs a sign: `1e3` and `1.0e3` are strings there.
const PY_FLOAT = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)$/;
const PY_FLOAT_EXP = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)[eE][-+][0-9]+$/;

/** The default YAML 1.1 tags adjusted to what PyYAML resolves. */
export function pythonTags(tags: Tags): Tags {
  const out: Tags = [];
  for (const tag of tags) {
    // `<<` stays an ordinary key: merging needs anchors, which are refused anyway.
    if (typeof tag !== 'string' && tag.tag === 'tag:yaml.org,2002:merge') continue;
    if (typeof tag === 'string' || !('test' in tag) || !tag.test) {
      out.push(tag);
      continue;
    }
    const scalarTag = tag as ScalarTag;
    if (scalarTag.tag === 'tag:yaml.org,2002:bool') {
      const isTrue = scalarTag.test?.test('true') ?? false;
      out.push({
        ...scalarTag,
        test: isTrue ? PY_TRUE : PY_FALSE,
        resolve: () => new Scalar(isTrue),
        stringify: ({ value }) => (value ? 'true' : 'false'),
      });
    } else if (scalarTag.tag === 'tag:yaml.org,2002:float' && scalarTag.format === 'EXP') {
      out.push({ ...scalarTag, test: PY_FLOAT_EXP });
    } else if (scalarTag.tag === 'tag:yaml.org,2002:float' && scalarTag.test?.test('1.5')) {
      out.push({ ...scalarTag, test: PY_FLOAT });
    } else {
      out.push(tag);
    }
  }
  return out;
}

/**
 * Parses one YAML document. Syntax errors, duplicate keys, anchors and aliases become problems;
 * the root is null when the document cannot be used.
 */
export function loadYaml(text: string, problems: Problems): LoadedYaml {
  const fast = fastParse(text);
  if (fast !== undefined) {
    const lines = new LineCounter();
    for (const start of lineStarts(text)) lines.addNewLine(start);
    return { root: fast, source: new SourceText(text, lines) };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    version: '1.1',
    customTags: pythonTags,
    merge: false,
    uniqueKeys: true,
    prettyErrors: false,
    keepSourceTokens: false,
  });
  const source = new SourceText(text, lineCounter);
  let fatal = false;
  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = source.at(e.pos[0]);
    if (e.code === 'DUPLICATE_KEY') {
      const key = keyTextAt(text, e.pos[0]);
      problems.add('duplicate-key', {}, null, `duplicate key "${key}"`, pos);
    } else {
      fatal = true;
      problems.add('yaml-syntax', {}, null, `YAML syntax error: ${firstLine(e.message)}`, pos);
    }
  }
  if (!fatal && doc.contents) fatal = rejectAnchors(doc, source, problems);
  return { root: fatal ? null : (doc.contents as Node | null), source };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

function keyTextAt(text: string, offset: number): string {
  const rest = text.slice(offset, offset + 300);
  const m = /^(?:"([^"\n]*)"|'([^'\n]*)'|([^:\n]*?))\s*:/.exec(rest);
  return (m?.[1] ?? m?.[2] ?? m?.[3] ?? rest.split('\n')[0] ?? '').trim();
}

// Mistral master neutralises anchors and aliases; silently expanding them would accept documents
// Mistral reads differently, so they are refused outright.
function rejectAnchors(doc: Document.Parsed, source: SourceText, problems: Problems): boolean {
  let found = false;
  visit(doc, (_key, node) => {
    if (isAlias(node)) {
      found = true;
      problems.add('yaml-alias', {}, null, `YAML aliases (*${node.source}) are not allowed; write the value out`, source.of(node));
      return;
    }
    if ((isScalar(node) || isMap(node) || isSeq(node)) && node.anchor) {
      found = true;
      problems.add('yaml-anchor', {}, null, `YAML anchors (&${node.anchor}) are not allowed; write the value out`, source.of(node));
    }
    return undefined;
  });
  return found;
}

/** One key/value pair of a mapping, with the key read as text. */
export interface Entry {
  /** Key text; null when the key is not a scalar. */
  readonly key: string | null;
  readonly keyNode: Node | null;
  readonly value: Node | null;
}

/** The pairs of a map; a repeated key (already reported by the loader) keeps its first value. */
export function entriesOf(map: YAMLMap): Entry[] {
  const out: Entry[] = [];
  const seen = new Set<string>();
  for (const pair of map.items) {
    const keyNode = (pair.key ?? null) as Node | null;
    const key = nameText(keyNode);
    if (key !== null) {
      if (seen.has(key)) continue;
      seen.add(key);
    }
    out.push({ key, keyNode, value: (pair.value ?? null) as Node | null });
  }
  return out;
}

/**
 * The text of a scalar used as a name (task, workflow, transition target). Plain numbers and
 * booleans keep their source text, so a task called `1` or `on` is still found by its name.
 */
export function nameText(node: Node | null | undefined): string | null {
  if (!isScalar(node)) return null;
  if (typeof node.value === 'string') return node.value;
  if (node.value === null || node.value === undefined) return null;
  return typeof node.source === 'string' ? node.source : String(node.value);
}

export function isNullNode(node: Node | null | undefined): boolean {
  return node === null || node === undefined || (isScalar(node) && (node.value === null || node.value === undefined));
}

/** Short human description of what a node holds, for "must be X, not Y" messages. */
export function describeNode(node: Node | null | undefined): string {
  if (isNullNode(node)) return 'empty';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
    if (typeof v === 'boolean') return `the boolean ${String(v)}`;
    if (typeof v === 'number') return `the number ${node.source ?? String(v)}`;
  }
  return 'an unsupported value';
}
