/**
 * How client commands print: a plain aligned table for people, or the API's objects as JSON for
 * scripts (`--json`). Shared by every command group, so their outputs look alike.
 */
import type { CommandIo } from '../io.js';

export interface Column<T> {
  readonly header: string;
  readonly value: (row: T) => string;
  /** Right-align (numbers, durations). */
  readonly right?: boolean;
  /** Longest cell before it is cut with an ellipsis. @default 60 */
  readonly max?: number;
}

/** Display width, counting each code point as one cell (the CLI prints no wide characters). */
function width(text: string): number {
  return [...text].length;
}

export function clip(text: string, max: number): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  const chars = [...oneLine];
  return chars.length <= max ? oneLine : `${chars.slice(0, Math.max(max - 1, 0)).join('')}…`;
}

function pad(text: string, size: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(size - width(text), 0));
  return right ? fill + text : text + fill;
}

/** Rows under a header line and a rule; "(none)" when there are no rows. */
export function formatTable<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  if (rows.length === 0) return '(none)\n';
  const cells = rows.map((row) => columns.map((c) => clip(c.value(row), c.max ?? 60)));
  const widths = columns.map((c, i) => Math.max(width(c.header), ...cells.map((r) => width(r[i] ?? ''))));
  const line = (values: readonly string[]): string =>
    values
      .map((v, i) => pad(v, widths[i] ?? 0, columns[i]?.right === true))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '─'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}

/** One object as "Field  value" lines (show commands); multi-line values are indented under it. */
export function formatRecord(fields: readonly (readonly [string, string])[]): string {
  const size = Math.max(...fields.map(([k]) => width(k)));
  return (
    fields
      .map(([k, v]) => {
        const [first = '', ...rest] = v.split('\n');
        return [`${pad(k, size, false)}  ${first}`.trimEnd(), ...rest.map((l) => `${' '.repeat(size + 2)}${l}`.trimEnd())].join('\n');
      })
      .join('\n') + '\n'
  );
}

export function printJson(io: CommandIo, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** `--json` prints `value` as JSON; otherwise `human()` is printed. */
export function emit(io: CommandIo, json: boolean | undefined, value: unknown, human: () => string): void {
  if (json === true) printJson(io, value);
  else io.out(human());
}

/** A JSON-text field (Mistral sends `input`, `output`, … as JSON strings) pretty-printed. */
export function prettyJsonText(text: string | null | undefined): string {
  if (text === null || text === undefined || text === '') return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** `1.2 s`, `340 ms`, `3 min 4 s`, `2 h 5 min`: durations as people read them. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.floor(s % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** `42%`, or empty for a missing rate. */
export function formatRate(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '' : `${Math.round(rate * 100)}%`;
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A horizontal bar of `cells` character cells for `fraction` (0..1), in eighths of a cell. */
export function bar(fraction: number, cells: number): string {
  const f = Math.min(Math.max(Number.isFinite(fraction) ? fraction : 0, 0), 1);
  const eighths = Math.round(f * cells * 8);
  return ('█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]).padEnd(cells, ' ');
}
