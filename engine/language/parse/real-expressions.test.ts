import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAnyDocument } from '../parse-document.js';
import { EXAMPLES } from './testing/examples.js';
import { TEMPEST_DIR, TEMPEST_KINDS } from './testing/tempest.js';

// Runs the parser with the real expression layer (other tests use a stub), so the two stay wired.
describe('with the real expression syntax check', () => {
  it('accepts every example and tempest document', () => {
    for (const [name, text] of Object.entries(EXAMPLES)) expect(parseAnyDocument(text).ok, name).toBe(true);
    for (const [file, kind] of Object.entries(TEMPEST_KINDS)) {
      if (kind !== 'invalid') expect(parseAnyDocument(readFileSync(TEMPEST_DIR + file, 'utf8')).ok, file).toBe(true);
    }
  });

  it('locates a YAQL syntax error inside a value and inside an inline parameter', () => {
    const text = "version: '2.0'\nw:\n  output:\n    r: <% $.a + %>\n  tasks:\n    t:\n      action: std.echo output=\"x {{ _.a | }}\"\n";
    const r = parseAnyDocument(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.code, p.attribute, p.line])).toEqual([
      ['expression-syntax', 'output', 4],
      ['expression-syntax', 'action', 7],
    ]);
    // YAQL reports the end of the expression body; Jinja points somewhere inside `x {{ _.a | }}`.
    expect(r.problems[0]?.column).toBe(17);
    expect(r.problems[1]?.column).toBeGreaterThanOrEqual(32);
    expect(r.problems[1]?.column).toBeLessThanOrEqual(45);
  });
});
