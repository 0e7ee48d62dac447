'use client';
/**
 * Analytics: per workflow over a window (all in the URL), the duration and failure-rate trends,
 * per-task durations and waits, the bottleneck list, a heat overlay of task averages on the
 * workflow graph, and the top errors and slowest executions.
 */
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useId, useMemo, useState } from 'react';
import { BottleneckTable, ErrorsTable, SlowestTable } from '@/components/analytics/analytics-tables';
import { TaskDurationChart, WaitRunChart } from '@/components/analytics/task-charts';
import { DurationTrendChart, FailureRateChart } from '@/components/analytics/trend-charts';
import { DefinitionGraph } from '@/components/graph/definition-graph';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { useEngineQuery } from '@/lib/dashboard/use-engine';
import { analyticsWindow, WINDOW_PRESETS } from '@/lib/analytics/analytics-window';
import type { ErrorsAnswer, SlowestAnswer, TasksAnswer, WorkflowsAnswer } from '@/lib/analytics/analytics-wire';
import { formatDuration } from '@/lib/analytics/format-duration';

const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;

export function AnalyticsView() {
  // "Now" is fixed once the page runs in the browser (so the window and the query keys stay put
  // while reading); the server render has no "now" of the reader's and shows the skeleton.
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => setNow(Math.floor(Date.now() / 60_000) * 60_000 + 60_000), []);
  if (now === null) {
    return (
      <div role="status" aria-label="Loading" className="space-y-4">
        <Skeleton className="h-8 w-48" />
        <Skeleton className="h-72" />
      </div>
    );
  }
  return <AnalyticsBody now={now} />;
}

