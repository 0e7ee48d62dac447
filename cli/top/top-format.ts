/**
 * Cells of a `top` row as text, shared by the live screen and the one-shot snapshot (`--once`,
 * `--json`), so both say the same thing.
 */
import { taskDuration } from '../../lib/engine-client/index.js';
import type { TaskProgress } from '../../lib/engine-client/index.js';
import { bar, formatTable } from '../client/output.js';
import type { Column } from '../client/output.js';
import { elapsed, STATE_ORDER } from './top-model.js';
import type { ExecutionRow, Rates, TopModel } from './top-model.js';

/** `850ms`, `12.3s`, `4m05s`, `1h02m`: at most 6 characters. */
export function shortDuration(ms: number | null): string {
  if (ms === null) return '';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export function tasksCell(row: ExecutionRow): string {
  const p = row.progress;
  return `${p.done}/${p.total}`;
}

export function tasksBar(row: ExecutionRow, cells: number): string {
  const p = row.progress;
  return bar(row.state === 'SUCCESS' ? 1 : p.total === 0 ? 0 : p.done / p.total, cells);
}

export function itemsCell(row: ExecutionRow): string {
  const items = row.progress.items;
  return items === null ? '' : `${items.done}/${items.total}`;
}

export function currentTask(row: ExecutionRow): TaskProgress | null {
  return row.progress.current;
}

export function countsLine(model: TopModel): string {
  const counts = model.counts();
  return STATE_ORDER.map((s) => `${s} ${counts[s] ?? 0}`).join('  ');
}

export function ratesLine(rates: Rates): string {
  return `per min: started ${rates.started}  finished ${rates.finished}  failed ${rates.failed}`;
}

const SNAPSHOT_COLUMNS = (now: number): Column<ExecutionRow>[] => [
  { header: 'ID', value: (r) => r.id },
  { header: 'Workflow', value: (r) => r.workflow, max: 32 },
  { header: 'State', value: (r) => r.state },
  { header: 'Tasks', value: tasksCell, right: true },
  { header: 'Items', value: itemsCell, right: true },
  { header: 'Elapsed', value: (r) => shortDuration(elapsed(r, now)), right: true },
  { header: 'Current task', value: (r) => currentTask(r)?.name ?? '', max: 32 },
];

/** The one-shot text: counts, then one line per execution. */
export function snapshotText(model: TopModel, rows: readonly ExecutionRow[], now: number): string {
  return `${countsLine(model)}\n\n${formatTable(SNAPSHOT_COLUMNS(now), rows)}`;
}

/** The one-shot JSON: counts and one object per execution. */
export function snapshotJson(model: TopModel, rows: readonly ExecutionRow[], now: number): unknown {
  return {
    counts: model.counts(),
    executions: rows.map((r) => ({
      id: r.id,
      workflow_name: r.workflow,
      state: r.state,
      state_info: r.stateInfo,
      tasks_done: r.progress.done,
      tasks_total: r.progress.total,
      items_done: r.progress.items?.done ?? null,
      items_total: r.progress.items?.total ?? null,
      elapsed_ms: elapsed(r, now),
      current_task: r.progress.current?.name ?? null,
      tasks: r.progress.ordered().map((t) => ({ id: t.id, name: t.name, state: t.state, duration_ms: taskDuration(t, now) })),
    })),
  };
}
