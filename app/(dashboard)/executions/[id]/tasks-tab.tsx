'use client';
/** The Tasks tab: every task of the tree, live, oldest first; a name opens it on the graph. */
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { TableSkeleton } from '@/components/ui/skeleton';
import { StateBadge } from '@/components/ui/state-badge';
import type { LiveExecution } from './use-live-execution';

const PAGE = 200;

export function TasksTab({ id, live, taskHref }: { readonly id: string; readonly live: LiveExecution; readonly taskHref: (name: string) => string }) {
  const [shown, setShown] = useState(PAGE);
  const tree = live.tree;
  const tasks = useMemo(
    () => (tree === null ? [] : Object.values(tree.tasks).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))),
    [tree],
  );
  if (live.treeError) return <ErrorPanel title="Could not load the tasks" error={live.treeError} />;
  if (tree === null) return <TableSkeleton columns={4} />;
  if (tasks.length === 0) return <EmptyState title="No tasks have run yet" />;
  return (
    <div className="overflow-x-auto rounded border border-border bg-surface">
      <table className="w-full text-sm">
        <caption className="px-3 py-2 text-left font-semibold">Task executions</caption>
        <thead className="bg-surface-alt text-left text-xs text-muted">
          <tr>
            <th scope="col" className="px-3 py-2">Name</th>
            <th scope="col" className="px-3 py-2">Workflow</th>
            <th scope="col" className="px-3 py-2">State</th>
            <th scope="col" className="px-3 py-2">State info</th>
          </tr>
        </thead>
        <tbody>
          {tasks.slice(0, shown).map((t) => (
            <tr key={t.id} className="border-t border-border" data-testid={`task-row-${t.name}`}>
              <td className="px-3 py-1.5 font-mono">
                {t.executionId === id ? (
                  <Link className="text-accent underline" href={taskHref(t.name)}>
                    {t.name}
                  </Link>
                ) : (
                  t.name
                )}
              </td>
              <td className="px-3 py-1.5">{tree.executions[t.executionId]?.workflowName ?? t.executionId}</td>
              <td className="px-3 py-1.5">
                <StateBadge state={t.state} />
              </td>
              <td className="max-w-md truncate px-3 py-1.5 text-muted" title={t.stateInfo ?? undefined}>
                {t.stateInfo ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="flex items-center justify-between border-t border-border px-3 py-2 text-xs text-muted">
        <span>
          Displaying {Math.min(shown, tasks.length)} of {tasks.length} items
        </span>
        {shown < tasks.length && (
          <Button size="sm" onClick={() => setShown((n) => n + PAGE)}>
            Show more
          </Button>
        )}
      </div>
    </div>
  );
}
