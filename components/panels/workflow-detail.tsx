'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { DefinitionModal } from '@/components/definitions/definition-modal';
import { DefinitionGraph } from '@/components/graph/definition-graph';
import { YamlEditor } from '@/components/definitions/yaml-editor';
import { useViewer } from '@/components/shell/viewer-context';
import { ExecuteForm } from '@/components/workflows/execute-form';
import { Button } from '@/components/ui/button';
import { ErrorPanel } from '@/components/ui/error-panel';
import { useFlash } from '@/components/ui/flash';
import { ConfirmDialog } from '@/components/ui/modal';
import { PageHeader } from '@/components/ui/page-header';
import { TableSkeleton } from '@/components/ui/skeleton';
import { StateBadge } from '@/components/ui/state-badge';
import { Tabs, useTabParam } from '@/components/ui/tabs';
import { formatTime, timeAgo } from '@/lib/dashboard/format';
import { useEngineMutation, useEngineQuery } from '@/lib/dashboard/use-engine';
import { parseJsonText, type Execution, type Workflow } from '@/lib/engine-client/wire';

const TAB_IDS = ['overview', 'graph', 'execute', 'executions'];

function inputNames(workflow: Workflow): string[] {
  const iface = parseJsonText(typeof workflow.interface === 'string' ? workflow.interface : null);
  const input = typeof iface === 'object' && iface !== null && 'input' in iface ? (iface as { input: unknown }).input : [];
  return Array.isArray(input) ? input.filter((n): n is string => typeof n === 'string') : [];
}

export function WorkflowDetail({ name }: { readonly name: string }) {
  const viewer = useViewer();
  const router = useRouter();
  const flash = useFlash();
  const [, selectTab] = useTabParam('tab', TAB_IDS);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const workflow = useEngineQuery<Workflow>(`/v2/workflows/${encodeURIComponent(name)}`);
  const recent = useEngineQuery<{ executions: Execution[] }>('/v2/executions', {
    workflow_name: `eq:${name}`,
    sort_keys: 'created_at',
    sort_dirs: 'desc',
    limit: 10,
  });
  const remove = useEngineMutation<unknown, string>({
    request: (id) => ({ path: `/v2/workflows/${encodeURIComponent(id)}`, method: 'DELETE' }),
    invalidates: ['/v2/workflows'],
  });

  const crumbs = [{ label: 'Workflow' }, { label: 'Workflows', href: '/workflows' }, { label: name }];
  if (workflow.isLoading) return <TableSkeleton />;
  if (workflow.error || !workflow.data) {
    return (
      <>
        <PageHeader title={name} crumbs={crumbs} />
        <ErrorPanel title="Could not load this workflow" error={workflow.error} onRetry={() => void workflow.refetch()} />
      </>
    );
  }
  const wf = workflow.data;
  const mine = viewer.mode === 'noauth' || wf.project_id === viewer.project?.id;

  return (
    <>
      <PageHeader
        title={wf.name}
        crumbs={crumbs}
        actions={
          <>
            <Button variant="primary" onClick={() => selectTab('execute')}>
              Execute
            </Button>
            {viewer.canWrite && mine && <Button onClick={() => setEditing(true)}>Edit</Button>}
            {viewer.canWrite && mine && (
              <Button variant="danger" onClick={() => setDeleting(true)}>
                Delete Workflow
              </Button>
            )}
          </>
        }
      />
      <Tabs
        label="Workflow details"
        tabs={[
          {
            id: 'overview',
            label: 'Overview',
            content: () => (
              <div className="space-y-4">
                <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 rounded border border-border bg-surface p-3 text-sm">
                  <dt className="font-medium">ID</dt>
                  <dd className="font-mono text-xs">{wf.id}</dd>
                  <dt className="font-medium">Input</dt>
                  <dd className="font-mono text-xs">{wf.input || '—'}</dd>
                  <dt className="font-medium">Scope</dt>
                  <dd>{wf.scope}</dd>
                  <dt className="font-medium">Tags</dt>
                  <dd>{(wf.tags ?? []).join(', ') || '—'}</dd>
                  <dt className="font-medium">Created</dt>
                  <dd>{formatTime(wf.created_at)}</dd>
                  <dt className="font-medium">Updated</dt>
                  <dd>{formatTime(wf.updated_at)}</dd>
                </dl>
                <h2 className="font-semibold">Definition</h2>
                <YamlEditor value={wf.definition ?? ''} onChange={() => undefined} kind="workflows" label="Workflow definition (read only)" readOnly height="auto" />
              </div>
            ),
          },
          {
            id: 'graph',
            label: 'Graph',
            content: () => <DefinitionGraph workflow={wf.id} workflowName={wf.name} label={`Graph of ${wf.name}`} />,
          },
          {
            id: 'execute',
            label: 'Execute',
            content: () =>
              viewer.canWrite ? (
                <div className="max-w-2xl rounded border border-border bg-surface p-4">
                  <ExecuteForm workflowName={wf.name} definition={wf.definition} inputNames={inputNames(wf)} />
                </div>
              ) : (
                <p className="text-sm text-muted">Your role is read-only: you cannot start executions.</p>
              ),
          },
          {
            id: 'executions',
            label: 'Recent executions',
            content: () => (
              <div className="space-y-2">
                {recent.error && <ErrorPanel error={recent.error} />}
                <ul className="divide-y divide-border rounded border border-border bg-surface">
                  {(recent.data?.executions ?? []).map((e) => (
                    <li key={e.id} className="flex items-center justify-between gap-2 px-3 py-2 text-sm">
                      <Link href={`/executions/${e.id}`} className="font-mono text-xs text-accent hover:underline">
                        {e.id}
                      </Link>
                      <span className="text-muted">{timeAgo(e.created_at)}</span>
                      <StateBadge state={e.state} info={e.state_info} />
                    </li>
                  ))}
                  {recent.data?.executions.length === 0 && <li className="px-3 py-2 text-sm text-muted">No executions yet.</li>}
                </ul>
                <Link href={`/executions?workflow=${encodeURIComponent(wf.name)}`} className="text-sm text-accent hover:underline">
                  All executions of {wf.name}
                </Link>
              </div>
            ),
          },
        ]}
      />
      <DefinitionModal kind="workflows" open={editing} onClose={() => setEditing(false)} existing={{ name: wf.name, definition: wf.definition ?? '' }} />
      <ConfirmDialog
        open={deleting}
        title="Confirm Delete Workflow"
        items={[wf.name]}
        confirmLabel="Delete Workflow"
        danger
        busy={remove.isPending}
        onClose={() => setDeleting(false)}
        onConfirm={() =>
          remove.mutate(wf.id, {
            onSuccess: () => {
              flash('success', `Deleted Workflow: ${wf.name}`);
              router.push('/workflows');
            },
            onError: (error) => {
              setDeleting(false);
              flash('error', `Unable to delete: ${wf.name} (${error.message})`);
            },
          })
        }
      />
    </>
  );
}
