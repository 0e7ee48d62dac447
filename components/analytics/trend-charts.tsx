'use client';
/** Per-bucket trends of one workflow: average duration (with the window's p50/p95) and failure rate. */
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis, Bar, BarChart, Legend } from 'recharts';
import { formatDuration } from '@/lib/analytics/format-duration';
import type { WorkflowStats } from '@/lib/analytics/analytics-wire';
import { CHART_MARGIN, ChartFrame } from './chart-frame';

function bucketLabel(ms: number, bucket: 'hour' | 'day'): string {
  const iso = new Date(ms).toISOString();
  return bucket === 'hour' ? `${iso.slice(5, 10)} ${iso.slice(11, 13)}h` : iso.slice(0, 10);
}

export function DurationTrendChart({ stats, bucket }: { readonly stats: WorkflowStats; readonly bucket: 'hour' | 'day' }) {
  const data = stats.series.map((p) => ({ label: bucketLabel(p.bucket_start_ms, bucket), avg: p.avg_duration_ms, count: p.count }));
  return (
    <ChartFrame
      testId="chart-duration"
      title={`Duration trend of ${stats.workflow_name} (average per ${bucket}; dashed: p50 and p95 of the window)`}
      summary={`Average ${formatDuration(stats.avg_duration_ms)}, p50 ${formatDuration(stats.p50_duration_ms)}, p95 ${formatDuration(stats.p95_duration_ms)}, max ${formatDuration(stats.max_duration_ms)} over ${stats.count} executions.`}
      empty={data.length === 0}
    >
      <LineChart accessibilityLayer={false} data={data} margin={CHART_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="label" fontSize={11} />
        <YAxis fontSize={11} tickFormatter={(v: number) => formatDuration(v)} width={72} />
        <Tooltip formatter={(v) => formatDuration(Number(v))} />
        <Legend />
        <Line type="monotone" dataKey="avg" name="average" stroke="#1d4ed8" strokeWidth={2} dot isAnimationActive={false} />
        {stats.p50_duration_ms !== null && <ReferenceLine y={stats.p50_duration_ms} stroke="#047857" strokeDasharray="4 4" label={{ value: 'p50', fontSize: 11, position: 'right' }} />}
        {stats.p95_duration_ms !== null && <ReferenceLine y={stats.p95_duration_ms} stroke="#b91c1c" strokeDasharray="6 3" label={{ value: 'p95', fontSize: 11, position: 'right' }} />}
      </LineChart>
    </ChartFrame>
  );
}

export function FailureRateChart({ stats, bucket }: { readonly stats: WorkflowStats; readonly bucket: 'hour' | 'day' }) {
  const data = stats.series.map((p) => ({ label: bucketLabel(p.bucket_start_ms, bucket), failure: Math.round(p.failure_rate * 1000) / 10, count: p.count }));
  return (
    <ChartFrame
      testId="chart-failure"
      title={`Failure rate of ${stats.workflow_name} per ${bucket} (bars: executions finished)`}
      summary={`${Math.round(stats.error_rate * 1000) / 10}% of ${stats.count} executions failed in the window.`}
      empty={data.length === 0}
    >
      <BarChart accessibilityLayer={false} data={data} margin={CHART_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="label" fontSize={11} />
        <YAxis yAxisId="rate" fontSize={11} unit="%" domain={[0, 100]} />
        <YAxis yAxisId="count" orientation="right" fontSize={11} allowDecimals={false} />
        <Tooltip />
        <Legend />
        <Bar yAxisId="count" dataKey="count" name="executions" fill="#94a3b8" isAnimationActive={false} />
        <Bar yAxisId="rate" dataKey="failure" name="failure rate (%)" fill="#b91c1c" isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  );
}
