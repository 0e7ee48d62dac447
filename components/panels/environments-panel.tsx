'use client';

import { useState } from 'react';
import { EnvironmentModal } from '@/components/environments/environment-modal';
import { useViewer } from '@/components/shell/viewer-context';
import { DataTable, type TableAction } from '@/components/ui/data-table';
import { FilterBox } from '@/components/ui/filter-box';
import { PageHeader } from '@/components/ui/page-header';
import { engineFetch } from '@/lib/dashboard/engine-fetch';
import { formatTime, prettyJson } from '@/lib/dashboard/format';
import type { ListSpec } from '@/lib/dashboard/list-state';
import { useEngineList } from '@/lib/dashboard/use-engine-list';
import type { Environment } from '@/lib/engine-client/wire';
import { CreateButton } from './panel-toolbar';

const SPEC: ListSpec<'q'> = {
  filters: ['q'],
  sortKeys: ['name', 'created_at', 'updated_at'],
  defaultSort: { key: 'name', dir: 'asc' },
  pageSize: 20,
};

export function EnvironmentsPanel() {
  const viewer = useViewer();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Environment | null>(null);
  const list = useEngineList<Environment, 'q'>('/v2/environments', 'environments', SPEC, (state) => ({
    params: state.filters.q ? { name: `has:${state.filters.q}` } : {},
  }));
  const mine = (e: Environment) => viewer.mode === 'noauth' || e.project_id === viewer.project?.id;
  const remove: TableAction<Environment> = {
    id: 'delete',
    label: 'Delete Environments',
    pastTense: 'Deleted',
    verb: 'delete',
    danger: true,
    allowed: mine,
    perform: async (e) => {
      await engineFetch(`/v2/environments/${encodeURIComponent(e.name)}`, { method: 'DELETE' });
      list.refetch();
    },
  };

  return (
    <>
      <PageHeader title="Environments" crumbs={[{ label: 'Workflow' }, { label: 'Environments' }]} />
      <DataTable
        caption="Environments"
        noun={{ singular: 'Environment', plural: 'Environments' }}
        rows={list.rows}
        loading={list.loading}
        error={list.error}
        onRetry={list.refetch}
        rowId={(e) => e.id}
        rowLabel={(e) => e.name}
        sort={list.state.sort}
        onSort={list.sortBy}
        paging={list.paging}
        columns={[
          { id: 'name', header: 'Name', sortKey: 'name', cell: (e) => <span className="font-medium">{e.name}</span> },
          { id: 'description', header: 'Description', cell: (e) => <span className="text-muted">{e.description || '—'}</span> },
          {
            id: 'variables',
            header: 'Variables',
            cell: (e) => <pre className="max-h-24 max-w-md overflow-auto font-mono text-xs">{prettyJson(e.variables)}</pre>,
          },
          { id: 'scope', header: 'Scope', cell: (e) => e.scope ?? '—' },
          { id: 'created', header: 'Created', sortKey: 'created_at', cell: (e) => formatTime(e.created_at) },
          { id: 'updated', header: 'Updated', sortKey: 'updated_at', cell: (e) => formatTime(e.updated_at) },
        ]}
        rowActions={viewer.canWrite ? [{ id: 'edit', label: 'Edit', allowed: mine, onSelect: setEditing }, { ...remove, label: 'Delete' }] : []}
        batchActions={viewer.canWrite ? [remove] : []}
        toolbar={
          <>
            <FilterBox label="Filter environments by name" placeholder="Name contains" value={list.state.filters.q ?? ''} onChange={(q) => list.setFilters({ q })} />
            <CreateButton label="Create Environment" onClick={() => setCreating(true)} />
          </>
        }
      />
      <EnvironmentModal open={creating} onClose={() => setCreating(false)} />
      <EnvironmentModal open={editing !== null} onClose={() => setEditing(null)} existing={editing ?? undefined} />
    </>
  );
}
