'use client';
/**
 * Rerun a failed task (PUT /v2/tasks/{id} {state: RUNNING, reset, env}). A with-items task can run
 * all its items again (reset) or only the failed ones; the preview says which. An execution started
 * with a stored environment (`params.env` = its name) had its variables copied at start, so after
 * fixing the environment the rerun should take its current variables: offered, and on by default.
 * An env typed here goes over both.
 */
import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Modal } from '@/components/ui/modal';
import { useFlash } from '@/components/ui/flash';
import { engineFetch } from '@/lib/dashboard/engine-fetch';
import { useEngineQuery } from '@/lib/dashboard/use-engine';
import { useMutation } from '@tanstack/react-query';
import type { EngineRequestError } from '@/lib/dashboard/engine-fetch';
import type { LiveTask, LiveTree } from '@/lib/graph/live-tree';
import type { ExecutionWire } from './wire';
import { parseJsonText } from './wire';

interface RetryDialogProps {
  readonly task: LiveTask;
  readonly tree: LiveTree;
  readonly onClose: () => void;
  readonly onDone: () => void;
}

/** The env text as a JSON object; an error message otherwise; undefined when empty. */
function parseEnv(text: string): { env?: Record<string, unknown>; error?: string } {
  if (text.trim() === '') return {};
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return { error: 'The env must be a JSON object, e.g. {"endpoint": "https://…"}' };
    return { env: v as Record<string, unknown> };
  } catch (error) {
    return { error: `The env is not valid JSON: ${(error as Error).message}` };
  }
}

/** The stored environment an execution was started with, by name. */
function environmentName(execution: ExecutionWire | undefined): string | undefined {
  const params = parseJsonText(execution?.params);
  const env: unknown = typeof params === 'object' && params !== null ? Reflect.get(params, 'env') : undefined;
  return typeof env === 'string' && env !== '' ? env : undefined;
}

export function RetryDialog({ task, tree, onClose, onDone }: RetryDialogProps) {
  const flash = useFlash();
  const envId = useId();
  const root = useEngineQuery<ExecutionWire>(`/v2/executions/${tree.rootId}`);
  const storedEnv = environmentName(root.data);
  const [reload, setReload] = useState(true);
  const children = [...task.actionIds.map((id) => tree.actions[id]?.state), ...task.subExecutionIds.map((id) => tree.executions[id]?.state)];
  const withItems = task.itemsTotal !== undefined || children.length > 1;
  const failed = children.filter((s) => s === 'ERROR').length;
  const total = Math.max(task.itemsTotal ?? 0, children.length);
  const [reset, setReset] = useState(true);
  const [envText, setEnvText] = useState('');
  const env = parseEnv(envText);
  const rerun = useMutation<unknown, EngineRequestError, void>({
    mutationFn: async () => {
      let variables: Record<string, unknown> | undefined;
      if (storedEnv !== undefined && reload) {
        const stored = await engineFetch<{ variables: string }>(`/v2/environments/${encodeURIComponent(storedEnv)}`);
        const parsed = parseJsonText(stored.variables);
        variables = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
      }
      const merged = variables === undefined && env.env === undefined ? undefined : { ...variables, ...env.env };
      return engineFetch(`/v2/tasks/${task.id}`, { method: 'PUT', json: { state: 'RUNNING', reset, ...(merged === undefined ? {} : { env: merged }) } });
    },
  });

  const preview = !withItems
    ? `Task ${task.name} runs again from the start; the workflow then continues from it.`
    : reset
      ? `Task ${task.name} runs all ${total} items again; the workflow then continues from it.`
      : `Task ${task.name} runs only its ${failed} failed item${failed === 1 ? '' : 's'} of ${total} again; the items that succeeded keep their results.`;

  const submit = () =>
    rerun.mutate(undefined, {
      onSuccess: () => {
        flash('success', `Task ${task.name} is running again`);
        onDone();
      },
      onError: (error) => flash('error', `Unable to rerun task ${task.name}: ${error.message}`),
    });

  return (
    <Modal
      open
      onClose={onClose}
      title={`Retry failed task ${task.name}`}
      busy={rerun.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={rerun.isPending}>
            Cancel
          </Button>
          <Button variant="primary" onClick={submit} busy={rerun.isPending} disabled={env.error !== undefined}>
            Retry
          </Button>
        </>
      }
    >
      <div className="space-y-3 text-sm">
        {withItems && (
          <fieldset className="space-y-1">
            <legend className="font-semibold">Which items</legend>
            <label className="flex items-center gap-2">
              <input type="radio" name="reset" checked={reset} onChange={() => setReset(true)} /> All items (reset)
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="reset" checked={!reset} onChange={() => setReset(false)} /> Only the failed items ({failed})
            </label>
          </fieldset>
        )}
        {storedEnv !== undefined && (
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={reload} onChange={(e) => setReload(e.target.checked)} />
            Use the current variables of environment <span className="font-mono">{storedEnv}</span>
          </label>
        )}
        <div className="space-y-1">
          <label htmlFor={envId} className="font-semibold">
            Environment override (JSON, optional)
          </label>
          <textarea
            id={envId}
            value={envText}
            onChange={(e) => setEnvText(e.target.value)}
            rows={4}
            placeholder='{"variable": "value"}'
            className="w-full rounded border border-border bg-surface p-2 font-mono text-xs"
            aria-invalid={env.error !== undefined}
            aria-describedby={env.error ? `${envId}-error` : undefined}
          />
          {env.error && (
            <p id={`${envId}-error`} className="text-xs text-danger">
              {env.error}
            </p>
          )}
        </div>
        <p role="status" data-testid="retry-preview" className="rounded border border-border bg-surface-alt p-2">
          <span className="font-semibold">Will rerun: </span>
          {preview}
          {storedEnv !== undefined && reload && ` It reads the variables environment ${storedEnv} has now.`}
        </p>
        {rerun.error && <p className="text-danger">{rerun.error.message}</p>}
      </div>
    </Modal>
  );
}
