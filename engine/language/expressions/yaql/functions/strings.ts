/** yaql's string library (`toUpper`, `split`, `join`, `format`, `substring`, …). */
import { isInt, num } from '../../../values/value.js';
import { fail } from '../errors.js';
import { pyFormat } from '../python/str-format.js';
import { pyFind, pyLen, pyReplace, pySlice, pySplit, pyStrip } from '../python/strings.js';
import type { Runtime } from '../runtime.js';
import { iterate, type IterableValue } from '../values/iterables.js';
import { P, REST, T, define, type Overload } from './signature.js';
import { pyTypeName, sized, yaqlStr } from './util.js';

const CHARACTER_CLASSES: readonly [string, string][] = [
  ['digits', '0123456789'],
  ['hexdigits', '0123456789abcdefABCDEF'],
  ['asciiLowercase', 'abcdefghijklmnopqrstuvwxyz'],
  ['asciiUppercase', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
  ['asciiLetters', 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'],
  ['letters', ''],
  ['octdigits', '01234567'],
  ['punctuation', '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'],
  ['printable', '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\x0b\x0c'],
  ['lowercase', ''],
  ['uppercase', ''],
  ['whitespace', ' \t\n\r\x0b\x0c'],
];
/** Names Python 2's string module had and Python 3's lacks: asking for them fails as in Mistral. */
const PY2_ONLY = new Set(['letters', 'lowercase', 'uppercase']);

const trimmer = (name: string, left: boolean, right: boolean): Overload[] =>
  define({
    name,
    form: 'method',
    params: [P.req('string', T.string), P.opt('chars', T.nullable(T.string), null)],
    impl: ([s, chars]) => pyStrip(s, chars, left, right),
  });

const splitter = (name: string, fromRight: boolean): Overload[] =>
  define({
    name,
    form: 'method',
    params: [P.req('string', T.string), P.opt('separator', T.nullable(T.string), null), P.opt('maxSplits', T.int, -1)],
    impl: ([s, sep, max], ctx) => {
      ctx.meter.bulk(s.length);
      return pySplit(s, sep, max, fromRight);
    },
  });

const finder = (name: string, fromRight: boolean): Overload[] => [
  define({
    name,
    form: 'method',
    params: [P.req('string', T.string), P.req('sub', T.string), P.opt('start', T.int, 0)],
    impl: ([s, sub, start]) => pyFind(s, sub, start, undefined, fromRight),
  }),
  define({
    name,
    form: 'method',
    params: [P.req('string', T.string), P.req('sub', T.string), P.req('start', T.int), P.req('length', T.int)],
    impl: ([s, sub, start, length]) => {
      const len = pyLen(s);
      const from = start < 0 ? start + len : start;
      return pyFind(s, sub, from, length < 0 ? len : from + length, fromRight);
    },
  }),
].flat();

export const STRING_FUNCTIONS: readonly Overload[] = [
  define({ name: 'concat', form: 'function', params: [], rest: REST.values(T.string), impl: (_, ctx, parts) => sized(ctx, parts.join('')) }),
  define({ name: 'toUpper', form: 'method', params: [P.req('string', T.string)], impl: ([s]) => s.toUpperCase() }),
  define({ name: 'toLower', form: 'method', params: [P.req('string', T.string)], impl: ([s]) => s.toLowerCase() }),
  define({ name: 'len', form: 'both', params: [P.req('string', T.string)], impl: ([s]) => pyLen(s) }),
  splitter('split', false),
  splitter('rightSplit', true),
  define({
    name: 'join',
    form: 'method',
    params: [P.req('sequence', T.iterable), P.req('separator', T.string)],
    impl: ([seq, sep], ctx) => joinItems(seq, sep, ctx),
  }),
  define({
    name: 'join',
    form: 'method',
    params: [P.req('separator', T.string), P.req('sequence', T.iterable)],
    impl: ([sep, seq], ctx) => joinItems(seq, sep, ctx),
  }),
  define({ name: 'str', form: 'function', params: [P.req('value', T.any)], impl: ([v], ctx) => sized(ctx, yaqlStr(v)) }),
  trimmer('trim', true, true),
  trimmer('trimLeft', true, false),
  trimmer('trimRight', false, true),
  define({
    name: 'norm',
    form: 'both',
    params: [P.req('string', T.nullable(T.string)), P.opt('chars', T.nullable(T.string), null)],
    impl: ([s, chars]) => {
      if (s === null) return null;
      const v = pyStrip(s, chars, true, true);
      return v === '' ? null : v;
    },
  }),
  define({
    name: 'isEmpty',
    form: 'both',
    params: [P.req('string', T.nullable(T.string)), P.opt('trim', T.bool, true, ['trimSpaces']), P.opt('chars', T.nullable(T.string), null)],
    impl: ([s, trim, chars]) => s === null || (trim ? pyStrip(s, chars, true, true) : s) === '',
  }),
  define({
    name: 'replace',
    form: 'method',
    params: [P.req('string', T.string), P.req('old', T.string), P.req('new', T.string), P.opt('count', T.int, -1)],
    impl: ([s, old, replacement, count], ctx) => {
      const out = pyReplace(s, old, replacement, count);
      return sized(ctx, out);
    },
  }),
  define({
    name: 'replace',
    form: 'method',
    params: [P.req('string', T.string), P.req('replacements', T.map), P.opt('count', T.int, -1)],
    impl: ([s, replacements, count], ctx) => {
      let out = s;
      for (const [k, v] of replacements) out = sized(ctx, pyReplace(out, yaqlStr(k), yaqlStr(v), count));
      return out;
    },
  }),
  define({
    name: 'format',
    form: 'both',
    params: [P.req('format', T.string)],
    rest: REST.values(T.any),
    kwargs: true,
    impl: ([template], ctx, args, kwargs) => sized(ctx, pyFormat(template, args, kwargs)),
  }),
  define({
    name: 'substring',
    form: 'method',
    params: [P.req('string', T.string), P.req('start', T.int), P.opt('length', T.int, -1)],
    impl: ([s, start, length]) => {
      const len = pyLen(s);
      const from = start < 0 ? start + len : start;
      return pySlice(s, from, from + (length < 0 ? len : length));
    },
  }),
  finder('indexOf', false),
  finder('lastIndexOf', true),
  define({ name: 'toCharArray', form: 'method', params: [P.req('string', T.string)], impl: ([s]) => Array.from(s) }),
  define({
    name: 'characters',
    form: 'function',
    params: CHARACTER_CLASSES.map(([name]) => P.opt(name, T.any, false)),
    impl: (flags) => {
      const chars = new Set<string>();
      CHARACTER_CLASSES.forEach(([name, text], i) => {
        if (flags[i] === null || flags[i] === false || flags[i] === 0 || flags[i] === '') return;
        if (PY2_ONLY.has(name)) fail(`module 'string' has no attribute '${name}'`);
        for (const c of text) chars.add(c);
      });
      return [...chars];
    },
  }),
  define({ name: 'isString', form: 'function', params: [P.req('arg', T.any)], impl: ([v]) => typeof v === 'string' }),
  define({
    name: 'startsWith',
    form: 'method',
    params: [P.req('string', T.string)],
    rest: REST.values(T.string),
    impl: ([s], _ctx, prefixes) => prefixes.some((p) => s.startsWith(p)),
  }),
  define({
    name: 'endsWith',
    form: 'method',
    params: [P.req('string', T.string)],
    rest: REST.values(T.string),
    impl: ([s], _ctx, suffixes) => suffixes.some((p) => s.endsWith(p)),
  }),
  define({
    name: 'hex',
    form: 'function',
    params: [P.req('num', T.nullable(T.number))],
    impl: ([n]) => {
      if (n === null || !isInt(n)) fail(`'${pyTypeName(n)}' object cannot be interpreted as an integer`);
      const v = num(n);
      return `${v < 0 ? '-' : ''}0x${Math.abs(v).toString(16)}`;
    },
  }),
].flat();

function joinItems(seq: IterableValue, sep: string, ctx: Runtime): string {
  const parts: string[] = [];
  let size = 0;
  for (const item of iterate(seq)) {
    ctx.meter.step();
    const text = yaqlStr(item);
    size += text.length + sep.length;
    ctx.meter.checkSize(size);
    parts.push(text);
  }
  return sized(ctx, parts.join(sep));
}