function AnalyticsBody({ now }: { readonly now: number }) {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const win = analyticsWindow(search, now);
  const range = { since: String(win.since), until: String(win.until) };
  const workflowSelect = useId();
  const windowSelect = useId();

  const setParams = (changes: Readonly<Record<string, string | null>>) => {
    const next = new URLSearchParams(search.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };

  const workflows = useEngineQuery<WorkflowsAnswer>('/v2/analytics/workflows', { ...range, bucket: win.bucket });
  const list = workflows.data?.workflows ?? [];
  const chosen = list.find((w) => w.workflow_name === search.get('workflow')) ?? list[0];
  const tasks = useEngineQuery<TasksAnswer>(chosen ? `/v2/analytics/workflows/${encodeURIComponent(chosen.workflow_name)}/tasks` : null, range);
  const errors = useEngineQuery<ErrorsAnswer>('/v2/analytics/errors', { ...range, limit: 10 });
  const slowest = useEngineQuery<SlowestAnswer>('/v2/analytics/slowest', { ...range, limit: 10 });
  const heat = useMemo(() => new Map((tasks.data?.tasks ?? []).flatMap((t) => (t.avg_duration_ms === null ? [] : [[t.name, t.avg_duration_ms] as const]))), [tasks.data]);

  return (
    <div className="space-y-4">
      <PageHeader title="Analytics" crumbs={[{ label: 'Workflow' }, { label: 'Analytics' }]} />
      <div className="flex flex-wrap items-end gap-4 text-sm">
        <div className="flex flex-col gap-1">
          <label htmlFor={workflowSelect} className="text-xs text-muted">
            Workflow
          </label>
          <select
            id={workflowSelect}
            className="rounded border border-border bg-surface px-2 py-1"
            value={chosen?.workflow_name ?? ''}
            onChange={(e) => setParams({ workflow: e.target.value })}
            disabled={list.length === 0}
          >
            {list.map((w) => (
              <option key={w.workflow_name} value={w.workflow_name}>
                {w.workflow_name} ({w.count})
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={windowSelect} className="text-xs text-muted">
            Window
          </label>
          <select
            id={windowSelect}
            className="rounded border border-border bg-surface px-2 py-1"
            value={win.preset ?? 'custom'}
            onChange={(e) => setParams({ window: e.target.value, since: null, until: null, bucket: null })}
          >
            {Object.keys(WINDOW_PRESETS).map((p) => (
              <option key={p} value={p}>
                last {p}
              </option>
            ))}
            {win.preset === null && <option value="custom">custom range</option>}
          </select>
        </div>
        <fieldset className="flex items-center gap-2">
          <legend className="sr-only">Bucket</legend>
          {(['hour', 'day'] as const).map((b) => (
            <label key={b} className="flex items-center gap-1">
              <input type="radio" name="bucket" checked={win.bucket === b} onChange={() => setParams({ bucket: b })} /> per {b}
            </label>
          ))}
        </fieldset>
        <span className="text-xs text-muted">
          {new Date(win.since).toISOString().slice(0, 16).replace('T', ' ')} – {new Date(win.until).toISOString().slice(0, 16).replace('T', ' ')} UTC
        </span>
      </div>
      {win.problem && <p role="status" className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">{win.problem}</p>}

      {workflows.error ? (
        <ErrorPanel title="Could not load the analytics" error={workflows.error} onRetry={() => void workflows.refetch()} />
      ) : workflows.data === undefined ? (
        <div role="status" aria-label="Loading" className="grid gap-4 md:grid-cols-2">
          <Skeleton className="h-72" />
          <Skeleton className="h-72" />
        </div>
      ) : chosen === undefined ? (
        <EmptyState title="No executions finished in this window">Pick a longer window, or run a workflow first.</EmptyState>
      ) : (
        <>
          <dl className="flex flex-wrap gap-3" aria-label={`Summary of ${chosen.workflow_name}`} data-testid="summary">
            {[
              ['Executions', String(chosen.count)],
              ['Success rate', pct(chosen.success_rate)],
              ['Failure rate', pct(chosen.error_rate)],
              ['Average', formatDuration(chosen.avg_duration_ms)],
              ['p95', formatDuration(chosen.p95_duration_ms)],
              ['Max', formatDuration(chosen.max_duration_ms)],
            ].map(([term, value]) => (
              <div key={term} className="rounded border border-border bg-surface px-3 py-2">
                <dt className="text-xs text-muted">{term}</dt>
                <dd className="text-lg font-semibold">{value}</dd>
              </div>
            ))}
          </dl>
          {workflows.data.sampled && <p className="text-xs text-muted">Percentiles are computed from a sample of the executions in this window.</p>}
          <div className="grid gap-4 xl:grid-cols-2">
            <DurationTrendChart stats={chosen} bucket={win.bucket} />
            <FailureRateChart stats={chosen} bucket={win.bucket} />
          </div>
          {tasks.error ? (
            <ErrorPanel title="Could not load the task statistics" error={tasks.error} onRetry={() => void tasks.refetch()} />
          ) : tasks.data === undefined ? (
            <Skeleton className="h-72" />
          ) : (
            <>
              <div className="grid gap-4 xl:grid-cols-2">
                <TaskDurationChart tasks={tasks.data.tasks} />
                <WaitRunChart tasks={tasks.data.tasks} />
              </div>
              <BottleneckTable tasks={tasks.data.tasks} executions={tasks.data.executions} />
              <section className="space-y-2" aria-label="Heat map of average task durations">
                <h2 className="text-sm font-semibold">Average task duration on the workflow graph</h2>
                <DefinitionGraph
                  workflow={chosen.workflow_name}
                  workflowName={chosen.workflow_name}
                  heat={heat}
                  label={`Graph of ${chosen.workflow_name} coloured by average task duration`}
                  className="h-[420px] w-full rounded border border-border bg-surface"
                />
              </section>
            </>
          )}
        </>
      )}
      <div className="grid gap-4 xl:grid-cols-2">
        {errors.error ? <ErrorPanel title="Could not load the top errors" error={errors.error} /> : errors.data ? <ErrorsTable answer={errors.data} /> : <Skeleton className="h-40" />}
        {slowest.error ? <ErrorPanel title="Could not load the slowest executions" error={slowest.error} /> : slowest.data ? <SlowestTable answer={slowest.data} /> : <Skeleton className="h-40" />}
      </div>
    </div>
  );
}
