'use client';

/**
 * Overview: executions by state right now (capped counts, each a link to the filtered list), the
 * running count, the latest failures and the trend of the last 14 days. Kept live by `/v2/events`.
 */
import Link from 'next/link';
import { useMemo } from 'react';
import { TrendCharts } from '@/components/overview/trend-charts';
import { ErrorPanel } from '@/components/ui/error-panel';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { StateBadge } from '@/components/ui/state-badge';
import { STATE_GROUPS, STATE_GROUP_LABELS } from '@/lib/dashboard/execution-filters';
import { timeAgo } from '@/lib/dashboard/format';
import { combineSeries, type SeriesPoint } from '@/lib/dashboard/overview-trend';
import { useEngineQuery } from '@/lib/dashboard/use-engine';
import { useLiveRefresh } from '@/lib/dashboard/use-live-refresh';
import type { Execution } from '@/lib/engine-client/wire';

const COUNT_CAP = 1000;
const GROUP_STATE: Readonly<Record<string, string>> = { running: 'RUNNING', failed: 'ERROR', paused: 'PAUSED', success: 'SUCCESS', cancelled: 'CANCELLED' };

function stateParam(group: string): string {
  const states = STATE_GROUPS[group] ?? [];
  return states.length === 1 ? (states[0] as string) : `in:${states.join(',')}`;
}

function StateCount({ group }: { readonly group: string }) {
  const query = useEngineQuery<{ executions: Pick<Execution, 'id'>[] }>('/v2/executions', { state: stateParam(group), fields: 'id', limit: COUNT_CAP + 1 });
  const count = query.data?.executions.length;
  return (
    <Link href={`/executions?state=${group}`} className="flex flex-col gap-2 rounded border border-border bg-surface p-3 hover:bg-surface-alt" data-testid={`count-${group}`}>
      <StateBadge state={GROUP_STATE[group]} className="self-start" />
      <span className="text-2xl font-semibold">
        {count === undefined ? <Skeleton className="h-7 w-12" /> : count > COUNT_CAP ? `${COUNT_CAP.toLocaleString()}+` : count.toLocaleString()}
      </span>
      <span className="text-xs text-muted">{STATE_GROUP_LABELS[group]}</span>
    </Link>
  );
}

export function OverviewPanel() {
  useLiveRefresh(['/v2/executions'], ['workflow'], 1_500);
  const since = useMemo(() => new Date(Date.now() - 14 * 24 * 3600 * 1000).toISOString().slice(0, 10), []);
  const failures = useEngineQuery<{ executions: Execution[] }>('/v2/executions', { state: 'ERROR', sort_keys: 'updated_at', sort_dirs: 'desc', limit: 5 });
  const analytics = useEngineQuery<{ workflows: { workflow_name: string; series?: SeriesPoint[] }[] }>('/v2/analytics/workflows', { since, bucket: 'day' });
  const trend = useMemo(() => combineSeries(analytics.data?.workflows ?? []), [analytics.data]);

  return (
    <>
      <PageHeader title="Overview" crumbs={[{ label: 'Workflow' }, { label: 'Overview' }]} />
      <section aria-labelledby="by-state" className="mb-6">
        <h2 id="by-state" className="mb-2 font-semibold">
          Executions by state
        </h2>
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
          {Object.keys(STATE_GROUPS).map((group) => (
            <StateCount key={group} group={group} />
          ))}
        </div>
      </section>
      <section aria-labelledby="failures" className="mb-6">
        <h2 id="failures" className="mb-2 font-semibold">
          Recent failures
        </h2>
        {failures.error ? (
          <ErrorPanel error={failures.error} onRetry={() => void failures.refetch()} />
        ) : (
          <ul className="divide-y divide-border rounded border border-border bg-surface">
            {(failures.data?.executions ?? []).map((e) => (
              <li key={e.id} className="flex flex-wrap items-center gap-3 px-3 py-2 text-sm">
                <StateBadge state={e.state} />
                <Link href={`/executions/${e.id}`} className="font-medium text-accent hover:underline">
                  {e.workflow_name}
                </Link>
                <span className="min-w-0 flex-1 truncate text-muted" title={e.state_info ?? undefined}>
                  {e.state_info}
                </span>
                <span className="text-xs text-muted">{timeAgo(e.updated_at)}</span>
              </li>
            ))}
            {failures.data?.executions.length === 0 && <li className="px-3 py-2 text-sm text-muted">No failed executions.</li>}
            {failures.isLoading && (
              <li className="px-3 py-2">
                <Skeleton className="h-5 w-full" />
              </li>
            )}
          </ul>
        )}
      </section>
      <section aria-labelledby="trend">
        <h2 id="trend" className="mb-2 font-semibold">
          Last 14 days
        </h2>
        {analytics.error ? <ErrorPanel error={analytics.error} /> : <TrendCharts points={trend} />}
        <p className="mt-2 text-sm">
          <Link href="/analytics" className="text-accent hover:underline">
            Per-workflow analytics
          </Link>
        </p>
      </section>
    </>
  );
}
