import { describe, expect, it } from 'vitest';
import { ganttBars } from './gantt-bars';

describe('ganttBars', () => {
  it('splits each bar into its wait and its run, as shares of the whole span', () => {
    const chart = ganttBars(
      [
        { id: 'a', scheduledAt: 0, startedAt: 0, finishedAt: 50 },
        { id: 'b', scheduledAt: 50, startedAt: 75, finishedAt: 100 },
      ],
      1_000,
    );
    expect(chart.start).toBe(0);
    expect(chart.end).toBe(100);
    expect(chart.bars[0]).toMatchObject({ waitStart: 0, waitWidth: 0, runWidth: 50, runMs: 50, open: false });
    expect(chart.bars[1]).toMatchObject({ waitStart: 50, waitWidth: 25, runWidth: 25, waitMs: 25 });
  });

  it('runs an unfinished task up to now, and a task still waiting has no run', () => {
    const chart = ganttBars(
      [
        { id: 'running', scheduledAt: 0, startedAt: 10, finishedAt: null },
        { id: 'waiting', scheduledAt: 20, startedAt: null, finishedAt: null },
      ],
      110,
    );
    expect(chart.end).toBe(110);
    expect(chart.bars[0]).toMatchObject({ open: true, runMs: 100 });
    expect(chart.bars[1]).toMatchObject({ runWidth: 0, runMs: null, waitMs: 90 });
  });

  it('keeps finite widths for instant tasks and an empty chart for no tasks', () => {
    const chart = ganttBars([{ id: 'x', scheduledAt: 5, startedAt: 5, finishedAt: 5 }], 5);
    expect(chart.bars[0]!.runWidth).toBe(0);
    expect(Number.isFinite(chart.bars[0]!.waitStart)).toBe(true);
    expect(ganttBars([], 7)).toEqual({ start: 7, end: 7, bars: [] });
  });
});
