'use client';

/**
 * The index table shared by Workflows, Workbooks and Actions: filter by name, "+ Create" from YAML,
 * Edit (update from YAML), Delete (row and batch). Readers see the table only; objects of other
 * projects (public or shared ones) and system actions cannot be changed.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { DefinitionModal } from '@/components/definitions/definition-modal';
import type { DefinitionKind } from '@/components/definitions/yaml-editor';
import { useViewer } from '@/components/shell/viewer-context';
import { DataTable, type Column, type RowAction, type TableAction } from '@/components/ui/data-table';
import { FilterBox } from '@/components/ui/filter-box';
import { PageHeader } from '@/components/ui/page-header';
import { engineFetch } from '@/lib/dashboard/engine-fetch';
import { formatTime } from '@/lib/dashboard/format';
import type { ListSpec } from '@/lib/dashboard/list-state';
import { useEngineList } from '@/lib/dashboard/use-engine-list';
import { CreateButton } from './panel-toolbar';

export interface DefinitionRow {
  readonly id: string;
  readonly name: string;
  readonly definition?: string | null;
  readonly project_id?: string | null;
  readonly scope?: string | null;
  readonly tags?: readonly string[] | null;
  readonly created_at?: string | null;
  readonly updated_at?: string | null;
  readonly is_system?: boolean | null;
}

const SPEC: ListSpec<'q'> = {
  filters: ['q'],
  sortKeys: ['name', 'created_at', 'updated_at'],
  defaultSort: { key: 'name', dir: 'asc' },
  pageSize: 20,
};

export interface DefinitionsPanelProps<Row extends DefinitionRow> {
  readonly kind: DefinitionKind;
  readonly title: string;
  readonly noun: { readonly singular: string; readonly plural: string };
  /** Columns between Name and Created. */
  readonly columns: readonly Column<Row>[];
  readonly nameCell?: (row: Row) => React.ReactNode;
  readonly rowHref?: (row: Row) => string;
  /** Non-destructive row actions before Edit (e.g. Execute). */
  readonly extraActions?: readonly RowAction<Row>[];
}

export function DefinitionsPanel<Row extends DefinitionRow>({ kind, title, noun, columns, nameCell, rowHref, extraActions = [] }: DefinitionsPanelProps<Row>) {
  const viewer = useViewer();
  const client = useQueryClient();
  const [editing, setEditing] = useState<Row | null>(null);
  const [creating, setCreating] = useState(false);
  const path = `/v2/${kind}`;
  const list = useEngineList<Row, 'q'>(path, kind, SPEC, (state) => ({
    params: state.filters.q ? { name: `has:${state.filters.q}` } : {},
    // Actions page by name (system actions have no stored id order).
    markerOf: kind === 'actions' ? (row: Row) => row.name : undefined,
  }));

  const changeable = (row: Row) => row.is_system !== true && (viewer.mode === 'noauth' || row.project_id === viewer.project?.id);
  const remove: TableAction<Row> = {
    id: 'delete',
    label: `Delete ${noun.plural}`,
    pastTense: 'Deleted',
    verb: 'delete',
    danger: true,
    allowed: changeable,
    perform: async (row) => {
      await engineFetch(`${path}/${encodeURIComponent(kind === 'workflows' ? row.id : row.name)}`, { method: 'DELETE' });
      await client.invalidateQueries({ queryKey: ['engine', path] });
    },
  };
  const rowActions: RowAction<Row>[] = [
    ...extraActions,
    ...(viewer.canWrite
      ? [{ id: 'edit', label: 'Edit', allowed: changeable, onSelect: (row: Row) => setEditing(row) } satisfies RowAction<Row>, { ...remove, label: `Delete ${noun.singular}` }]
      : []),
  ];

  return (
    <>
      <PageHeader title={title} crumbs={[{ label: 'Workflow' }, { label: title }]} />
      <DataTable
        caption={title}
        noun={noun}
        rows={list.rows}
        loading={list.loading}
        error={list.error}
        onRetry={list.refetch}
        rowId={(row) => row.id}
        rowLabel={(row) => row.name}
        rowHref={rowHref}
        sort={list.state.sort}
        onSort={list.sortBy}
        paging={list.paging}
        columns={[
          { id: 'name', header: 'Name', sortKey: 'name', cell: nameCell ?? ((row) => <span className="font-medium">{row.name}</span>) },
          ...columns,
          { id: 'tags', header: 'Tags', cell: (row) => (row.tags ?? []).join(', ') || '—' },
          { id: 'scope', header: 'Scope', cell: (row) => row.scope ?? '—' },
          { id: 'created', header: 'Created', sortKey: 'created_at', cell: (row) => formatTime(row.created_at) },
          { id: 'updated', header: 'Updated', sortKey: 'updated_at', cell: (row) => formatTime(row.updated_at) },
        ]}
        rowActions={rowActions}
        batchActions={viewer.canWrite ? [remove] : []}
        toolbar={
          <>
            <FilterBox label={`Filter ${noun.plural.toLowerCase()} by name`} placeholder="Name contains" value={list.state.filters.q ?? ''} onChange={(q) => list.setFilters({ q })} />
            <CreateButton label={`Create ${noun.singular}`} onClick={() => setCreating(true)} />
          </>
        }
      />
      <DefinitionModal kind={kind} open={creating} onClose={() => setCreating(false)} />
      <DefinitionModal
        kind={kind}
        open={editing !== null}
        onClose={() => setEditing(null)}
        existing={editing ? { name: editing.name, definition: editing.definition ?? '' } : undefined}
      />
    </>
  );
}
