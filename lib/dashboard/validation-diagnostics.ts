/**
 * The engine's validation answer (`{"valid": false, "error": "Invalid … (2 problems):\n- … (line 6, column 20)"}`)
 * as editor diagnostics: one per problem, at its line and column (a problem without a position
 * goes on line 1).
 */
export interface PositionedProblem {
  readonly message: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

const POSITION = /\s*\(line (\d+), column (\d+)\)\s*$/;

export function validationProblems(error: string | null | undefined): PositionedProblem[] {
  if (!error) return [];
  const bullets = error
    .split('\n')
    .filter((l) => l.startsWith('- '))
    .map((l) => l.slice(2));
  const lines = bullets.length > 0 ? bullets : [error];
  return lines.map((text) => {
    const m = POSITION.exec(text);
    return m
      ? { message: text.slice(0, m.index).trim(), line: Number(m[1]), column: Number(m[2]) }
      : { message: text.trim(), line: 1, column: 1 };
  });
}

/** Character offsets for a problem in `doc` (CodeMirror's positions), clamped to the text. */
export function problemRange(doc: string, problem: PositionedProblem): { from: number; to: number } {
  const lines = doc.split('\n');
  const lineIndex = Math.min(Math.max(problem.line, 1), lines.length) - 1;
  let start = 0;
  for (let i = 0; i < lineIndex; i++) start += (lines[i] as string).length + 1;
  const lineText = lines[lineIndex] ?? '';
  const col = Math.min(Math.max(problem.column, 1) - 1, lineText.length);
  const from = start + col;
  // Underline the word at the position (or the rest of the line).
  const rest = lineText.slice(col);
  const word = /^[^\s,\]}]+/.exec(rest)?.[0].length ?? rest.length;
  return { from, to: from + Math.max(word, rest.length === 0 ? 0 : 1) };
}
