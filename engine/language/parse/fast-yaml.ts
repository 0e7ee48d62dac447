/**
 * A fast reader for the plain YAML most workflow documents are written in: block maps and lists,
 * single-line plain and quoted scalars, single-line flow lists and maps, comments.
 *
 * The `yaml` package needs ~45 ms for a 1,000-task workflow, the whole parse budget. This reader
 * builds the very same node tree (same values, scalar types and positions) several times faster,
 * and gives up (returns undefined) on anything outside its subset — anchors, tags, block scalars,
 * multi-line scalars, escapes, unusual numbers, errors — so the `yaml` package reads those documents
 * and reports their problems. A differential test holds the two readers to the same output.
 */
import { Pair, YAMLMap, YAMLSeq, type Node, type Scalar } from 'yaml';
import { FlowReader } from './fast-yaml-flow.js';
import { Bail, bail, plain, quotedEnd, quotedScalar, scalar, skipSpaces } from './fast-yaml-scalars.js';

interface Line {
  readonly start: number;
  readonly indent: number;
  readonly end: number;
}

/** The newline offsets, as the `yaml` package's LineCounter records them. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Reads `text` in the fast subset; undefined when the `yaml` package must read it instead. */
export function fastParse(text: string): Node | null | undefined {
  if (/[\t\r\uFEFF]/.test(text)) return undefined;
  try {
    return new Reader(text).document();
  } catch (e) {
    if (e instanceof Bail) return undefined;
    throw e;
  }
}

class Reader {
  private readonly lines: Line[] = [];
  private i = 0;

