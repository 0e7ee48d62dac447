'use client';

/** Create Cron Trigger: workflow, pattern (with the next five runs shown as you type), input, limits. */
import { useEffect, useId, useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { ErrorPanel } from '@/components/ui/error-panel';
import { useFlash } from '@/components/ui/flash';
import { Modal } from '@/components/ui/modal';
import { nextRuns } from '@/lib/dashboard/cron-preview';
import { useEngineMutation, useEngineQuery } from '@/lib/dashboard/use-engine';
import type { Workflow } from '@/lib/engine-client/wire';

const FIELD = 'w-full rounded border border-border bg-surface px-2 py-1.5 text-sm';

interface NewTrigger {
  readonly name: string;
  readonly workflow_name: string;
  readonly pattern: string;
  readonly workflow_input: string;
  readonly first_execution_time: string | null;
  readonly remaining_executions: number | null;
}

type Errors = Partial<Record<'name' | 'workflow' | 'pattern' | 'input' | 'first' | 'remaining', string>>;

/** `datetime-local` value (taken as UTC, like Mistral) → Mistral's `YYYY-MM-DD HH:MM`. */
function wireTime(local: string): string {
  return local.replace('T', ' ');
}

export function CreateCronModal({ open, onClose }: { readonly open: boolean; readonly onClose: () => void }) {
  const id = useId();
  const flash = useFlash();
  const [name, setName] = useState('');
  const [workflow, setWorkflow] = useState('');
  const [pattern, setPattern] = useState('*/5 * * * *');
  const [input, setInput] = useState('{}');
  const [first, setFirst] = useState('');
  const [remaining, setRemaining] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const workflows = useEngineQuery<{ workflows: Pick<Workflow, 'id' | 'name'>[] }>(open ? '/v2/workflows' : null, { fields: 'name', limit: 1000, sort_keys: 'name' });
  const create = useEngineMutation<unknown, NewTrigger>({
    request: (body) => ({ path: '/v2/cron_triggers', method: 'POST', json: body }),
    invalidates: ['/v2/cron_triggers'],
  });

  useEffect(() => {
    if (!open) return;
    setName('');
    setPattern('*/5 * * * *');
    setInput('{}');
    setFirst('');
    setRemaining('');
    setErrors({});
    create.reset();
    // Reset when the modal opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const firstDate = first ? new Date(`${first}:00Z`) : null;
  const remainingCount = remaining.trim() === '' ? null : Number(remaining);
  const preview = useMemo(
    () => nextRuns({ pattern, firstExecution: firstDate, remaining: Number.isInteger(remainingCount) ? remainingCount : null }),
    // firstDate is derived from `first`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [pattern, first, remainingCount],
  );

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const problems: Errors = {};
    if (name.trim() === '') problems.name = 'Enter a name.';
    if (workflow === '') problems.workflow = 'Choose the workflow to run.';
    if (!preview.ok) problems.pattern = preview.error;
    let parsed: unknown;
    try {
      parsed = JSON.parse(input.trim() === '' ? '{}' : input);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) problems.input = 'The input must be a JSON object.';
    } catch (error) {
      problems.input = `Not valid JSON: ${error instanceof Error ? error.message : 'parse error'}`;
    }
    if (remainingCount !== null && (!Number.isInteger(remainingCount) || remainingCount < 1)) problems.remaining = 'A whole number of runs, at least 1.';
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    create.mutate(
      {
        name: name.trim(),
        workflow_name: workflow,
        pattern: pattern.trim(),
        workflow_input: JSON.stringify(parsed),
        first_execution_time: first ? wireTime(first) : null,
        remaining_executions: remainingCount,
      },
      {
        onSuccess: () => {
          flash('success', `Created Cron Trigger: ${name.trim()}`);
          onClose();
        },
      },
    );
  };

  const fieldError = (key: keyof Errors) =>
    errors[key] ? (
      <p id={`${id}-${key}-error`} className="mt-1 text-sm text-danger">
        {errors[key]}
      </p>
    ) : null;
  const describedBy = (key: keyof Errors) => (errors[key] ? `${id}-${key}-error` : undefined);

  return (
    <Modal open={open} onClose={onClose} busy={create.isPending} title="Create Cron Trigger" size="lg">
      <form onSubmit={submit} noValidate className="grid gap-4 md:grid-cols-[1fr_14rem]">
        <div className="space-y-3">
          <div>
            <label htmlFor={`${id}-name`} className="mb-1 block text-sm font-medium">
              Name <span className="text-danger">*</span>
            </label>
            <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} className={FIELD} aria-invalid={!!errors.name} aria-describedby={describedBy('name')} />
            {fieldError('name')}
          </div>
          <div>
            <label htmlFor={`${id}-workflow`} className="mb-1 block text-sm font-medium">
              Workflow <span className="text-danger">*</span>
            </label>
            <select id={`${id}-workflow`} value={workflow} onChange={(e) => setWorkflow(e.target.value)} className={FIELD} aria-invalid={!!errors.workflow} aria-describedby={describedBy('workflow')}>
              <option value="">Choose a workflow</option>
              {(workflows.data?.workflows ?? []).map((w) => (
                <option key={w.id} value={w.name}>
                  {w.name}
                </option>
              ))}
            </select>
            {fieldError('workflow')}
          </div>
          <div>
            <label htmlFor={`${id}-pattern`} className="mb-1 block text-sm font-medium">
              Pattern (cron, UTC) <span className="text-danger">*</span>
            </label>
            <input id={`${id}-pattern`} value={pattern} onChange={(e) => setPattern(e.target.value)} className={`${FIELD} font-mono`} aria-invalid={!!errors.pattern} aria-describedby={describedBy('pattern')} />
            {fieldError('pattern')}
          </div>
          <div>
            <label htmlFor={`${id}-input`} className="mb-1 block text-sm font-medium">
              Workflow input (JSON)
            </label>
            <textarea id={`${id}-input`} rows={4} value={input} onChange={(e) => setInput(e.target.value)} className={`${FIELD} font-mono`} aria-invalid={!!errors.input} aria-describedby={describedBy('input')} />
            {fieldError('input')}
          </div>
          <div className="grid gap-3 sm:grid-cols-2">
            <div>
              <label htmlFor={`${id}-first`} className="mb-1 block text-sm font-medium">
                First execution (UTC)
              </label>
              <input id={`${id}-first`} type="datetime-local" value={first} onChange={(e) => setFirst(e.target.value)} className={FIELD} />
            </div>
            <div>
              <label htmlFor={`${id}-remaining`} className="mb-1 block text-sm font-medium">
                Number of runs
              </label>
              <input
                id={`${id}-remaining`}
                inputMode="numeric"
                placeholder="unlimited"
                value={remaining}
                onChange={(e) => setRemaining(e.target.value)}
                className={FIELD}
                aria-invalid={!!errors.remaining}
                aria-describedby={describedBy('remaining')}
              />
              {fieldError('remaining')}
            </div>
          </div>
          {create.error && <ErrorPanel title="Unable to create the cron trigger" error={create.error} />}
        </div>
        <aside aria-label="Next runs" className="rounded border border-border bg-surface-alt p-3 text-sm">
          <h3 className="mb-2 font-semibold">Next 5 runs (UTC)</h3>
          {preview.ok ? (
            <ol className="space-y-1 font-mono text-xs" data-testid="cron-preview">
              {preview.runs.map((d) => (
                <li key={d.toISOString()}>{d.toISOString().replace('T', ' ').slice(0, 16)}</li>
              ))}
            </ol>
          ) : (
            <p className="text-muted">{preview.error}</p>
          )}
        </aside>
        <div className="flex justify-end gap-2 md:col-span-2">
          <Button onClick={onClose} disabled={create.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={create.isPending}>
            Create Cron Trigger
          </Button>
        </div>
      </form>
    </Modal>
  );
}
