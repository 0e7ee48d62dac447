'use client';

/** Create or edit a stored environment: name, description and variables (a JSON object). */
import { useEffect, useId, useState } from 'react';
import { FormActions } from '@/components/ui/form-actions';
import { ErrorPanel } from '@/components/ui/error-panel';
import { useFlash } from '@/components/ui/flash';
import { Modal } from '@/components/ui/modal';
import { prettyJson } from '@/lib/dashboard/format';
import { useEngineMutation } from '@/lib/dashboard/use-engine';
import type { Environment } from '@/lib/engine-client/wire';

const FIELD = 'w-full rounded border border-border bg-surface px-2 py-1.5 text-sm';

interface EnvironmentBody {
  readonly name: string;
  readonly description: string;
  readonly variables: string;
}

export interface EnvironmentModalProps {
  readonly open: boolean;
  readonly onClose: () => void;
  /** Present when editing. */
  readonly existing?: Environment;
}

export function EnvironmentModal({ open, onClose, existing }: EnvironmentModalProps) {
  const id = useId();
  const flash = useFlash();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [variables, setVariables] = useState('{}');
  const [errors, setErrors] = useState<Partial<Record<'name' | 'variables', string>>>({});
  const save = useEngineMutation<unknown, EnvironmentBody>({
    request: (body) => ({ path: '/v2/environments', method: existing ? 'PUT' : 'POST', json: body }),
    invalidates: ['/v2/environments'],
  });

  useEffect(() => {
    if (!open) return;
    setName(existing?.name ?? '');
    setDescription(existing?.description ?? '');
    setVariables(existing ? prettyJson(existing.variables) || '{}' : '{\n  "key": "value"\n}');
    setErrors({});
    save.reset();
    // Reset when the modal opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const problems: typeof errors = {};
    if (name.trim() === '') problems.name = 'Enter a name.';
    try {
      const parsed: unknown = JSON.parse(variables);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) problems.variables = 'Variables must be a JSON object, like {"region": "RegionOne"}.';
    } catch (error) {
      problems.variables = `Not valid JSON: ${error instanceof Error ? error.message : 'parse error'}`;
    }
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    save.mutate(
      { name: name.trim(), description, variables: JSON.stringify(JSON.parse(variables)) },
      {
        onSuccess: () => {
          flash('success', `${existing ? 'Updated' : 'Created'} Environment: ${name.trim()}`);
          onClose();
        },
      },
    );
  };

  return (
    <Modal open={open} onClose={onClose} busy={save.isPending} title={existing ? `Edit Environment: ${existing.name}` : 'Create Environment'}>
      <form onSubmit={submit} noValidate className="space-y-3">
        <div>
          <label htmlFor={`${id}-name`} className="mb-1 block text-sm font-medium">
            Name <span className="text-danger">*</span>
          </label>
          <input
            id={`${id}-name`}
            value={name}
            readOnly={existing !== undefined}
            onChange={(e) => setName(e.target.value)}
            className={FIELD}
            aria-invalid={!!errors.name}
            aria-describedby={errors.name ? `${id}-name-error` : undefined}
          />
          {errors.name && (
            <p id={`${id}-name-error`} className="mt-1 text-sm text-danger">
              {errors.name}
            </p>
          )}
        </div>
        <div>
          <label htmlFor={`${id}-description`} className="mb-1 block text-sm font-medium">
            Description
          </label>
          <input id={`${id}-description`} value={description} onChange={(e) => setDescription(e.target.value)} className={FIELD} />
        </div>
        <div>
          <label htmlFor={`${id}-variables`} className="mb-1 block text-sm font-medium">
            Variables (JSON object)
          </label>
          <textarea
            id={`${id}-variables`}
            rows={8}
            value={variables}
            onChange={(e) => setVariables(e.target.value)}
            className={`${FIELD} font-mono`}
            aria-invalid={!!errors.variables}
            aria-describedby={errors.variables ? `${id}-variables-error` : undefined}
          />
          {errors.variables && (
            <p id={`${id}-variables-error`} className="mt-1 text-sm text-danger">
              {errors.variables}
            </p>
          )}
        </div>
        {save.error && <ErrorPanel title={`Unable to ${existing ? 'update' : 'create'} the environment`} error={save.error} />}
        <FormActions onCancel={onClose} pending={save.isPending} submit={existing ? 'Save' : 'Create Environment'} />
      </form>
    </Modal>
  );
}