  constructor(private readonly text: string) {
    for (let start = 0; start <= text.length; ) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      let indent = start;
      while (indent < end && text.charCodeAt(indent) === 32) indent++;
      if (indent < end && text[indent] !== '#') this.lines.push({ start, indent: indent - start, end });
      start = end + 1;
    }
  }

  document(): Node | null {
    const first = this.lines[0];
    if (first && first.indent === 0 && this.text.startsWith('---', first.start)) {
      if (!/^---(?:\s+#.*)?\s*$/.test(this.text.slice(first.start, first.end))) bail();
      this.i = 1;
    }
    for (let k = this.i; k < this.lines.length; k++) {
      const l = this.lines[k] as Line;
      if (l.indent === 0 && /^(?:---|\.\.\.)/.test(this.text.slice(l.start, l.end))) bail();
    }
    const line = this.lines[this.i];
    if (!line) return null;
    if (line.indent !== 0) bail();
    const node = this.collection(line);
    if (this.i < this.lines.length) bail();
    return node;
  }

  private isSeqEntry(l: Line): boolean {
    const p = l.start + l.indent;
    return this.text[p] === '-' && (p + 1 === l.end || this.text[p + 1] === ' ');
  }

  private collection(l: Line): Node {
    return this.isSeqEntry(l) ? this.seq(l.indent) : this.map(l.indent, l.start + l.indent);
  }

  /** The value after `key:` or `-` when nothing follows on the same line. */
  private nested(parentIndent: number, sameIndentSeq: boolean, at: number): Node {
    const next = this.lines[this.i];
    if (next && next.indent > parentIndent) return this.collection(next);
    if (next && sameIndentSeq && next.indent === parentIndent && this.isSeqEntry(next)) return this.seq(next.indent);
    return scalar(null, 'PLAIN', '', at, at);
  }

  private map(indent: number, firstCol: number): YAMLMap {
    const map = new YAMLMap();
    const keys = new Set<unknown>();
    let col = firstCol;
    for (;;) {
      const line = this.lines[this.i] as Line;
      const { key, after } = this.key(col, line.end);
      if (keys.has(key.value)) bail();
      keys.add(key.value);
      const rest = skipSpaces(this.text, after, line.end);
      this.i++;
      let value: Node;
      if (rest === line.end || this.text[rest] === '#') {
        if (rest < line.end && rest === after) bail();
        value = this.nested(indent, true, rest);
      } else {
        if (rest === after) bail();
        value = this.inline(rest, line.end);
        this.noDeeperLine(indent);
      }
      map.items.push(new Pair(key, value));
      const next = this.lines[this.i];
      if (!next || next.indent < indent) break;
      if (next.indent > indent || this.isSeqEntry(next)) bail();
      col = next.start + next.indent;
    }
    map.range = [firstCol, firstCol, firstCol];
    return map;
  }

  private seq(indent: number): YAMLSeq {
    const seq = new YAMLSeq();
    let first = -1;
    for (;;) {
      const line = this.lines[this.i] as Line;
      const dash = line.start + line.indent;
      if (first < 0) first = dash;
      const content = skipSpaces(this.text, dash + 1, line.end);
      if (content === line.end || this.text[content] === '#') {
        this.i++;
        seq.items.push(this.nested(indent, false, content));
      } else if (this.text[content] === '-' && (content + 1 === line.end || this.text[content + 1] === ' ')) {
        bail();
      } else if (this.keyEnd(content, line.end) >= 0) {
        seq.items.push(this.map(content - line.start, content));
      } else {
        this.i++;
        seq.items.push(this.inline(content, line.end));
        this.noDeeperLine(indent);
      }
      const next = this.lines[this.i];
      if (!next || next.indent < indent || (next.indent === indent && !this.isSeqEntry(next))) break;
      if (next.indent > indent) bail();
    }
    seq.range = [first, first, first];
    return seq;
  }

  private noDeeperLine(indent: number): void {
    const next = this.lines[this.i];
    if (next && next.indent > indent) bail();
  }

  /** Offset of the `:` ending an implicit key starting at `p`, or -1 when the line holds no key. */
  private keyEnd(p: number, end: number): number {
    const t = this.text;
    const c = t[p];
    if (c === '"' || c === "'") {
      const q = quotedEnd(t, p, end);
      return q < end && t[q] === ':' && (q + 1 === end || t[q + 1] === ' ') ? q : -1;
    }
    if (c === '[' || c === '{') return -1;
    for (let k = p; k < end; k++) {
      const ch = t[k];
      if (ch === '#' && t[k - 1] === ' ') return -1;
      if (ch === ':' && (k + 1 === end || t[k + 1] === ' ')) return k;
    }
    return -1;
  }

  private key(p: number, end: number): { key: Scalar; after: number } {
    const colon = this.keyEnd(p, end);
    if (colon < 0) bail();
    const t = this.text;
    if (t[p] === '"' || t[p] === "'") return { key: this.quoted(p, end), after: colon + 1 };
    let keyEnd = colon;
    while (t[keyEnd - 1] === ' ') keyEnd--;
    return { key: plain(t.slice(p, keyEnd), p), after: colon + 1 };
  }

  /** A value on the rest of a line: quoted, flow collection or plain, then only a comment. */
  private inline(p: number, end: number): Node {
    const t = this.text;
    const c = t[p] as string;
    let node: Node;
    let q: number;
    if (c === '"' || c === "'") {
      node = this.quoted(p, end);
      q = (node.range as [number, number, number])[1];
    } else if (c === '[' || c === '{') {
      const flow = new FlowReader(t, end);
      node = flow.node(p);
      q = flow.pos;
    } else {
      let stop = p;
      while (stop < end && !(t.charCodeAt(stop) === 35 && t.charCodeAt(stop - 1) === 32)) stop++;
      while (t[stop - 1] === ' ') stop--;
      const s = t.slice(p, stop);
      if (s.includes(': ') || s.endsWith(':')) bail();
      return plain(s, p);
    }
    const rest = skipSpaces(t, q, end);
    if (rest < end && !(t[rest] === '#' && rest > q)) bail();
    return node;
  }

  private quoted(p: number, end: number): Scalar {
    return quotedScalar(this.text, p, end);
  }
}
