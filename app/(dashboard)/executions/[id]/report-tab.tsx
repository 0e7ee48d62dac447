'use client';
/** The Report tab: Mistral's execution report (statistics and the tree with durations). */
import { ErrorPanel } from '@/components/ui/error-panel';
import { Skeleton } from '@/components/ui/skeleton';
import { StateBadge } from '@/components/ui/state-badge';
import { useEngineQuery } from '@/lib/dashboard/use-engine';
import { formatDuration } from '@/lib/analytics/format-duration';
import type { ExecutionReport, ReportTask, ReportWorkflow } from '@/lib/graph/live-tree';

type TimedTask = ReportTask & { readonly duration: number | null };

const STAT_LABELS: Readonly<Record<string, string>> = {
  total_tasks_count: 'Total',
  success_tasks_count: 'Success',
  error_tasks_count: 'Error',
  running_tasks_count: 'Running',
  idle_tasks_count: 'Idle',
  paused_tasks_count: 'Paused',
};

function seconds(s: number | null): string {
  return s === null ? '–' : formatDuration(s * 1000);
}

function WorkflowEntry({ wf }: { readonly wf: ReportWorkflow }) {
  return (
    <li className="space-y-1">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-semibold">{wf.name}</span> <StateBadge state={wf.state} info={wf.state_info} />
        <span className="font-mono text-xs text-muted">{wf.id}</span>
      </div>
      {wf.task_executions && wf.task_executions.length > 0 && (
        <ul className="ml-4 space-y-1 border-l border-border pl-3">
          {(wf.task_executions as readonly TimedTask[]).map((t) => (
            <li key={t.id} className="space-y-1">
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <span className="font-mono">{t.name}</span> <StateBadge state={t.state} info={t.state_info} />
                <span className="text-xs text-muted">
                  {seconds(t.duration)}
                  {t.retry_count > 0 ? ` · ${t.retry_count} retries` : ''} · {t.action_executions.length} action executions
                </span>
              </div>
              {t.state_info && <p className="text-xs break-all text-muted">{t.state_info}</p>}
              {t.workflow_executions.length > 0 && (
                <ul className="ml-4 space-y-1">
                  {t.workflow_executions.map((child) => (
                    <WorkflowEntry key={child.id} wf={child} />
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function ReportTab({ id }: { readonly id: string }) {
  // Its own query key (explicit errors_only): the live hook caches the report in another shape.
  const report = useEngineQuery<ExecutionReport>(`/v2/executions/${id}/report`, { errors_only: 'false' });
  if (report.error) return <ErrorPanel title="Could not load the report" error={report.error} onRetry={() => void report.refetch()} />;
  if (report.data === undefined) return <Skeleton className="h-48 w-full" />;
  const stats = report.data.statistics;
  return (
    <div className="space-y-4">
      <dl className="flex flex-wrap gap-3" aria-label="Statistics">
        {Object.entries(STAT_LABELS).map(([key, label]) => (
          <div key={key} className="rounded border border-border bg-surface px-3 py-2">
            <dt className="text-xs text-muted">{label}</dt>
            <dd className="text-lg font-semibold">{stats[key] ?? 0}</dd>
          </div>
        ))}
      </dl>
      <ul className="space-y-2 rounded border border-border bg-surface p-3">
        <WorkflowEntry wf={report.data.root_workflow_execution} />
      </ul>
    </div>
  );
}
