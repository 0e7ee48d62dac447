'use client';
/**
 * Gantt chart of an execution's tasks: per row the wait (hatched) then the run (state colour and
 * icon), with the numbers in text for screen readers and for anyone who does not read bars.
 */
import { useMemo } from 'react';
import { ganttBars } from '@/lib/analytics/gantt-bars';
import type { GanttInput } from '@/lib/analytics/gantt-bars';
import { formatDuration } from '@/lib/analytics/format-duration';
import { TONE_CLASSES, stateAppearance } from '@/components/ui/state-badge';
import { cn } from '@/components/ui/cn';

export interface GanttRow extends GanttInput {
  readonly label: string;
  readonly state: string;
  readonly retries: number;
}

/** Rows drawn at most; the rest are counted (a 10,000-task chart is read through the table). */
export const MAX_ROWS = 1000;

export function GanttChart({ rows, now }: { readonly rows: readonly GanttRow[]; readonly now: number }) {
  const shown = rows.slice(0, MAX_ROWS);
  const chart = useMemo(() => ganttBars(shown, now), [shown, now]);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-4 text-xs text-muted" aria-hidden="true">
        <span className="flex items-center gap-1">
          <span className="inline-block h-3 w-6 border border-zinc-500 bg-[repeating-linear-gradient(45deg,#a1a1aa_0_3px,transparent_3px_6px)]" /> waiting
        </span>
        <span className="flex items-center gap-1">
          <span className="inline-block h-3 w-6 border border-blue-700 bg-blue-200" /> running / ran (colour and icon = state)
        </span>
        <span>Span: {formatDuration(chart.end - chart.start)}</span>
      </div>
      <ol className="space-y-0.5" aria-label="Tasks over time" data-testid="gantt">
        {shown.map((row, i) => {
          const bar = chart.bars[i]!;
          const look = stateAppearance(row.state);
          const text = `${row.label}: ${look.label}, waited ${formatDuration(bar.waitMs)}, ran ${bar.runMs === null ? 'not yet' : formatDuration(bar.runMs)}${row.retries > 0 ? `, ${row.retries} retries` : ''}`;
          return (
            <li key={row.id} className="grid grid-cols-[minmax(8rem,14rem)_1fr] items-center gap-2 text-xs" data-state={row.state}>
              <span className="truncate font-mono" title={row.label}>
                {row.label}
              </span>
              <div className="relative h-5 rounded bg-surface-alt" title={text}>
                <span className="sr-only">{text}</span>
                <span
                  aria-hidden="true"
                  className="absolute top-0.5 bottom-0.5 border border-zinc-500 bg-[repeating-linear-gradient(45deg,#a1a1aa_0_3px,transparent_3px_6px)]"
                  style={{ left: `${bar.waitStart}%`, width: `${bar.waitWidth}%` }}
                />
                {bar.runMs !== null && (
                  <span
                    aria-hidden="true"
                    className={cn('absolute top-0 bottom-0 flex min-w-[14px] items-center overflow-hidden rounded border', TONE_CLASSES[look.tone])}
                    style={{ left: `${bar.waitStart + bar.waitWidth}%`, width: `${bar.runWidth}%` }}
                  >
                    <look.Icon className="h-3 w-3 shrink-0" />
                  </span>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      {rows.length > MAX_ROWS && (
        <p className="text-xs text-muted">
          Showing the first {MAX_ROWS} of {rows.length} tasks; the Tasks tab lists them all.
        </p>
      )}
    </div>
  );
}
