'use client';

/** One repository flow: what it does and takes, its graph and its definition (read only), and Install. */
import { useState } from 'react';
import { GraphPreview } from '@/components/definitions/graph-preview';
import { YamlEditor } from '@/components/definitions/yaml-editor';
import { useViewer } from '@/components/shell/viewer-context';
import { Button } from '@/components/ui/button';
import { ErrorPanel } from '@/components/ui/error-panel';
import { PageHeader } from '@/components/ui/page-header';
import { TableSkeleton } from '@/components/ui/skeleton';
import type { RepositoryEntry } from '@/lib/dashboard/repository';
import { useEngineQuery } from '@/lib/dashboard/use-engine';
import { FlowTags } from './flow-tags';
import { InstallModal } from './install-modal';

function InputsTable({ entry }: { readonly entry: RepositoryEntry }) {
  if (entry.inputs.length === 0) return <p className="text-sm text-muted">This flow takes no input.</p>;
  return (
    <table className="w-full border-collapse rounded border border-border bg-surface text-sm">
      <caption className="sr-only">Inputs of {entry.name}</caption>
      <thead className="bg-surface-alt text-left">
        <tr>
          <th scope="col" className="border-b border-border px-3 py-2 font-semibold">
            Name
          </th>
          <th scope="col" className="border-b border-border px-3 py-2 font-semibold">
            Default
          </th>
        </tr>
      </thead>
      <tbody>
        {entry.inputs.map((input) => (
          <tr key={input.name} className="border-b border-border last:border-b-0">
            <td className="px-3 py-1.5 font-mono">{input.name}</td>
            <td className="px-3 py-1.5">{input.required ? <strong>Required</strong> : <span className="font-mono text-xs">{JSON.stringify(input.default ?? null)}</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RepositoryDetail({ name }: { readonly name: string }) {
  const viewer = useViewer();
  const [installing, setInstalling] = useState(false);
  const entry = useEngineQuery<RepositoryEntry>(`/v2/repository/${encodeURIComponent(name)}`, {}, { staleTime: 5 * 60_000 });
  const crumbs = [{ label: 'Workflow' }, { label: 'Repository', href: '/repository' }, { label: name }];

  if (entry.isLoading) return <TableSkeleton />;
  if (entry.error || !entry.data) {
    return (
      <>
        <PageHeader title={name} crumbs={crumbs} />
        <ErrorPanel title="Could not load this flow" error={entry.error} onRetry={() => void entry.refetch()} />
      </>
    );
  }
  const flow = entry.data;

  return (
    <>
      <PageHeader
        title={flow.name}
        crumbs={crumbs}
        actions={
          viewer.canWrite && (
            <Button variant="primary" onClick={() => setInstalling(true)}>
              Install
            </Button>
          )
        }
      >
        <p className="text-sm">{flow.description}</p>
      </PageHeader>
      <div className="space-y-6">
        <section aria-labelledby="flow-about" className="space-y-3">
          <h2 id="flow-about" className="font-semibold">
            About
          </h2>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 rounded border border-border bg-surface p-3 text-sm">
            <dt className="font-medium">Tags</dt>
            <dd>
              <FlowTags tags={flow.tags} />
            </dd>
            <dt className="font-medium">Workflows</dt>
            <dd className="font-mono text-xs">{flow.workflows.join(', ')}</dd>
            <dt className="font-medium">Needs</dt>
            <dd>{flow.needs_cloud ? 'OpenStack services, called as you' : 'Nothing but the engine'}</dd>
          </dl>
          {flow.documentation && <p className="rounded border border-border bg-surface p-3 text-sm whitespace-pre-line">{flow.documentation}</p>}
        </section>
        <section aria-labelledby="flow-inputs" className="space-y-2">
          <h2 id="flow-inputs" className="font-semibold">
            Inputs
          </h2>
          <InputsTable entry={flow} />
        </section>
        <section aria-labelledby="flow-graph" className="space-y-2">
          <h2 id="flow-graph" className="font-semibold">
            Graph
          </h2>
          <div className="rounded border border-border bg-surface">
            <GraphPreview text={flow.definition} />
          </div>
        </section>
        <section aria-labelledby="flow-definition" className="space-y-2">
          <h2 id="flow-definition" className="font-semibold">
            Definition
          </h2>
          <YamlEditor value={flow.definition} onChange={() => undefined} kind="workflows" label={`Definition of ${flow.name} (read only)`} readOnly height="auto" />
        </section>
      </div>
      <InstallModal flow={installing ? flow : null} onClose={() => setInstalling(false)} />
    </>
  );
}
