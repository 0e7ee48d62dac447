import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { parseInlineCommand } from '../inline-params.js';
import { parseAnyDocument, parseWorkflows } from '../parse-document.js';
import { EXAMPLES } from './testing/examples.js';

vi.mock('../expressions/index.js', async () => await import('./testing/expression-stub.js'));

/** Parses and checks the result is well-formed: ok, or located problems; never a throw or a hang. */
function wellFormed(text: string): boolean {
  const start = performance.now();
  const r = parseAnyDocument(text);
  expect(performance.now() - start, 'parse took too long').toBeLessThan(2000);
  if (r.ok) return true;
  expect(r.problems.length).toBeGreaterThan(0);
  for (const p of r.problems) {
    expect(p.code).not.toBe('internal-error');
    expect(p.line).toBeGreaterThanOrEqual(1);
    expect(p.column).toBeGreaterThanOrEqual(1);
    expect(p.message.endsWith(`(line ${p.line}, column ${p.column})`)).toBe(true);
  }
  return true;
}

const WORDS = [
  'version', '2.0', 'name', 'workflows', 'actions', 'tasks', 'type', 'direct', 'reverse', 'input', 'output', 'output-on-error', 'vars',
  'task-defaults', 'action', 'workflow', 'publish', 'publish-on-error', 'with-items', 'retry', 'count', 'delay', 'break-on', 'join',
  'all', 'one', 'on-success', 'on-error', 'on-complete', 'on-skip', 'requires', 'next', 'branch', 'global', 'base', 'base-input',
  'timeout', 'concurrency', 'keep-result', 'safe-rerun', 'pause-before', 'fail-on', 'wait-before', 'tags', 't1', 't2', 'fail', 'noop',
  'std.echo output=1', 'fail msg="x"', 'fail(msg="a b")', 'x in <% $.l %>', 'x in [1, 2]', '<% $.x %>', '{{ _.y }}', '<% @@ %>', '<% open',
  'count=2 delay=1', 'method=GET', 'output=1.5', '', ' ', '-', ':', '#', '&a', '*a', '|', '>', '?', '!tag', "'", '"',
];

describe('the parser never throws or hangs', () => {
  it('on random text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), wellFormed), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), wellFormed), { numRuns: 200 });
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...WORDS, '\n', '\n  ', '\n    ', ': ', '- ', '[', ']', '{', '}', ', '), { maxLength: 60 }), (parts) => wellFormed(parts.join(''))),
      { numRuns: 400 },
    );
  });

  it('on random YAML documents shaped like workflows', () => {
    const scalar = fc.oneof(fc.constantFrom(...WORDS), fc.integer({ min: -3, max: 300 }), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), fc.string({ maxLength: 10 }));
    const key = fc.oneof(fc.constantFrom(...WORDS), fc.string({ minLength: 1, maxLength: 6 }));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 4 }),
      map: fc.dictionary(key, tie('node'), { maxKeys: 5 }),
    })).node;
    const doc = fc.record({
      version: fc.constantFrom('2.0', 2, '3'),
      wf: fc.dictionary(fc.constantFrom('type', 'input', 'output', 'vars', 'task-defaults', 'tags', 'tasks', 'description'), tree, { maxKeys: 5 }),
      tasks: fc.dictionary(fc.constantFrom('t1', 't2', 't3', 'fail', 'bad name'), fc.dictionary(key, tree, { maxKeys: 6 }), { maxKeys: 4 }),
    });
    fc.assert(
      fc.property(doc, fc.boolean(), fc.boolean(), ({ version, wf, tasks }, asWorkbook, flow) => {
        const workflow = { ...wf, tasks };
        const body = asWorkbook ? { version, name: 'wb', workflows: { w: workflow }, actions: { a: { base: 'std.echo' } } } : { version, w: workflow, w2: workflow };
        return wellFormed(stringify(body, { collectionStyle: flow ? 'flow' : 'block' }));
      }),
      { numRuns: 400 },
    );
  });

  it('on random mutations of the example documents', () => {
    const texts = Object.values(EXAMPLES);
    const edit = fc.tuple(fc.nat(), fc.nat({ max: 4 }), fc.constantFrom(...WORDS, '\n', '  ', ': ', '- ', '[', '}', '"', "'", '#', '\t'));
    fc.assert(
      fc.property(fc.nat({ max: texts.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 5 }), (which, edits) => {
        let text = texts[which] as string;
        for (const [at, op, word] of edits) {
          const i = at % (text.length + 1);
          if (op === 0) text = text.slice(0, i) + word + text.slice(i);
          else if (op === 1) text = text.slice(0, i) + text.slice(i + 1 + (at % 7));
          else if (op === 2) text = text.slice(0, i) + text.slice(i).replace(/^[^\n]*\n?/, '');
          else if (op === 3) text = text.slice(0, i) + text.slice(i).replace(/^[^\n]*\n/, (line) => line + line);
          else text = text.slice(0, i) + text.slice(i).replace(/[\w.-]+/, word);
        }
        return wellFormed(text);
      }),
      { numRuns: 600 },
    );
  });

  // No clock here: a parser that went quadratic on these inputs would run into the test timeout.
  it('handles long and adversarial strings', () => {
    const long = 'a'.repeat(60_000);
    expect(parseInlineCommand(`std.echo ${long}`).problems).toHaveLength(1);
    parseInlineCommand(`std.echo ${'k=['.repeat(10_000)}`);
    wellFormed(`version: '2.0'\nw:\n  vars:\n    v: "${'<%'.repeat(30_000)}"\n  tasks:\n    t: {}\n`);
    wellFormed(`version: '2.0'\nw:\n  tasks:\n    t:\n      action: std.echo ${'x=1'.repeat(20_000)}\n`);
    expect(parseWorkflows(`version: '2.0'\nw:\n  tasks:\n    t:\n      action: std.echo ${'a'.repeat(70_000)}\n`).ok).toBe(false);
  });
});
