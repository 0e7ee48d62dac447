import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, parseDocument, stringify, type Node } from 'yaml';
import { fastParse } from './fast-yaml.js';
import { EXAMPLES } from './testing/examples.js';
import { TEMPEST_FILES, TEMPEST_DIR } from './testing/tempest.js';
import { pythonTags } from './yaml-source.js';

function reference(text: string): { root: Node | null; clean: boolean } {
  const doc = parseDocument(text, { version: '1.1', customTags: pythonTags, merge: false, uniqueKeys: true });
  return { root: doc.contents as Node | null, clean: doc.errors.length === 0 && doc.warnings.length === 0 };
}

/** Describes a node tree with everything the parser reads from it: values, types, positions. */
function shape(node: Node | null | undefined): unknown {
  if (node === null || node === undefined) return null;
  if (isScalar(node)) {
    const v = node.value;
    return { v: typeof v === 'number' && Object.is(v, -0) ? '-0' : v, type: node.type, source: node.source, at: node.range?.slice(0, 2), fd: node.minFractionDigits ?? 0 };
  }
  if (isMap(node)) return { map: node.items.map((p) => [shape(p.key as Node), shape(p.value as Node)]), at: node.range?.[0] };
  if (isSeq(node)) return { seq: node.items.map((i) => shape(i as Node)), at: node.range?.[0] };
  return 'other';
}

/** The fast reader either declines or agrees exactly with the `yaml` package. */
function agrees(text: string): boolean {
  const fast = fastParse(text);
  if (fast === undefined) return true;
  const ref = reference(text);
  expect(ref.clean, `fast reader accepted a document the yaml package rejects:\n${text}`).toBe(true);
  expect(shape(fast), text).toEqual(shape(ref.root));
  return true;
}

describe('fast YAML reader', () => {
  it('reads every example and tempest document itself, identically to the yaml package', () => {
    for (const text of Object.values(EXAMPLES)) {
      expect(fastParse(text)).not.toBeUndefined();
      agrees(text);
    }
    for (const f of TEMPEST_FILES) agrees(readFileSync(TEMPEST_DIR + f, 'utf8'));
  });

  it.each([
    'a:\n  b:\n  c: 1 # x\n  d: [x, "y", {k: v}]\n  e:\n  - 1.50\n  - k: v\n    j:\n  -\n  f: \'it\'\'s\'\n',
    'a: # c\n  b: 1\n',
    'a: yes\nb: y\nc: No\nd: ~\ne: null\nf: -3\ng: 0\nh: 2.0\ni: "2.0"\nj: 10.250\n',
    '- a\n- b: 1\n  c: [1, 2]\n- - x\n',
    '"quoted key": 1\n\'single\': 2\n',
    'a: b: c\n',
    'a: 1\na: 2\n',
    'a: [1, 2,]\n',
    'a: &x 1\nb: *x\n',
    'a: |\n  text\n',
    'a: plain\n  continued\n',
    'a: "multi\n  line"\n',
    'a: "esc\\n"\n',
    'a: {b: 1, b: 2}\n',
    'a: [b: 1]\n',
    'a: 0o17\nb: 0x1F\nc: 1_000\nd: 1:30\ne: 2001-12-14\nf: .inf\ng: 1e3\nh: 1.0e+3\n',
    '---\na: 1\n',
    '--- # doc\na: 1\n',
    '---\na: 1\n---\nb: 2\n',
    'a: 1\n...\n',
    'a:\n- x\n- y\nb: 2\n',
    'k:\n  - a\n  -   b\n  - c  # comment\n',
    '- k:\n  - a\n',
    'a: <% $.x[0] %>\nb: {{ _.x }}\nc: "{{ _.x }}"\n',
    'a: [<% $.x %>, {{ y }}]\n',
    'a:b: c\n',
    'key  : v\n',
    'a: -x\nb: - x\n',
    'a: x #c\nb: x#c\n',
    '<<: {a: 1}\n',
    'a: [ ]\nb: { }\nc: []\n',
    'a: fail(msg="x y"): z\n',
    '- fail(msg="quota exceeded"): <% $.pct >= 100 %>\n',
    '  a: 1\n',
    'a:\n    b: 1\n  c: 2\n',
    'a: 9007199254740993\n',
    'a: \'\'\nb: ""\n',
  ])('agrees on %j', (text) => {
    agrees(text);
  });

  it('agrees with the yaml package on random documents and mutations', () => {
    const scalar = fc.oneof(
      fc.constantFrom('yes', 'no', 'y', 'n', 'on', 'null', '~', '', '-', '1.0', '2.50', '0', '-7', '007', '1e3', 'a: b', 'x #y', "it's", '"q"', '<% $.x %>', '{{ _.y }}', '[a]', 'fail msg="x"'),
      fc.string({ maxLength: 8 }),
      fc.integer({ min: -1000, max: 1000 }),
      fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
      fc.boolean(),
      fc.constant(null),
    );
    const key = fc.oneof(fc.constantFrom('a', 'b', 'on', '1', 'x y', 'k:', '-k', '"q"'), fc.string({ minLength: 1, maxLength: 5 }));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 4 }),
      map: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
    })).node;
    const options = fc.record({ flow: fc.boolean(), indent: fc.integer({ min: 1, max: 4 }), seqIndent: fc.boolean() });
    fc.assert(
      fc.property(tree, options, fc.array(fc.tuple(fc.nat(), fc.constantFrom(':', ' ', '\n', '-', '#', '[', ']', '{', '}', ',', "'", '"', 'a', '  ', '\n  ', '<%', '*', '&')), { maxLength: 3 }), (value, opt, edits) => {
        let text = stringify(value, { version: '1.1', collectionStyle: opt.flow ? 'any' : 'block', indent: opt.indent, indentSeq: opt.seqIndent });
        agrees(text);
        for (const [at, insert] of edits) {
          const i = text.length === 0 ? 0 : at % text.length;
          text = text.slice(0, i) + insert + text.slice(i);
          agrees(text);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('agrees on random line-level mutations of the examples', () => {
    const texts = Object.values(EXAMPLES);
    fc.assert(
      fc.property(fc.nat({ max: texts.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('dup', 'drop', 'indent', 'dedent', 'colon', 'dash', 'quote')), { maxLength: 4 }), (which, edits) => {
        const lines = (texts[which] as string).split('\n');
        for (const [a, b, op] of edits) {
          const i = a % lines.length;
          const line = lines[i] ?? '';
          const j = line.length === 0 ? 0 : b % line.length;
          if (op === 'dup') lines.splice(i, 0, line);
          else if (op === 'drop') lines.splice(i, 1);
          else if (op === 'indent') lines[i] = ` ${line}`;
          else if (op === 'dedent') lines[i] = line.replace(/^ /, '');
          else lines[i] = line.slice(0, j) + (op === 'colon' ? ': ' : op === 'dash' ? '- ' : '"') + line.slice(j);
        }
        agrees(lines.join('\n'));
      }),
      { numRuns: 400 },
    );
  });
});
