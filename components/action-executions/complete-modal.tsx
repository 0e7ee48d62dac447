'use client';

/** Completes a waiting asynchronous action by hand: its output (JSON) and final state. */
import { useEffect, useId, useState } from 'react';
import { FormActions } from '@/components/ui/form-actions';
import { ErrorPanel } from '@/components/ui/error-panel';
import { useFlash } from '@/components/ui/flash';
import { Modal } from '@/components/ui/modal';
import { useEngineMutation } from '@/lib/dashboard/use-engine';
import type { ActionExecution } from '@/lib/engine-client/wire';

const FIELD = 'w-full rounded border border-border bg-surface px-2 py-1.5 text-sm';
type Completion = 'SUCCESS' | 'ERROR' | 'CANCELLED';

export function CompleteActionModal({ action, onClose }: { readonly action: ActionExecution | null; readonly onClose: () => void }) {
  const id = useId();
  const flash = useFlash();
  const [state, setState] = useState<Completion>('SUCCESS');
  const [output, setOutput] = useState('{}');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const complete = useEngineMutation<unknown, { id: string; state: Completion; output: unknown }>({
    request: (v) => ({ path: `/v2/action_executions/${v.id}`, method: 'PUT', json: { state: v.state, output: JSON.stringify(v.output) } }),
    invalidates: ['/v2/action_executions', '/v2/tasks', '/v2/executions'],
  });

  useEffect(() => {
    if (action) {
      setState('SUCCESS');
      setOutput('{}');
      setJsonError(null);
      complete.reset();
    }
    // Reset only when another action is opened.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [action?.id]);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!action) return;
    let value: unknown;
    try {
      value = output.trim() === '' ? null : JSON.parse(output);
    } catch (error) {
      setJsonError(`Not valid JSON: ${error instanceof Error ? error.message : 'parse error'}`);
      return;
    }
    setJsonError(null);
    complete.mutate(
      { id: action.id, state, output: value },
      {
        onSuccess: () => {
          flash('success', `Completed Action Execution: ${action.name} (${state})`);
          onClose();
        },
      },
    );
  };

  return (
    <Modal open={action !== null} onClose={onClose} busy={complete.isPending} title={`Complete ${action?.name ?? ''}`}>
      <form onSubmit={submit} className="space-y-3" noValidate>
        <p className="text-sm text-muted">
          The action <span className="font-mono">{action?.id}</span> of task <strong>{action?.task_name ?? '—'}</strong> waits for its result. What you enter here becomes its
          result and the workflow continues.
        </p>
        <div>
          <label htmlFor={`${id}-state`} className="mb-1 block text-sm font-medium">
            State
          </label>
          <select id={`${id}-state`} value={state} onChange={(e) => setState(e.target.value as Completion)} className={FIELD}>
            <option value="SUCCESS">SUCCESS</option>
            <option value="ERROR">ERROR</option>
            <option value="CANCELLED">CANCELLED</option>
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-output`} className="mb-1 block text-sm font-medium">
            Output (JSON)
          </label>
          <textarea
            id={`${id}-output`}
            rows={6}
            value={output}
            onChange={(e) => setOutput(e.target.value)}
            className={`${FIELD} font-mono`}
            aria-invalid={jsonError !== null}
            aria-describedby={jsonError ? `${id}-error` : undefined}
          />
          {jsonError && (
            <p id={`${id}-error`} className="mt-1 text-sm text-danger">
              {jsonError}
            </p>
          )}
        </div>
        {complete.error && <ErrorPanel title="Unable to complete the action" error={complete.error} />}
        <FormActions onCancel={onClose} pending={complete.isPending} submit="Complete" />
      </form>
    </Modal>
  );
}
