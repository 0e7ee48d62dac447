'use client';

/**
 * The Execute form: one field per workflow input (typed by its default, see lib/dashboard/execute-form.ts),
 * or the whole input as raw JSON; plus a description and an optional stored environment. Used on the
 * workflow page and for Resubmit (prefilled with the earlier execution's input).
 */
import { useRouter } from 'next/navigation';
import { useId, useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormActions } from '@/components/ui/form-actions';
import { ErrorPanel } from '@/components/ui/error-panel';
import { useFlash } from '@/components/ui/flash';
import { formToInput, initialValues, parseInputJson, workflowInputs, type InputField } from '@/lib/dashboard/execute-form';
import { useEngineMutation, useEngineQuery } from '@/lib/dashboard/use-engine';
import type { Environment, Execution } from '@/lib/engine-client/wire';

const FIELD = 'w-full rounded border border-border bg-surface px-2 py-1.5 text-sm';

export interface ExecuteFormProps {
  readonly workflowName: string;
  readonly definition: string | null | undefined;
  /** Input names from the API's `interface`, used when the definition cannot be read. */
  readonly inputNames?: readonly string[];
  /** A previous execution's input (Resubmit). */
  readonly preset?: Readonly<Record<string, unknown>>;
  readonly presetDescription?: string;
  readonly onCancel?: () => void;
}

interface NewExecution {
  readonly input: Record<string, unknown>;
  readonly description: string;
  readonly env: string;
}

function kindHint(field: InputField): string {
  if (field.required) return 'Required. JSON value; plain words are taken as text.';
  if (field.kind === 'text') return 'Text. Leave empty for the default.';
  if (field.kind === 'number') return 'Number. Leave empty for the default.';
  if (field.kind === 'json') return 'JSON value. Leave empty for the default.';
  return '';
}

export function ExecuteForm({ workflowName, definition, inputNames = [], preset, presetDescription = '', onCancel }: ExecuteFormProps) {
  const router = useRouter();
  const flash = useFlash();
  const base = useId();
  const fields = useMemo(() => workflowInputs(definition, workflowName, inputNames), [definition, workflowName, inputNames]);
  const [values, setValues] = useState<Record<string, string>>(() => initialValues(fields, preset));
  const [raw, setRaw] = useState(false);
  const [rawText, setRawText] = useState(() => JSON.stringify(preset ?? {}, null, 2));
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const [description, setDescription] = useState(presetDescription);
  const [env, setEnv] = useState('');
  const environments = useEngineQuery<{ environments: Environment[] }>('/v2/environments', { fields: 'name', limit: 1000 });
  const start = useEngineMutation<Execution, NewExecution>({
    request: (v) => ({
      path: '/v2/executions',
      method: 'POST',
      json: {
        workflow_name: workflowName,
        input: JSON.stringify(v.input),
        description: v.description,
        params: JSON.stringify(v.env ? { env: v.env } : {}),
      },
    }),
    invalidates: ['/v2/executions'],
  });

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const result = raw ? parseInputJson(rawText) : formToInput(fields, values);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    start.mutate(
      { input: result.input, description, env },
      {
        onSuccess: (execution) => {
          flash('success', `Started execution ${execution.id} of ${workflowName}`);
          router.push(`/executions/${execution.id}`);
        },
      },
    );
  };

  const switchMode = () => {
    if (!raw) {
      const result = formToInput(fields, values);
      setRawText(JSON.stringify(result.ok ? result.input : (preset ?? {}), null, 2));
    } else {
      const result = parseInputJson(rawText);
      if (result.ok) setValues(initialValues(fields, result.input));
    }
    setErrors({});
    setRaw(!raw);
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label={`Execute ${workflowName}`}>
      <div className="flex items-center justify-between">
        <h3 className="font-semibold">Input</h3>
        <Button size="sm" variant="ghost" onClick={switchMode}>
          {raw ? 'Edit as form' : 'Edit as JSON'}
        </Button>
      </div>
      {raw ? (
        <div>
          <label htmlFor={`${base}-raw`} className="mb-1 block text-sm font-medium">
            Input (JSON object)
          </label>
          <textarea
            id={`${base}-raw`}
            value={rawText}
            onChange={(e) => setRawText(e.target.value)}
            rows={10}
            className={`${FIELD} font-mono`}
            aria-invalid={errors.$json !== undefined}
            aria-describedby={errors.$json ? `${base}-raw-error` : undefined}
          />
          {errors.$json && (
            <p id={`${base}-raw-error`} className="mt-1 text-sm text-danger">
              {errors.$json}
            </p>
          )}
        </div>
      ) : fields.length === 0 ? (
        <p className="text-sm text-muted">This workflow takes no input.</p>
      ) : (
        fields.map((field) => {
          const id = `${base}-${field.name}`;
          const error = errors[field.name];
          const hint = kindHint(field);
          const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
          return (
            <div key={field.name}>
              {field.kind === 'boolean' ? (
                <label className="inline-flex items-center gap-2 text-sm font-medium">
                  <input
                    type="checkbox"
                    checked={values[field.name] === 'true'}
                    onChange={(e) => setValues({ ...values, [field.name]: e.target.checked ? 'true' : 'false' })}
                  />
                  <span className="font-mono">{field.name}</span>
                </label>
              ) : (
                <>
                  <label htmlFor={id} className="mb-1 block text-sm font-medium">
                    <span className="font-mono">{field.name}</span>
                    {field.required && <span className="text-danger"> *</span>}
                  </label>
                  {field.kind === 'json' ? (
                    <textarea
                      id={id}
                      rows={Math.min(8, Math.max(1, (values[field.name] ?? '').split('\n').length))}
                      value={values[field.name] ?? ''}
                      onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}
                      className={`${FIELD} font-mono`}
                      aria-invalid={error !== undefined}
                      aria-describedby={describedBy}
                      aria-required={field.required}
                    />
                  ) : (
                    <input
                      id={id}
                      inputMode={field.kind === 'number' ? 'decimal' : undefined}
                      value={values[field.name] ?? ''}
                      onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}
                      className={FIELD}
                      aria-invalid={error !== undefined}
                      aria-describedby={describedBy}
                    />
                  )}
                </>
              )}
              {hint && (
                <p id={`${id}-hint`} className="mt-0.5 text-xs text-muted">
                  {hint}
                </p>
              )}
              {error && (
                <p id={`${id}-error`} className="mt-0.5 text-sm text-danger" data-field-error={field.name}>
                  {error}
                </p>
              )}
            </div>
          );
        })
      )}

      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor={`${base}-description`} className="mb-1 block text-sm font-medium">
            Description
          </label>
          <input id={`${base}-description`} value={description} onChange={(e) => setDescription(e.target.value)} className={FIELD} />
        </div>
        <div>
          <label htmlFor={`${base}-env`} className="mb-1 block text-sm font-medium">
            Environment
          </label>
          <select id={`${base}-env`} value={env} onChange={(e) => setEnv(e.target.value)} className={FIELD}>
            <option value="">(none)</option>
            {(environments.data?.environments ?? []).map((e) => (
              <option key={e.id} value={e.name}>
                {e.name}
              </option>
            ))}
          </select>
        </div>
      </div>

      {start.error && <ErrorPanel title="Unable to start the execution" error={start.error} />}
      <FormActions onCancel={onCancel} pending={start.isPending} submit="Execute" />
    </form>
  );
}
