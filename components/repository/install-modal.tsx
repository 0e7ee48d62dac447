'use client';

/**
 * Install a repository flow into the current project: an optional namespace, then what happened in
 * plain words (installed / already installed / the conflict the engine named) with links to the
 * installed workflows.
 */
import Link from 'next/link';
import { useEffect, useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormActions } from '@/components/ui/form-actions';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Modal } from '@/components/ui/modal';
import { installedWorkflowHref, installSummary, type InstallResult } from '@/lib/dashboard/repository';
import { useEngineMutation } from '@/lib/dashboard/use-engine';

const FIELD = 'w-full rounded border border-border bg-surface px-2 py-1.5 text-sm';

interface InstallRequest {
  readonly name: string;
  readonly namespace: string;
}

export interface InstallModalProps {
  /** The flow to install (null = closed). */
  readonly flow: { readonly name: string; readonly workflows: readonly string[] } | null;
  readonly onClose: () => void;
}

export function InstallModal({ flow, onClose }: InstallModalProps) {
  const id = useId();
  const [namespace, setNamespace] = useState('');
  const install = useEngineMutation<InstallResult, InstallRequest>({
    request: (v) => ({
      path: `/v2/repository/${encodeURIComponent(v.name)}/install`,
      method: 'POST',
      json: v.namespace === '' ? {} : { namespace: v.namespace },
    }),
    invalidates: ['/v2/workflows'],
  });

  useEffect(() => {
    if (flow) {
      setNamespace('');
      install.reset();
    }
    // Reset only when another flow is opened.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [flow?.name]);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (flow) install.mutate({ name: flow.name, namespace: namespace.trim() });
  };

  const result = install.data;
  return (
    <Modal open={flow !== null} onClose={onClose} busy={install.isPending} title={`Install ${flow?.name ?? ''}`}>
      {result ? (
        <div className="space-y-3">
          <p role="status" className="text-sm">
            {installSummary(result)}
          </p>
          <ul className="space-y-1 text-sm" aria-label="Installed workflows">
            {result.workflows.map((w) => (
              <li key={w.id}>
                <Link href={installedWorkflowHref(w)} className="font-medium text-accent hover:underline">
                  Open workflow {w.name}
                </Link>{' '}
                <span className="text-muted">{w.status === 'created' ? '(installed now)' : '(was already there)'}</span>
              </li>
            ))}
          </ul>
          <div className="flex justify-end">
            <Button variant="primary" onClick={onClose}>
              Close
            </Button>
          </div>
        </div>
      ) : (
        <form onSubmit={submit} className="space-y-3" noValidate>
          <p className="text-sm text-muted">
            {flow && flow.workflows.length > 1
              ? `Stores its ${flow.workflows.length} workflows (${flow.workflows.join(', ')}) as private workflows of your project.`
              : 'Stores its workflow as a private workflow of your project.'}{' '}
            An existing workflow is never overwritten.
          </p>
          <div>
            <label htmlFor={`${id}-namespace`} className="mb-1 block text-sm font-medium">
              Namespace <span className="font-normal text-muted">(optional)</span>
            </label>
            <input
              id={`${id}-namespace`}
              value={namespace}
              onChange={(e) => setNamespace(e.target.value)}
              className={FIELD}
              maxLength={255}
              aria-describedby={`${id}-namespace-hint`}
            />
            <p id={`${id}-namespace-hint`} className="mt-0.5 text-xs text-muted">
              Leave empty for the default namespace.
            </p>
          </div>
          {install.error && (
            <ErrorPanel title={install.error.status === 409 ? 'Not installed: a workflow of that name already exists' : 'Unable to install the flow'} error={install.error} />
          )}
          <FormActions onCancel={onClose} pending={install.isPending} submit="Install" />
        </form>
      )}
    </Modal>
  );
}
