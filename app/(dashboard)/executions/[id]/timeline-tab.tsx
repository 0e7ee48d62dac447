'use client';
/** The Timeline tab: the Gantt of every task of the tree, from `GET /v2/executions/{id}/timeline`. */
import { useMemo } from 'react';
import { GanttChart } from '@/components/timeline/gantt-chart';
import type { GanttRow } from '@/components/timeline/gantt-chart';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Skeleton } from '@/components/ui/skeleton';
import { useEngineQuery } from '@/lib/dashboard/use-engine';
import type { TimelineWire } from './wire';

export function TimelineTab({ id }: { readonly id: string }) {
  const timeline = useEngineQuery<TimelineWire>(`/v2/executions/${id}/timeline`);
  const data = timeline.data;
  const rows = useMemo<GanttRow[]>(
    () =>
      (data?.tasks ?? []).map((t) => ({
        id: t.id,
        label: t.workflow_execution_id === id ? t.name : `${t.workflow_name} › ${t.name}`,
        state: t.state,
        retries: t.retry_count,
        scheduledAt: t.scheduled_at_ms,
        startedAt: t.started_at_ms,
        finishedAt: t.finished_at_ms,
      })),
    [data, id],
  );
  if (timeline.error) return <ErrorPanel title="Could not load the timeline" error={timeline.error} onRetry={() => void timeline.refetch()} />;
  if (data === undefined) return <Skeleton className="h-64 w-full" />;
  if (rows.length === 0) return <EmptyState title="No tasks have been scheduled yet" />;
  // While the execution runs, open bars end at the time of this answer (refetched on each event).
  const now = data.execution.finished_at_ms ?? Math.max(timeline.dataUpdatedAt, ...rows.map((r) => r.finishedAt ?? r.startedAt ?? r.scheduledAt));
  return <GanttChart rows={rows} now={now} />;
}
