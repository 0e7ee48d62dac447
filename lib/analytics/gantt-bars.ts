/**
 * Geometry of a Gantt chart of task runs: each bar as percentages of the chart's span, split into
 * the wait (scheduled → started) and the run (started → finished, or → now while running).
 */

export interface GanttInput {
  readonly id: string;
  readonly scheduledAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
}

export interface GanttBar {
  readonly id: string;
  /** Left edge of the wait, % of the span. */
  readonly waitStart: number;
  /** Width of the wait, %. */
  readonly waitWidth: number;
  /** Width of the run, % (0 while waiting). */
  readonly runWidth: number;
  readonly waitMs: number;
  readonly runMs: number | null;
  /** Still running: the bar ends at `now`. */
  readonly open: boolean;
}

export interface GanttChart {
  readonly start: number;
  readonly end: number;
  readonly bars: readonly GanttBar[];
}

export function ganttBars(tasks: readonly GanttInput[], now: number): GanttChart {
  if (tasks.length === 0) return { start: now, end: now, bars: [] };
  const start = Math.min(...tasks.map((t) => t.scheduledAt));
  const ends = tasks.map((t) => t.finishedAt ?? (t.startedAt === null ? t.scheduledAt : now));
  // A span of at least 1 ms keeps the percentages finite for instant tasks.
  const end = Math.max(start + 1, ...ends, ...tasks.map((t) => t.startedAt ?? t.scheduledAt));
  const span = end - start;
  const pct = (ms: number): number => (ms / span) * 100;
  const bars = tasks.map((t) => {
    const waitEnd = t.startedAt ?? (t.finishedAt ?? now);
    const runEnd = t.startedAt === null ? t.startedAt : (t.finishedAt ?? now);
    return {
      id: t.id,
      waitStart: pct(t.scheduledAt - start),
      waitWidth: pct(Math.max(0, waitEnd - t.scheduledAt)),
      runWidth: runEnd === null || t.startedAt === null ? 0 : pct(Math.max(0, runEnd - t.startedAt)),
      waitMs: Math.max(0, waitEnd - t.scheduledAt),
      runMs: t.startedAt === null ? null : Math.max(0, (t.finishedAt ?? now) - t.startedAt),
      open: t.startedAt !== null && t.finishedAt === null,
    };
  });
  return { start, end, bars };
}
