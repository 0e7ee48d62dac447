import { describe, expect, it } from 'vitest';
import { problemRange, validationProblems } from './validation-diagnostics';

describe('validation problems at their line', () => {
  const error =
    'Invalid workflow definition (2 problems):\n' +
    '- workflow "wf", task "a": on-success refers to unknown task "nope" (line 6, column 20)\n' +
    '- workflow "wf": "tasks" is required';

  it('splits the engine message into problems with positions', () => {
    expect(validationProblems(error)).toEqual([
      { message: 'workflow "wf", task "a": on-success refers to unknown task "nope"', line: 6, column: 20 },
      { message: 'workflow "wf": "tasks" is required', line: 1, column: 1 },
    ]);
    expect(validationProblems(undefined)).toEqual([]);
    expect(validationProblems('YAML is broken (line 2, column 3)')).toEqual([{ message: 'YAML is broken', line: 2, column: 3 }]);
  });

  it('maps a line and column to offsets, underlining the word there', () => {
    const doc = "version: '2.0'\nwf:\n  on-success: [nope]";
    const range = problemRange(doc, { message: 'x', line: 3, column: 16 });
    expect(doc.slice(range.from, range.to)).toBe('nope');
    const past = problemRange(doc, { message: 'x', line: 99, column: 99 });
    expect(past.from).toBe(doc.length);
  });
});
