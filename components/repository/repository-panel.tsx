'use client';

/**
 * The workflow repository: the catalog's ready-made flows with what they are for, their tags and
 * inputs; Install (members) puts one into the current project. The catalog is small and comes
 * whole, so the filter (kept in the URL) applies here rather than on the engine.
 */
import Link from 'next/link';
import { useState } from 'react';
import { useViewer } from '@/components/shell/viewer-context';
import { DataTable } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { FilterBox } from '@/components/ui/filter-box';
import { PageHeader } from '@/components/ui/page-header';
import { withFilters, type ListSpec } from '@/lib/dashboard/list-state';
import { flowMatches, inputSignature, type RepositoryFlow } from '@/lib/dashboard/repository';
import { useEngineQuery } from '@/lib/dashboard/use-engine';
import { useListState } from '@/lib/dashboard/use-list-state';
import { FlowTags } from './flow-tags';
import { InstallModal } from './install-modal';

const SPEC: ListSpec<'q'> = {
  filters: ['q'],
  sortKeys: [],
  defaultSort: { key: 'name', dir: 'asc' },
  pageSize: 100,
};

const href = (flow: RepositoryFlow) => `/repository/${encodeURIComponent(flow.name)}`;

export function RepositoryPanel() {
  const viewer = useViewer();
  const [installing, setInstalling] = useState<RepositoryFlow | null>(null);
  const [state, setState] = useListState(SPEC);
  const catalog = useEngineQuery<{ flows: RepositoryFlow[] }>('/v2/repository', {}, { staleTime: 5 * 60_000 });
  const query = state.filters.q ?? '';
  const rows = catalog.data?.flows.filter((flow) => flowMatches(flow, query));

  return (
    <>
      <PageHeader title="Repository" crumbs={[{ label: 'Workflow' }, { label: 'Repository' }]}>
        <p className="text-sm text-muted">Ready-made flows you can install into your project and adapt.</p>
      </PageHeader>
      <DataTable
        caption="Repository"
        noun={{ singular: 'Flow', plural: 'Flows' }}
        rows={rows}
        loading={catalog.isLoading}
        error={catalog.error ?? undefined}
        onRetry={() => void catalog.refetch()}
        rowId={(flow) => flow.name}
        rowLabel={(flow) => flow.name}
        rowHref={href}
        empty={query ? <EmptyState title={`No flow matches “${query}”`}>Try another word, or clear the filter.</EmptyState> : undefined}
        columns={[
          {
            id: 'name',
            header: 'Name',
            cell: (flow) => (
              <Link href={href(flow)} className="font-medium text-accent hover:underline">
                {flow.name}
              </Link>
            ),
          },
          { id: 'description', header: 'Description', cell: (flow) => <span className="text-muted">{flow.description}</span> },
          { id: 'tags', header: 'Tags', cell: (flow) => <FlowTags tags={flow.tags} /> },
          { id: 'inputs', header: 'Input', cell: (flow) => <span className="font-mono text-xs">{inputSignature(flow.inputs) || '—'}</span> },
          { id: 'cloud', header: 'Needs', cell: (flow) => (flow.needs_cloud ? 'OpenStack services' : 'Engine only') },
        ]}
        rowActions={viewer.canWrite ? [{ id: 'install', label: 'Install', onSelect: setInstalling }] : []}
        toolbar={
          <FilterBox
            label="Filter flows by name, description or tag"
            placeholder="Name, description or tag"
            value={query}
            onChange={(q) => setState(withFilters(state, { q }))}
          />
        }
      />
      <InstallModal flow={installing} onClose={() => setInstalling(null)} />
    </>
  );
}
