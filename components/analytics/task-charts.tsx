'use client';
/** Per-task bars of one workflow: average vs p95 run time, and average wait vs average run. */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDuration } from '@/lib/analytics/format-duration';
import type { TaskStats } from '@/lib/analytics/analytics-wire';
import { ChartFrame } from './chart-frame';

/** The chart's tasks: the slowest first, at most 25 (the bottleneck table lists them all). */
function slowest(tasks: readonly TaskStats[]): TaskStats[] {
  return [...tasks].sort((a, b) => (b.avg_duration_ms ?? 0) - (a.avg_duration_ms ?? 0)).slice(0, 25);
}

export function TaskDurationChart({ tasks }: { readonly tasks: readonly TaskStats[] }) {
  const data = slowest(tasks).map((t) => ({ name: t.name, avg: t.avg_duration_ms, p95: t.p95_duration_ms }));
  return (
    <ChartFrame
      testId="chart-task-duration"
      title="Task run time: average and p95"
      summary={data.map((d) => `${d.name}: average ${formatDuration(d.avg)}, p95 ${formatDuration(d.p95)}`).join('; ')}
      empty={data.length === 0}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart accessibilityLayer={false} data={data} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" fontSize={11} tickFormatter={(v: number) => formatDuration(v)} />
          <YAxis type="category" dataKey="name" fontSize={11} width={120} />
          <Tooltip formatter={(v) => formatDuration(Number(v))} />
          <Legend />
          <Bar dataKey="avg" name="average" fill="#1d4ed8" isAnimationActive={false} />
          <Bar dataKey="p95" name="p95" fill="#b45309" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

export function WaitRunChart({ tasks }: { readonly tasks: readonly TaskStats[] }) {
  const data = slowest(tasks).map((t) => ({ name: t.name, wait: t.avg_wait_ms ?? 0, run: t.avg_duration_ms ?? 0 }));
  return (
    <ChartFrame
      testId="chart-wait-run"
      title="Wait vs run per task (averages)"
      summary={data.map((d) => `${d.name}: waited ${formatDuration(d.wait)}, ran ${formatDuration(d.run)}`).join('; ')}
      empty={data.length === 0}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart accessibilityLayer={false} data={data} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" fontSize={11} tickFormatter={(v: number) => formatDuration(v)} />
          <YAxis type="category" dataKey="name" fontSize={11} width={120} />
          <Tooltip formatter={(v) => formatDuration(Number(v))} />
          <Legend />
          <Bar dataKey="wait" name="wait" stackId="t" fill="#a1a1aa" isAnimationActive={false} />
          <Bar dataKey="run" name="run" stackId="t" fill="#1d4ed8" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
