'use client';

import { useState } from 'react';
import { CreateCronModal } from '@/components/cron-triggers/create-cron-modal';
import { useViewer } from '@/components/shell/viewer-context';
import { DataTable, type TableAction } from '@/components/ui/data-table';
import { FilterBox } from '@/components/ui/filter-box';
import { PageHeader } from '@/components/ui/page-header';
import { nextRuns } from '@/lib/dashboard/cron-preview';
import { engineFetch } from '@/lib/dashboard/engine-fetch';
import { formatTime } from '@/lib/dashboard/format';
import type { ListSpec } from '@/lib/dashboard/list-state';
import { useEngineList } from '@/lib/dashboard/use-engine-list';
import { parseWireTime, type CronTrigger } from '@/lib/engine-client/wire';
import { CreateButton } from './panel-toolbar';

const SPEC: ListSpec<'q'> = {
  filters: ['q'],
  sortKeys: ['name', 'created_at', 'next_execution_time'],
  defaultSort: { key: 'name', dir: 'asc' },
  pageSize: 20,
};

/** The next runs of a stored trigger: from its next execution time on, within what remains. */
function upcoming(trigger: CronTrigger): string {
  const next = parseWireTime(trigger.next_execution_time);
  if (!trigger.pattern || next === null) return '—';
  const preview = nextRuns({
    pattern: trigger.pattern,
    firstExecution: new Date(next),
    remaining: trigger.remaining_executions ?? null,
    from: new Date(Math.min(next, Date.now())),
  });
  return preview.ok ? preview.runs.map((d) => d.toISOString().replace('T', ' ').slice(0, 16)).join('\n') : preview.error;
}

export function CronTriggersPanel() {
  const viewer = useViewer();
  const [creating, setCreating] = useState(false);
  const list = useEngineList<CronTrigger, 'q'>('/v2/cron_triggers', 'cron_triggers', SPEC, (state) => ({
    params: state.filters.q ? { name: `has:${state.filters.q}` } : {},
    refetchInterval: 60_000,
  }));
  const remove: TableAction<CronTrigger> = {
    id: 'delete',
    label: 'Delete Cron Triggers',
    pastTense: 'Deleted',
    verb: 'delete',
    danger: true,
    perform: async (t) => {
      await engineFetch(`/v2/cron_triggers/${encodeURIComponent(t.name)}`, { method: 'DELETE' });
      list.refetch();
    },
  };

  return (
    <>
      <PageHeader title="Cron Triggers" crumbs={[{ label: 'Workflow' }, { label: 'Cron Triggers' }]} />
      <DataTable
        caption="Cron Triggers"
        noun={{ singular: 'Cron Trigger', plural: 'Cron Triggers' }}
        rows={list.rows}
        loading={list.loading}
        error={list.error}
        onRetry={list.refetch}
        rowId={(t) => t.id}
        rowLabel={(t) => t.name}
        sort={list.state.sort}
        onSort={list.sortBy}
        paging={list.paging}
        columns={[
          { id: 'name', header: 'Name', sortKey: 'name', cell: (t) => <span className="font-medium">{t.name}</span> },
          { id: 'workflow', header: 'Workflow', cell: (t) => t.workflow_name ?? '—' },
          { id: 'pattern', header: 'Pattern', cell: (t) => <span className="font-mono text-xs">{t.pattern ?? '—'}</span> },
          { id: 'next', header: 'Next execution', sortKey: 'next_execution_time', cell: (t) => formatTime(t.next_execution_time) },
          {
            id: 'upcoming',
            header: 'Next 5 runs (UTC)',
            cell: (t) => <pre className="font-mono text-xs leading-tight whitespace-pre">{upcoming(t)}</pre>,
          },
          { id: 'remaining', header: 'Remaining', cell: (t) => t.remaining_executions ?? 'unlimited' },
          { id: 'created', header: 'Created', sortKey: 'created_at', cell: (t) => formatTime(t.created_at) },
        ]}
        rowActions={viewer.canWrite ? [{ ...remove, label: 'Delete' }] : []}
        batchActions={viewer.canWrite ? [remove] : []}
        toolbar={
          <>
            <FilterBox label="Filter cron triggers by name" placeholder="Name contains" value={list.state.filters.q ?? ''} onChange={(q) => list.setFilters({ q })} />
            <CreateButton label="Create Cron Trigger" onClick={() => setCreating(true)} />
          </>
        }
      />
      <CreateCronModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
