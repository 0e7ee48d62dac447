/**
 * Python `re` patterns on JavaScript RegExp. The syntax differences that matter for workflow
 * patterns are translated: named groups `(?P<n>…)`/`(?P=n)`, `\A`/`\Z`, Python's `$` (which also
 * matches before a final newline), leading inline flags, verbose mode, `(?#…)` comments and a `]`
 * first in a class. Character classes stay ASCII (no `u` flag), as Python's are for ASCII input.
 */
import { fail } from '../errors.js';

export interface RegexFlags {
  readonly ignoreCase: boolean;
  readonly multiLine: boolean;
  readonly dotAll: boolean;
}

const NO_FLAGS: RegexFlags = { ignoreCase: false, multiLine: false, dotAll: false };
const CACHE_LIMIT = 500;
const cache = new Map<string, RegExp>();

/**
 * Compiles a Python pattern to a global RegExp (callers reset `lastIndex`). Compiled patterns are
 * cached because `$.items.where($.name =~ 'x')` compiles the same pattern per item.
 */
export function compilePython(pattern: string, flags: RegexFlags = NO_FLAGS): RegExp {
  const key = `${Number(flags.ignoreCase)}${Number(flags.multiLine)}${Number(flags.dotAll)}${pattern}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const { source, flags: jsFlags } = translate(pattern, flags);
  let re: RegExp;
  try {
    re = new RegExp(source, `g${jsFlags}`);
  } catch (e) {
    fail(`invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, re);
  return re;
}

function translate(pattern: string, given: RegexFlags): { source: string; flags: string } {
  let i = 0;
  let ignoreCase = given.ignoreCase;
  let multiLine = given.multiLine;
  let dotAll = given.dotAll;
  let verbose = false;
  for (let m = /^\(\?([aiLmsux]+)\)/.exec(pattern); m; m = /^\(\?([aiLmsux]+)\)/.exec(pattern.slice(i))) {
    const letters = m[1] as string;
    ignoreCase ||= letters.includes('i');
    multiLine ||= letters.includes('m');
    dotAll ||= letters.includes('s');
    verbose ||= letters.includes('x');
    i += m[0].length;
  }
  let out = '';
  let inClass = false;
  while (i < pattern.length) {
    const ch = pattern[i] as string;
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!inClass && next === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && next === 'Z') out += '(?![\\s\\S])';
      else out += ch + next;
      i += 2;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
      i++;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      i++;
      if (pattern[i] === '^') {
        out += '^';
        i++;
      }
      // Python treats a `]` right after `[` or `[^` as a literal; JavaScript would close the class.
      if (pattern[i] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (pattern.startsWith('(?P<', i)) {
      out += '(?<';
      i += 4;
      continue;
    }
    const backref = /^\(\?P=(\w+)\)/.exec(pattern.slice(i, i + 200));
    if (backref) {
      out += `\\k<${backref[1]}>`;
      i += backref[0].length;
      continue;
    }
    if (pattern.startsWith('(?#', i)) {
      const end = pattern.indexOf(')', i);
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    if (verbose && /\s/.test(ch)) {
      i++;
      continue;
    }
    if (verbose && ch === '#') {
      const end = pattern.indexOf('\n', i);
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    out += ch === '$' && !multiLine ? '(?=\\n?(?![\\s\\S]))' : ch;
    i++;
  }
  return { source: out, flags: `${ignoreCase ? 'i' : ''}${multiLine ? 'm' : ''}${dotAll ? 's' : ''}` };
}

/** Characters `re.escape` escapes (Python 3.7+). */
const SPECIAL = new Set('()[]{}?*+-|^$\\.&~# \t\n\r\v\f');

export function escapePython(text: string): string {
  let out = '';
  for (const ch of text) out += SPECIAL.has(ch) ? `\\${ch}` : ch;
  return out;
}

type ReplacementPart = string | number;

/** Parses a Python `re.sub` replacement template (`\1`, `\g<1>`, `\g<name>`, `\n`…). */
export function parseReplacement(template: string, re: RegExp): (m: RegExpExecArray) => string {
  const parts: (ReplacementPart | { readonly name: string })[] = [];
  let literal = '';
  const simple: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\' };
  for (let i = 0; i < template.length; i++) {
    const ch = template[i] as string;
    if (ch !== '\\') {
      literal += ch;
      continue;
    }
    const next = template[i + 1];
    if (next === undefined) fail('bad escape (end of pattern)');
    const group = /^\\(?:g<([^>]*)>|([1-9][0-9]?))/.exec(template.slice(i));
    if (group) {
      parts.push(literal);
      literal = '';
      const ref = group[1] ?? group[2] ?? '';
      parts.push(/^\d+$/.test(ref) ? Number(ref) : { name: ref });
      i += group[0].length - 1;
      continue;
    }
    const escaped = simple[next];
    if (escaped !== undefined) literal += escaped;
    else if (/[A-Za-z0-9]/.test(next)) fail(`bad escape \\${next}`);
    else literal += `\\${next}`;
    i++;
  }
  parts.push(literal);
  const groupCount = new RegExp(`${re.source}|`).exec('')?.length ?? 1;
  for (const p of parts) if (typeof p === 'number' && p >= groupCount) fail(`invalid group reference ${p}`);
  return (m) =>
    parts
      .map((p) => {
        if (typeof p === 'string') return p;
        if (typeof p === 'number') return m[p] ?? '';
        const named = m.groups?.[p.name];
        if (named === undefined && !(m.groups && p.name in m.groups)) fail(`unknown group name '${p.name}'`);
        return named ?? '';
      })
      .join('');
}
