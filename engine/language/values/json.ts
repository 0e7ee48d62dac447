/**
 * JSON text ⇄ values, keeping what JSON.parse loses: key order (integer-like keys stay where they
 * were) and float-ness (`3.0` stays a float). Output follows Python's `json.dumps`.
 */
import { formatFloat } from './python-format.js';
import { OpaqueValue, PyFloat, isList, isMap, type MapKey, type Value } from './value.js';

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

/** Parses JSON text into values. Throws {@link JsonSyntaxError} with the offset of the fault. */
export function parseJson(text: string): Value {
  const p = new JsonParser(text);
  p.skipWs();
  const v = p.value(0);
  p.skipWs();
  if (p.pos < text.length) p.fail('unexpected text after the JSON value');
  return v;
}

const MAX_DEPTH = 512;

class JsonParser {
  pos = 0;
  constructor(private readonly s: string) {}

  fail(msg: string): never {
    throw new JsonSyntaxError(`${msg} at offset ${this.pos}`, this.pos);
  }

  skipWs(): void {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else break;
    }
  }

  value(depth: number): Value {
    if (depth > MAX_DEPTH) this.fail('JSON nested too deeply');
    const c = this.s[this.pos];
    switch (c) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
        return this.fail(c === undefined ? 'unexpected end of JSON' : `unexpected character ${JSON.stringify(c)}`);
    }
  }

  literal<T extends Value>(word: string, v: T): T {
    if (this.s.startsWith(word, this.pos)) {
      this.pos += word.length;
      return v;
    }
    return this.fail('invalid literal');
  }

  number(): Value {
    const re = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    re.lastIndex = this.pos;
    const m = re.exec(this.s);
    if (!m) return this.fail('invalid number');
    this.pos += m[0].length;
    const n = Number(m[0]);
    if (m[1] !== undefined || m[2] !== undefined) return Number.isInteger(n) ? new PyFloat(n) : n;
    return n;
  }

  string(): string {
    const s = this.s;
    const start = ++this.pos;
    // Fast path: no escapes.
    let i = start;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        this.pos = i + 1;
        return s.slice(start, i);
      }
      if (c === 92 || c < 32) break;
      i++;
    }
    let out = s.slice(start, i);
    this.pos = i;
    while (this.pos < s.length) {
      const ch = s[this.pos] as string;
      if (ch === '"') {
        this.pos++;
        return out;
      }
      if (ch.charCodeAt(0) < 32) this.fail('control character in string');
      if (ch === '\\') {
        const e = s[this.pos + 1];
        this.pos += 2;
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            const hex = s.slice(this.pos, this.pos + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape');
            out += String.fromCharCode(parseInt(hex, 16));
            this.pos += 4;
            break;
          }
          default:
            this.pos -= 2;
            this.fail('invalid escape');
        }
      } else {
        out += ch;
        this.pos++;
      }
    }
    return this.fail('unterminated string');
  }

  array(depth: number): Value[] {
    this.pos++;
    const out: Value[] = [];
    this.skipWs();
    if (this.s[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWs();
      out.push(this.value(depth + 1));
      this.skipWs();
      const c = this.s[this.pos];
      if (c === ',') this.pos++;
      else if (c === ']') {
        this.pos++;
        return out;
      } else this.fail("expected ',' or ']'");
    }
  }

  object(depth: number): Map<MapKey, Value> {
    this.pos++;
    const out = new Map<MapKey, Value>();
    this.skipWs();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWs();
      if (this.s[this.pos] !== '"') this.fail('expected a string key');
      const k = this.string();
      this.skipWs();
      if (this.s[this.pos] !== ':') this.fail("expected ':'");
      this.pos++;
      this.skipWs();
      out.set(k, this.value(depth + 1));
      this.skipWs();
      const c = this.s[this.pos];
      if (c === ',') this.pos++;
      else if (c === '}') {
        this.pos++;
        return out;
      } else this.fail("expected ',' or '}'");
    }
  }
}

export interface DumpOptions {
  /** Spaces per level; undefined writes one line (Python's default). */
  readonly indent?: number;
  readonly sortKeys?: boolean;
  /** Python's default `ensure_ascii=True` escapes non-ASCII; the API keeps UTF-8. */
  readonly ensureAscii?: boolean;
  /** Item and key separators; Python's default is `, ` and `: ` (`,` with an indent). */
  readonly compact?: boolean;
}

/** Serialises values as Python's `json.dumps` would, so stored and returned text matches Mistral. */
export function dumpJson(v: Value, options: DumpOptions = {}): string {
  return dump(v, options, 0);
}

function dumpKey(k: MapKey): string {
  if (typeof k === 'string') return k;
  if (k === null) return 'null';
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  return Number.isInteger(k) ? String(k) : formatFloat(k);
}

function quote(s: string, ensureAscii: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    const c = s.charCodeAt(i);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || (ensureAscii && c > 0x7e)) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

function dump(v: Value, o: DumpOptions, level: number): string {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    return Number.isInteger(v) ? String(v) : formatFloat(v);
  }
  if (v instanceof PyFloat) return formatFloat(v.value);
  if (typeof v === 'string') return quote(v, o.ensureAscii ?? false);
  if (v instanceof OpaqueValue) return dump(v.toJsonValue(), o, level);
  const itemSep = o.compact ? ',' : o.indent !== undefined ? ',' : ', ';
  const keySep = o.compact ? ':' : ': ';
  const nl = o.indent !== undefined ? '\n' + ' '.repeat(o.indent * (level + 1)) : '';
  const close = o.indent !== undefined ? '\n' + ' '.repeat(o.indent * level) : '';
  if (isList(v)) {
    if (v.length === 0) return '[]';
    return '[' + nl + v.map((x) => dump(x, o, level + 1)).join(itemSep + nl) + close + ']';
  }
  if (isMap(v)) {
    if (v.size === 0) return '{}';
    let entries = [...v.entries()].map(([k, val]) => [dumpKey(k), val] as const);
    if (o.sortKeys) entries = entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const parts = entries.map(([k, val]) => quote(k, o.ensureAscii ?? false) + keySep + dump(val, o, level + 1));
    return '{' + nl + parts.join(itemSep + nl) + close + '}';
  }
  return 'null';
}
