'use client';

import { useState } from 'react';
import { CompleteActionModal } from '@/components/action-executions/complete-modal';
import { useViewer } from '@/components/shell/viewer-context';
import { DataTable, type RowAction, type TableAction } from '@/components/ui/data-table';
import { FilterBox } from '@/components/ui/filter-box';
import { PageHeader } from '@/components/ui/page-header';
import { SelectFilter, stateOptions } from '@/components/ui/select-filter';
import { MISTRAL_STATES, StateBadge } from '@/components/ui/state-badge';
import { engineFetch } from '@/lib/dashboard/engine-fetch';
import { formatTime, shortId, timeAgo } from '@/lib/dashboard/format';
import type { ListSpec } from '@/lib/dashboard/list-state';
import { useEngineList } from '@/lib/dashboard/use-engine-list';
import { useLiveRefresh } from '@/lib/dashboard/use-live-refresh';
import { FINAL_EXECUTION_STATES, type ActionExecution } from '@/lib/engine-client/wire';

type ActionFilter = 'state' | 'q';

const SPEC: ListSpec<ActionFilter> = {
  filters: ['state', 'q'],
  sortKeys: ['created_at', 'updated_at', 'name', 'state'],
  defaultSort: { key: 'created_at', dir: 'desc' },
  pageSize: 20,
};

/** The states an action execution can be in (no WAITING or RUNNING_DELAYED: those are task states). */
const ACTION_STATE_OPTIONS = stateOptions(MISTRAL_STATES.filter((s) => s !== 'WAITING' && s !== 'RUNNING_DELAYED'));

export function ActionExecutionsPanel() {
  const viewer = useViewer();
  const [completing, setCompleting] = useState<ActionExecution | null>(null);
  const list = useEngineList<ActionExecution, ActionFilter>('/v2/action_executions', 'action_executions', SPEC, (state) => ({
    params: { state: state.filters.state, name: state.filters.q ? `has:${state.filters.q}` : undefined },
  }));
  useLiveRefresh(['/v2/action_executions'], ['action', 'task']);

  const remove: TableAction<ActionExecution> = {
    id: 'delete',
    label: 'Delete Action Executions',
    pastTense: 'Deleted',
    verb: 'delete',
    danger: true,
    allowed: (a) => FINAL_EXECUTION_STATES.has(a.state),
    perform: (a) => engineFetch(`/v2/action_executions/${a.id}`, { method: 'DELETE' }),
  };
  const rowActions: RowAction<ActionExecution>[] = viewer.canWrite
    ? [{ id: 'complete', label: 'Complete', allowed: (a) => a.state === 'RUNNING', onSelect: setCompleting }, { ...remove, label: 'Delete' }]
    : [];

  return (
    <>
      <PageHeader title="Action Executions" crumbs={[{ label: 'Workflow' }, { label: 'Action Executions' }]} />
      <DataTable
        caption="Action Executions"
        noun={{ singular: 'Action Execution', plural: 'Action Executions' }}
        rows={list.rows}
        loading={list.loading}
        error={list.error}
        onRetry={list.refetch}
        rowId={(a) => a.id}
        rowLabel={(a) => `${a.name} (${a.id})`}
        sort={list.state.sort}
        onSort={list.sortBy}
        paging={list.paging}
        columns={[
          { id: 'id', header: 'ID', cell: (a) => <span className="font-mono text-xs" title={a.id}>{shortId(a.id)}</span> },
          { id: 'name', header: 'Action', sortKey: 'name', cell: (a) => <span className="font-medium">{a.name}</span> },
          {
            id: 'task',
            header: 'Task',
            cell: (a) => (
              <span title={a.task_execution_id ?? undefined}>
                {a.task_name ?? '—'}
                {a.task_execution_id && <span className="ml-1 font-mono text-xs text-muted">{shortId(a.task_execution_id)}</span>}
              </span>
            ),
          },
          { id: 'workflow', header: 'Workflow', cell: (a) => a.workflow_name ?? '—' },
          { id: 'state', header: 'State', sortKey: 'state', cell: (a) => <StateBadge state={a.state} info={a.state_info} /> },
          { id: 'accepted', header: 'Accepted', cell: (a) => (a.accepted ? 'Yes' : 'No') },
          { id: 'created', header: 'Created', sortKey: 'created_at', cell: (a) => <time title={formatTime(a.created_at)}>{timeAgo(a.created_at)}</time> },
        ]}
        rowActions={rowActions}
        batchActions={viewer.canWrite ? [remove] : []}
        toolbar={
          <>
            <SelectFilter label="State" allLabel="All states" options={ACTION_STATE_OPTIONS} value={list.state.filters.state ?? ''} onChange={(state) => list.setFilters({ state })} />
            <FilterBox label="Filter action executions by name" placeholder="Action name contains" value={list.state.filters.q ?? ''} onChange={(q) => list.setFilters({ q })} />
          </>
        }
      />
      <CompleteActionModal action={completing} onClose={() => setCompleting(null)} />
    </>
  );
}
