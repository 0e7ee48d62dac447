'use client';

import Link from 'next/link';
import { useViewer } from '@/components/shell/viewer-context';
import { DataTable, type TableAction } from '@/components/ui/data-table';
import { FilterBox } from '@/components/ui/filter-box';
import { PageHeader } from '@/components/ui/page-header';
import { SelectFilter, stateOptions } from '@/components/ui/select-filter';
import { MISTRAL_STATES, StateBadge } from '@/components/ui/state-badge';
import { engineFetch } from '@/lib/dashboard/engine-fetch';
import { formatTime, shortId, timeAgo } from '@/lib/dashboard/format';
import type { ListSpec } from '@/lib/dashboard/list-state';
import { useEngineList } from '@/lib/dashboard/use-engine-list';
import { useLiveRefresh } from '@/lib/dashboard/use-live-refresh';
import type { Task } from '@/lib/engine-client/wire';

type TaskFilter = 'state' | 'q' | 'execution';

const SPEC: ListSpec<TaskFilter> = {
  filters: ['state', 'q', 'execution'],
  sortKeys: ['created_at', 'updated_at', 'name', 'state', 'workflow_name'],
  defaultSort: { key: 'created_at', dir: 'desc' },
  pageSize: 20,
};

const TASK_STATE_OPTIONS = stateOptions(MISTRAL_STATES);

export function TasksPanel() {
  const viewer = useViewer();
  const list = useEngineList<Task, TaskFilter>('/v2/tasks', 'tasks', SPEC, (state) => ({
    params: {
      state: state.filters.state,
      name: state.filters.q ? `has:${state.filters.q}` : undefined,
      workflow_execution_id: state.filters.execution,
    },
  }));
  useLiveRefresh(['/v2/tasks'], ['task']);

  const rerun: TableAction<Task> = {
    id: 'rerun',
    label: 'Rerun Tasks',
    pastTense: 'Rerun',
    verb: 'rerun',
    confirm: true,
    allowed: (t) => t.state === 'ERROR',
    perform: (t) => engineFetch(`/v2/tasks/${t.id}`, { method: 'PUT', json: { state: 'RUNNING', reset: true } }),
  };

  return (
    <>
      <PageHeader title="Task Executions" crumbs={[{ label: 'Workflow' }, { label: 'Task Executions' }]} />
      <DataTable
        caption="Task Executions"
        noun={{ singular: 'Task', plural: 'Tasks' }}
        rows={list.rows}
        loading={list.loading}
        error={list.error}
        onRetry={list.refetch}
        rowId={(t) => t.id}
        rowLabel={(t) => `${t.name} (${t.id})`}
        rowHref={(t) => `/executions/${t.workflow_execution_id}?tab=tasks&task=${t.id}`}
        sort={list.state.sort}
        onSort={list.sortBy}
        paging={list.paging}
        columns={[
          { id: 'id', header: 'ID', cell: (t) => <span className="font-mono text-xs" title={t.id}>{shortId(t.id)}</span> },
          { id: 'name', header: 'Task', sortKey: 'name', cell: (t) => <span className="font-medium">{t.name}</span> },
          { id: 'workflow', header: 'Workflow', sortKey: 'workflow_name', cell: (t) => t.workflow_name ?? '—' },
          {
            id: 'execution',
            header: 'Execution',
            cell: (t) => (
              <Link href={`/executions/${t.workflow_execution_id}?task=${t.id}`} className="font-mono text-xs text-accent hover:underline">
                {shortId(t.workflow_execution_id)}
              </Link>
            ),
          },
          { id: 'state', header: 'State', sortKey: 'state', cell: (t) => <StateBadge state={t.state} info={t.state_info} /> },
          { id: 'info', header: 'State info', cell: (t) => <span className="line-clamp-2 max-w-xs text-xs break-words">{t.state_info ?? ''}</span> },
          { id: 'created', header: 'Created', sortKey: 'created_at', cell: (t) => <time title={formatTime(t.created_at)}>{timeAgo(t.created_at)}</time> },
          { id: 'updated', header: 'Updated', sortKey: 'updated_at', cell: (t) => <time title={formatTime(t.updated_at)}>{timeAgo(t.updated_at)}</time> },
        ]}
        rowActions={viewer.canWrite ? [{ ...rerun, label: 'Rerun' }] : []}
        batchActions={viewer.canWrite ? [rerun] : []}
        toolbar={
          <>
            <SelectFilter label="State" allLabel="All states" options={TASK_STATE_OPTIONS} value={list.state.filters.state ?? ''} onChange={(state) => list.setFilters({ state })} />
            <FilterBox label="Filter tasks by name" placeholder="Task name contains" value={list.state.filters.q ?? ''} onChange={(q) => list.setFilters({ q })} />
          </>
        }
      />
    </>
  );
}
