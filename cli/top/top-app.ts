/**
 * The live `convection top` screen (ink). Data changes reach the screen at most once a second
 * (a tick re-renders from the model); key presses re-render at once. Everything is laid out in
 * fixed-width lines that fit the terminal (80×24 at least), one line short of its height so ink
 * never has to clear the whole screen.
 */
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import { createElement as h, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { isClientError, taskDuration } from '../../lib/engine-client/index.js';
import type { EngineClient } from '../../lib/engine-client/index.js';
import { clip } from '../client/output.js';
import type { TopFeed } from './top-feed.js';
import { countsLine, currentTask, itemsCell, ratesLine, shortDuration, tasksBar, tasksCell } from './top-format.js';
import { elapsed, SORTS, STATE_ORDER } from './top-model.js';
import type { ExecutionRow, Filter, Sort, TopModel } from './top-model.js';

const REDRAW_MS = 1000;
const MESSAGE_MS = 8000;

const STATE_COLORS: Readonly<Record<string, string>> = {
  RUNNING: 'cyan',
  SUCCESS: 'green',
  ERROR: 'red',
  PAUSED: 'yellow',
  CANCELLED: 'gray',
  IDLE: 'blue',
  WAITING: 'blue',
  DELAYED: 'magenta',
};

/** Pads or cuts `text` to exactly `width` cells. */
export function fit(text: string, width: number, right = false): string {
  const cut = clip(text, width);
  const fill = ' '.repeat(Math.max(width - [...cut].length, 0));
  return right ? fill + cut : cut + fill;
}

type Mode = { readonly kind: 'list' } | { readonly kind: 'search'; readonly text: string } | { readonly kind: 'confirm-cancel'; readonly id: string };

export interface TopAppProps {
  readonly client: EngineClient;
  readonly model: TopModel;
  readonly feed: TopFeed;
  readonly now?: () => number;
}

function filterLabel(filter: Filter): string {
  return filter.kind === 'all' ? 'all' : filter.kind === 'state' ? filter.state : `workflow ${filter.workflow}`;
}

/** all → each state → the selected row's workflow → all. */
function nextFilter(filter: Filter, selected: ExecutionRow | undefined): Filter {
  const states = STATE_ORDER as readonly string[];
  if (filter.kind === 'all') return { kind: 'state', state: states[0] as string };
  if (filter.kind === 'state') {
    const i = states.indexOf(filter.state);
    if (i + 1 < states.length) return { kind: 'state', state: states[i + 1] as string };
    return selected === undefined ? { kind: 'all' } : { kind: 'workflow', workflow: selected.workflow };
  }
  return { kind: 'all' };
}

function stateText(state: string, width: number): ReactNode {
  return h(Text, { color: STATE_COLORS[state] ?? 'white' }, fit(state, width));
}

// Column widths of the list; the current task takes what is left of the terminal's width.
const W = { workflow: 20, state: 9, tasks: 5, bar: 6, items: 9, elapsed: 7 } as const;

function listHeader(width: number): string {
  const rest = width - 2 - W.workflow - W.state - W.tasks - W.bar - W.items - W.elapsed - 7;
  return `  ${fit('WORKFLOW', W.workflow)} ${fit('STATE', W.state)} ${fit('TASKS', W.tasks + W.bar + 1)} ${fit('ITEMS', W.items, true)} ${fit('ELAPSED', W.elapsed, true)} ${fit('CURRENT TASK', Math.max(rest, 4))}`;
}

function listRow(row: ExecutionRow, selected: boolean, width: number, now: number): ReactNode {
  const rest = width - 2 - W.workflow - W.state - W.tasks - W.bar - W.items - W.elapsed - 7;
  const current = currentTask(row);
  return h(
    Text,
    { key: row.id, inverse: selected, wrap: 'truncate' },
    selected ? '> ' : '  ',
    fit(row.workflow, W.workflow),
    ' ',
    stateText(row.state, W.state),
    ' ',
    fit(tasksCell(row), W.tasks, true),
    ' ',
    tasksBar(row, W.bar),
    ' ',
    fit(itemsCell(row), W.items, true),
    ' ',
    fit(shortDuration(elapsed(row, now)), W.elapsed, true),
    ' ',
    fit(current === null ? '' : current.name, Math.max(rest, 4)),
  );
}

function detailLines(row: ExecutionRow, height: number, width: number, now: number): ReactNode[] {
  const lines: ReactNode[] = [
    h(Text, { key: 'd1', wrap: 'truncate' }, h(Text, { bold: true }, row.workflow), `  ${row.id}  `, stateText(row.state, W.state), `  elapsed ${shortDuration(elapsed(row, now))}`),
    h(Text, { key: 'd2', wrap: 'truncate', color: 'red' }, clip(row.stateInfo ?? '', width)),
    h(Text, { key: 'd3', bold: true, wrap: 'truncate' }, `  ${fit('TASK', 24)} ${fit('STATE', 9)} ${fit('DURATION', 8, true)} ${fit('ITEMS', 9, true)} INFO`),
  ];
  const tasks = row.progress.ordered();
  for (const t of tasks.slice(0, Math.max(height - lines.length, 0))) {
    lines.push(
      h(
        Text,
        { key: t.id, wrap: 'truncate' },
        `  ${fit(t.name, 24)} `,
        stateText(t.state, 9),
        ` ${fit(shortDuration(taskDuration(t, now)), 8, true)} ${fit(t.items === null ? '' : `${t.items.done}/${t.items.total}`, 9, true)} ${clip(t.stateInfo ?? '', Math.max(width - 56, 4))}`,
      ),
    );
  }
  if (tasks.length === 0) lines.push(h(Text, { key: 'none', dimColor: true }, '  (no tasks yet)'));
  return lines;
}

export function TopApp({ client, model, feed, now = Date.now }: TopAppProps): ReactNode {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [, setTick] = useState(0);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [detailId, setDetailId] = useState<string | null>(null);
  const [sort, setSort] = useState<Sort>('newest');
  const [filter, setFilter] = useState<Filter>({ kind: 'all' });
  const [search, setSearch] = useState('');
  const [mode, setModeState] = useState<Mode>({ kind: 'list' });
  // Keys typed quickly arrive before React re-renders: the handler reads the mode from a ref.
  const modeRef = useRef<Mode>(mode);
  const setMode = (next: Mode): void => {
    modeRef.current = next;
    setModeState(next);
  };
  const [note, setNote] = useState({ text: '', at: 0 });
  const setMessage = (text: string): void => setNote({ text, at: now() });
  const visible = useRef<string[]>([]);

  const width = Math.max(stdout.columns ?? 80, 40);
  const height = Math.max(stdout.rows ?? 24, 10) - 1;
  const t = now();
  const rows = model.view({ sort, filter, search }, t);
  const index = Math.max(rows.findIndex((r) => r.id === selectedId), 0);
  const selected = rows[index];
  const detail = detailId === null ? undefined : model.rows.get(detailId);

  useEffect(() => {
    let refreshing = false;
    const timer = setInterval(() => {
      setTick((n) => n + 1);
      if (refreshing) return;
      refreshing = true;
      feed
        .refresh(detailId === null ? visible.current : [detailId])
        .catch(() => undefined)
        .finally(() => {
          refreshing = false;
        });
    }, REDRAW_MS);
    return () => clearInterval(timer);
  }, [feed, detailId]);

  const act = (label: string, action: () => Promise<string>): void => {
    setMessage(`${label}…`);
    action().then(setMessage, (error: unknown) => setMessage(`${label} failed: ${isClientError(error) ? error.message : String(error)}`));
  };

  const target = detail ?? selected;
  useInput((input, key) => {
    const mode = modeRef.current;
    if (mode.kind === 'search') {
      if (key.return || key.escape) setMode({ kind: 'list' });
      else if (key.backspace || key.delete) setSearch((s) => s.slice(0, -1));
      else if (!key.ctrl && !key.meta && input !== '') {
        // Pasted or fast typing can bring the Enter in the same chunk as the text.
        const end = input.search(/[\r\n]/);
        const text = end < 0 ? input : input.slice(0, end);
        setSearch((s) => s + text);
        if (end >= 0) setMode({ kind: 'list' });
      }
      return;
    }
    if (mode.kind === 'confirm-cancel') {
      setMode({ kind: 'list' });
      if (input === 'y' || input === 'Y') act('cancelling', async () => `cancelled: ${(await client.cancelExecution(mode.id, 'cancelled from convection top')).state}`);
      else setMessage('not cancelled');
      return;
    }
    if (input === 'q') {
      exit();
      return;
    }
    if (detail !== undefined && (key.escape || key.backspace || key.delete)) {
      setDetailId(null);
      return;
    }
    if (detail === undefined) {
      if (key.upArrow || input === 'k') setSelectedId(rows[Math.max(index - 1, 0)]?.id ?? null);
      else if (key.downArrow || input === 'j') setSelectedId(rows[Math.min(index + 1, rows.length - 1)]?.id ?? null);
      else if (key.return && selected !== undefined) setDetailId(selected.id);
      else if (input === 's') setSort((s) => SORTS[(SORTS.indexOf(s) + 1) % SORTS.length] as Sort);
      else if (input === 'f') setFilter((f) => nextFilter(f, selected));
      else if (input === '/') {
        setSearch('');
        setMode({ kind: 'search', text: '' });
      } else if (key.escape) {
        setSearch('');
        setFilter({ kind: 'all' });
      }
    }
    if (target === undefined) return;
    if (input === 'r') {
      act(`retrying ${target.workflow}`, async () => {
        const failed = await client.executionTasks(target.id, { query: { state: 'ERROR' } });
        if (failed.length === 0) return `${target.workflow} has no failed task`;
        for (const task of failed) await client.rerunTask(task.id, true);
        return `rerunning ${failed.map((f) => f.name).join(', ')} of ${target.workflow}`;
      });
    } else if (input === 'p') {
      if (target.state === 'PAUSED') act('resuming', async () => `resumed: ${(await client.resumeExecution(target.id)).state}`);
      else act('pausing', async () => `paused: ${(await client.pauseExecution(target.id)).state}`);
    } else if (input === 'c') {
      setMode({ kind: 'confirm-cancel', id: target.id });
      setMessage(`cancel ${target.workflow} ${target.id.slice(0, 8)}? y/n`);
    }
  });

  // A message gives way to the key help after a while, except a question waiting for its answer.
  const message = mode.kind === 'confirm-cancel' || t - note.at < MESSAGE_MS ? note.text : '';
  const status = feed.status.kind === 'live' ? 'live' : feed.status.kind === 'connecting' ? 'connecting…' : `reconnecting (${feed.status.reason})`;
  const clock = new Date(t).toISOString().slice(11, 19);
  const title = `convection top  ${client.endpoint}`;
  const lines: ReactNode[] = [
    h(Text, { key: 'title', bold: true, wrap: 'truncate' }, fit(`${title}  ${status}`, width - 9), ' ', clock),
    h(Text, { key: 'counts', wrap: 'truncate' }, countsLine(model)),
    h(Text, { key: 'rates', wrap: 'truncate', dimColor: true }, `${ratesLine(model.rates(t))} │ sort ${sort} │ filter ${filterLabel(filter)}${search === '' ? '' : ` │ /${search}`}`),
  ];
  const body = height - lines.length - 1;
  if (detail !== undefined) {
    lines.push(...detailLines(detail, body, width, t));
  } else {
    lines.push(h(Text, { key: 'header', bold: true, inverse: true, wrap: 'truncate' }, fit(listHeader(width), width)));
    const room = body - 1;
    const first = Math.min(Math.max(index - room + 1, 0), Math.max(rows.length - room, 0));
    const page = rows.slice(first, first + room);
    visible.current = page.map((r) => r.id);
    for (const row of page) lines.push(listRow(row, row.id === selected?.id, width, t));
    if (rows.length === 0) lines.push(h(Text, { key: 'empty', dimColor: true }, '  (no executions)'));
  }
  while (lines.length < height - 1) lines.push(h(Text, { key: `pad${lines.length}` }, ' '));
  const help =
    mode.kind === 'search'
      ? `search: ${search}▏ (Enter/Esc done)`
      : message !== ''
        ? message
        : detail !== undefined
          ? 'Esc back  r retry failed  p pause/resume  c cancel  q quit'
          : '↑↓/jk move ⏎ tasks r retry p pause c cancel s sort f filter / search q quit';
  lines.push(h(Text, { key: 'help', wrap: 'truncate', color: message !== '' && mode.kind !== 'search' ? 'yellow' : undefined }, clip(help, width)));
  return h(Box, { flexDirection: 'column', width }, ...lines);
}
