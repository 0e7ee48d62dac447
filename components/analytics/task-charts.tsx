'use client';
/** Per-task bars of one workflow: average vs p95 run time, and average wait vs average run. */
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDuration } from '@/lib/analytics/format-duration';
import type { TaskStats } from '@/lib/analytics/analytics-wire';
import { CHART_MARGIN, ChartFrame } from './chart-frame';

/** The chart's tasks: the slowest first, at most 25 (the bottleneck table lists them all). */
function slowest(tasks: readonly TaskStats[]): TaskStats[] {
  return [...tasks].sort((a, b) => (b.avg_duration_ms ?? 0) - (a.avg_duration_ms ?? 0)).slice(0, 25);
}

interface TaskBar<Key extends string> {
  readonly key: Key;
  readonly name: string;
  readonly fill: string;
}

interface TaskBarChartProps<Key extends string> {
  readonly testId: string;
  readonly title: string;
  readonly data: readonly ({ readonly name: string } & Record<Key, number | null>)[];
  readonly bars: readonly TaskBar<Key>[];
  /** One task's numbers in words, for the screen-reader summary. */
  readonly describe: (row: { readonly name: string } & Record<Key, number | null>) => string;
  /** Stack the bars (parts of one whole) instead of setting them side by side. */
  readonly stacked?: boolean;
}

/** Horizontal bars of durations, one row a task. */
function TaskBarChart<Key extends string>({ testId, title, data, bars, describe, stacked = false }: TaskBarChartProps<Key>) {
  return (
    <ChartFrame testId={testId} title={title} summary={data.map((d) => `${d.name}: ${describe(d)}`).join('; ')} empty={data.length === 0}>
      <BarChart accessibilityLayer={false} data={data} layout="vertical" margin={CHART_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis type="number" fontSize={11} tickFormatter={(v: number) => formatDuration(v)} />
        <YAxis type="category" dataKey="name" fontSize={11} width={120} />
        <Tooltip formatter={(v) => formatDuration(Number(v))} />
        <Legend />
        {bars.map((b) => (
          <Bar key={b.key} dataKey={b.key} name={b.name} stackId={stacked ? 't' : undefined} fill={b.fill} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartFrame>
  );
}

export function TaskDurationChart({ tasks }: { readonly tasks: readonly TaskStats[] }) {
  return (
    <TaskBarChart
      testId="chart-task-duration"
      title="Task run time: average and p95"
      data={slowest(tasks).map((t) => ({ name: t.name, avg: t.avg_duration_ms, p95: t.p95_duration_ms }))}
      bars={[
        { key: 'avg', name: 'average', fill: '#1d4ed8' },
        { key: 'p95', name: 'p95', fill: '#b45309' },
      ]}
      describe={(d) => `average ${formatDuration(d.avg)}, p95 ${formatDuration(d.p95)}`}
    />
  );
}

export function WaitRunChart({ tasks }: { readonly tasks: readonly TaskStats[] }) {
  return (
    <TaskBarChart
      testId="chart-wait-run"
      title="Wait vs run per task (averages)"
      data={slowest(tasks).map((t) => ({ name: t.name, wait: t.avg_wait_ms ?? 0, run: t.avg_duration_ms ?? 0 }))}
      bars={[
        { key: 'wait', name: 'wait', fill: '#a1a1aa' },
        { key: 'run', name: 'run', fill: '#1d4ed8' },
      ]}
      describe={(d) => `waited ${formatDuration(d.wait)}, ran ${formatDuration(d.run)}`}
      stacked
    />
  );
}
