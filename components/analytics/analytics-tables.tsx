/** The analytics page's lists: bottlenecks (critical-path share), top errors, slowest executions. */
import Link from 'next/link';
import type { ReactNode } from 'react';
import { EmptyState } from '@/components/ui/empty-state';
import { StateBadge } from '@/components/ui/state-badge';
import { formatDuration } from '@/lib/analytics/format-duration';
import type { ErrorsAnswer, SlowestAnswer, TaskStats } from '@/lib/analytics/analytics-wire';

const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;

function Table({ caption, head, children, testId }: { caption: string; head: readonly string[]; children: ReactNode; testId: string }) {
  return (
    <div className="overflow-x-auto rounded border border-border bg-surface">
      <table className="w-full text-sm" data-testid={testId}>
        <caption className="px-3 py-2 text-left font-semibold">{caption}</caption>
        <thead className="bg-surface-alt text-left text-xs text-muted">
          <tr>
            {head.map((h) => (
              <th key={h} scope="col" className="px-3 py-2">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export function BottleneckTable({ tasks, executions }: { readonly tasks: readonly TaskStats[]; readonly executions: number }) {
  if (tasks.length === 0) return <EmptyState title="No finished tasks in this window" />;
  return (
    <Table
      testId="bottlenecks"
      caption={`Bottlenecks: how often each task is on the critical path (${executions} executions)`}
      head={['Task', 'Critical-path share', 'Avg run', 'p95 run', 'Avg wait', 'Failure rate', 'Retries', 'Runs']}
    >
      {tasks.map((t) => (
        <tr key={t.name} className="border-t border-border">
          <td className="px-3 py-1.5 font-mono">{t.name}</td>
          <td className="px-3 py-1.5">
            <span className="inline-flex items-center gap-2">
              <span className="inline-block h-2 w-20 rounded bg-surface-alt" aria-hidden="true">
                <span className="block h-2 rounded bg-red-700" style={{ width: pct(t.critical_path_share) }} />
              </span>
              {pct(t.critical_path_share)}
            </span>
          </td>
          <td className="px-3 py-1.5">{formatDuration(t.avg_duration_ms)}</td>
          <td className="px-3 py-1.5">{formatDuration(t.p95_duration_ms)}</td>
          <td className="px-3 py-1.5">{formatDuration(t.avg_wait_ms)}</td>
          <td className="px-3 py-1.5">{pct(t.failure_rate)}</td>
          <td className="px-3 py-1.5">{t.retry_count}</td>
          <td className="px-3 py-1.5">{t.count}</td>
        </tr>
      ))}
    </Table>
  );
}

export function ErrorsTable({ answer }: { readonly answer: ErrorsAnswer }) {
  if (answer.errors.length === 0) return <EmptyState title="No errors in this window" />;
  return (
    <Table testId="top-errors" caption="Top errors (all workflows)" head={['Error (state_info)', 'Of', 'Count', 'Workflows', 'Last seen (UTC)']}>
      {answer.errors.map((e, i) => (
        <tr key={`${e.kind}-${i}`} className="border-t border-border">
          <td className="max-w-xl px-3 py-1.5 break-all">{e.state_info ?? '(no message)'}</td>
          <td className="px-3 py-1.5">{e.kind}</td>
          <td className="px-3 py-1.5">{e.count}</td>
          <td className="px-3 py-1.5">{e.workflow_count}</td>
          <td className="px-3 py-1.5 font-mono text-xs">{e.last_seen ?? '–'}</td>
        </tr>
      ))}
    </Table>
  );
}

export function SlowestTable({ answer }: { readonly answer: SlowestAnswer }) {
  if (answer.executions.length === 0) return <EmptyState title="No finished executions in this window" />;
  return (
    <Table testId="slowest" caption="Slowest executions (all workflows)" head={['Execution', 'Workflow', 'State', 'Duration', 'Finished (UTC)']}>
      {answer.executions.map((e) => (
        <tr key={e.id} className="border-t border-border">
          <td className="px-3 py-1.5 font-mono text-xs">
            <Link className="text-accent underline" href={`/executions/${e.id}?tab=timeline`}>
              {e.id}
            </Link>
          </td>
          <td className="px-3 py-1.5">{e.workflow_name}</td>
          <td className="px-3 py-1.5">
            <StateBadge state={e.state} />
          </td>
          <td className="px-3 py-1.5">{formatDuration(e.duration_ms)}</td>
          <td className="px-3 py-1.5 font-mono text-xs">{e.finished_at ?? '–'}</td>
        </tr>
      ))}
    </Table>
  );
}
