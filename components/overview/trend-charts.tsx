'use client';

import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TrendPoint } from '@/lib/dashboard/overview-trend';

const dayLabel = (ms: number) => new Date(ms).toISOString().slice(5, 10);

/** Two small charts: executions per day and the share that failed; animations off (stable screenshots). */
export function TrendCharts({ points }: { readonly points: readonly TrendPoint[] }) {
  const data = points.map((p) => ({ ...p, label: dayLabel(p.day) }));
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <figure className="rounded border border-border bg-surface p-3">
        <figcaption className="mb-2 text-sm font-semibold">Executions per day</figcaption>
        <div className="h-40" role="img" aria-label={`Executions per day: ${data.map((d) => `${d.label} ${d.executions}`).join(', ')}`}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
              <XAxis dataKey="label" tick={{ fontSize: 11, fill: 'currentColor' }} />
              <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: 'currentColor' }} />
              <Tooltip />
              <Bar dataKey="executions" name="Executions" fill="#2f6fb3" isAnimationActive={false} />
              <Bar dataKey="failed" name="Failed" fill="#c0392b" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <figure className="rounded border border-border bg-surface p-3">
        <figcaption className="mb-2 text-sm font-semibold">Failure rate (%)</figcaption>
        <div className="h-40" role="img" aria-label={`Failure rate per day: ${data.map((d) => `${d.label} ${d.failurePercent ?? 0}%`).join(', ')}`}>
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
              <XAxis dataKey="label" tick={{ fontSize: 11, fill: 'currentColor' }} />
              <YAxis domain={[0, 100]} tick={{ fontSize: 11, fill: 'currentColor' }} />
              <Tooltip />
              <Line dataKey="failurePercent" name="Failed %" stroke="#c0392b" strokeWidth={2} dot isAnimationActive={false} connectNulls />
            </LineChart>
          </ResponsiveContainer>
        </div>
      </figure>
    </div>
  );
}
