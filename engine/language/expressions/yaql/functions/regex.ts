/** yaql's regex library: `regex()`, matches/search/searchAll/split/replace/replaceBy, escapeRegex. */
import { truthy, type MapKey, type Value } from '../../../values/value.js';
import { matches } from '../operators.js';
import { escapePython, parseReplacement } from '../python/regex.js';
import { pyLen } from '../python/strings.js';
import type { Lambda, Runtime } from '../runtime.js';
import { YaqlRegex } from '../values/yaql-regex.js';
import { P, T, define, type Overload } from './signature.js';
import { sized, yaqlStr } from './util.js';

/** All matches, as Python's finditer sees them (empty matches included). */
function* findAll(compiled: RegExp, text: string, rt: Runtime): Generator<RegExpExecArray> {
  // A private copy: selectors run between matches and may use the same (cached) pattern.
  const re = new RegExp(compiled.source, compiled.flags);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    rt.meter.step();
    if (m[0] === '') re.lastIndex = m.index + 1;
    yield m;
    if (re.lastIndex > text.length) break;
  }
}

/** Match records `{value, start, end}` for `$1` (whole match), `$2`… (groups) and `$name`. */
function publish(m: RegExpExecArray, text: string): { positional: Value[]; named: Map<string, Value> } {
  const index = (i: number): number => (text.length === pyLen(text) ? i : pyLen(text.slice(0, i)));
  const record = (value: string | undefined, start: number): Value => {
    const rec = new Map<MapKey, Value>([['value', value ?? null]]);
    rec.set('start', value === undefined ? -1 : index(start));
    rec.set('end', value === undefined ? -1 : index(start + value.length));
    return rec;
  };
  const positional: Value[] = [record(m[0], m.index)];
  // JavaScript does not report group positions without the `d` flag; find each group in the match.
  let cursor = m.index;
  for (let g = 1; g < m.length; g++) {
    const value = m[g];
    const at = value === undefined ? -1 : text.indexOf(value, cursor);
    positional.push(record(value, at < 0 ? cursor : at));
    if (value !== undefined && at >= 0) cursor = at;
  }
  const named = new Map<string, Value>();
  for (const [name, value] of Object.entries(m.groups ?? {})) named.set(name, record(value, value === undefined ? -1 : text.indexOf(value, m.index)));
  return { positional, named };
}

function select(m: RegExpExecArray, text: string, selector: Lambda | null): Value {
  if (selector === null) return m[0];
  const { positional, named } = publish(m, text);
  return selector.callNamed(positional, named);
}

function split(rx: YaqlRegex, text: string, maxSplit: number, rt: Runtime): Value[] {
  const out: Value[] = [];
  let last = 0;
  let count = 0;
  for (const m of findAll(rx.re, text, rt)) {
    if (maxSplit > 0 && count >= maxSplit) break;
    out.push(text.slice(last, m.index), ...m.slice(1).map((g) => g ?? null));
    last = m.index + m[0].length;
    count++;
  }
  out.push(text.slice(last));
  return out;
}

function substitute(rx: YaqlRegex, text: string, replace: (m: RegExpExecArray) => string, count: number, rt: Runtime): string {
  let out = '';
  let last = 0;
  let n = 0;
  for (const m of findAll(rx.re, text, rt)) {
    if (count > 0 && n >= count) break;
    out += text.slice(last, m.index) + replace(m);
    last = m.index + m[0].length;
    n++;
    rt.meter.checkSize(out.length);
  }
  return sized(rt, out + text.slice(last));
}

const rx = P.req('regexp', T.regex);
const str = P.req('string', T.string);

export const REGEX_FUNCTIONS: readonly Overload[] = [
  define({
    name: 'regex',
    form: 'function',
    params: [P.req('pattern', T.string), P.opt('ignoreCase', T.any, false), P.opt('multiLine', T.any, false), P.opt('dotAll', T.any, false)],
    impl: ([pattern, ignoreCase, multiLine, dotAll]) => new YaqlRegex(pattern, { ignoreCase: truthy(ignoreCase), multiLine: truthy(multiLine), dotAll: truthy(dotAll) }),
  }),
  define({ name: 'matches', form: 'method', params: [rx, str], impl: ([r, s]) => matches(s, r, 'matches') }),
  define({ name: 'matches', form: 'method', params: [str, P.req('regexp', T.string)], impl: ([s, r]) => matches(s, r, 'matches') }),
  define({
    name: 'search',
    form: 'method',
    params: [rx, str, P.optLambda('selector')],
    impl: ([r, s, selector], ctx) => {
      for (const m of findAll(r.re, s, ctx)) return select(m, s, selector);
      return null;
    },
  }),
  define({
    name: 'searchAll',
    form: 'method',
    params: [rx, str, P.optLambda('selector')],
    impl: ([r, s, selector], ctx) => [...findAll(r.re, s, ctx)].map((m) => select(m, s, selector)),
  }),
  define({ name: 'split', form: 'method', params: [rx, str, P.opt('maxSplit', T.int, 0)], impl: ([r, s, max], ctx) => split(r, s, max, ctx) }),
  define({ name: 'split', form: 'method', params: [str, rx, P.opt('maxSplit', T.int, 0)], impl: ([s, r, max], ctx) => split(r, s, max, ctx) }),
  define({
    name: 'replace',
    form: 'method',
    params: [rx, str, P.req('repl', T.string), P.opt('count', T.int, 0)],
    impl: ([r, s, repl, count], ctx) => substitute(r, s, parseReplacement(repl, r.re), count, ctx),
  }),
  define({
    name: 'replace',
    form: 'method',
    params: [str, rx, P.req('repl', T.string), P.opt('count', T.int, 0)],
    impl: ([s, r, repl, count], ctx) => substitute(r, s, parseReplacement(repl, r.re), count, ctx),
  }),
  define({
    name: 'replaceBy',
    form: 'method',
    params: [rx, str, P.lambda('repl'), P.opt('count', T.int, 0)],
    impl: ([r, s, repl, count], ctx) => substitute(r, s, (m) => yaqlStr(select(m, s, repl)), count, ctx),
  }),
  define({
    name: 'replaceBy',
    form: 'method',
    params: [str, rx, P.lambda('repl'), P.opt('count', T.int, 0)],
    impl: ([s, r, repl, count], ctx) => substitute(r, s, (m) => yaqlStr(select(m, s, repl)), count, ctx),
  }),
  define({ name: 'escapeRegex', form: 'function', params: [P.req('string', T.string)], impl: ([s]) => escapePython(s) }),
  define({ name: 'isRegex', form: 'function', params: [P.req('value', T.any)], impl: ([v]) => v instanceof YaqlRegex }),
].flat();
