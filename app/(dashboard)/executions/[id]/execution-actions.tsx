'use client';
/** Pause, resume and cancel from the detail header; shown only to users who may change things. */
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/modal';
import { useFlash } from '@/components/ui/flash';
import { useEngineMutation } from '@/lib/dashboard/use-engine';
import type { ExecutionWire } from './wire';

type Target = 'PAUSED' | 'RUNNING' | 'CANCELLED';

const WORDS: Readonly<Record<Target, string>> = { PAUSED: 'Paused', RUNNING: 'Resumed', CANCELLED: 'Cancelled' };

export function ExecutionActions({ id, state, onChanged }: { readonly id: string; readonly state: string; readonly onChanged: () => void }) {
  const flash = useFlash();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const change = useEngineMutation<ExecutionWire, Target>({
    request: (target) => ({ path: `/v2/executions/${id}`, method: 'PUT', json: { state: target } }),
    invalidates: [`/v2/executions/${id}`, '/v2/executions'],
  });

  const run = (target: Target) =>
    change.mutate(target, {
      onSuccess: () => {
        flash('success', `${WORDS[target]} execution ${id}`);
        setConfirmCancel(false);
        onChanged();
      },
      onError: (error) => {
        flash('error', `Unable to change execution ${id}: ${error.message}`);
        setConfirmCancel(false);
      },
    });

  const active = state === 'RUNNING' || state === 'IDLE';
  return (
    <>
      {active && (
        <Button onClick={() => run('PAUSED')} busy={change.isPending && change.variables === 'PAUSED'}>
          Pause
        </Button>
      )}
      {state === 'PAUSED' && (
        <Button variant="primary" onClick={() => run('RUNNING')} busy={change.isPending && change.variables === 'RUNNING'}>
          Resume
        </Button>
      )}
      {(active || state === 'PAUSED') && (
        <Button variant="danger" onClick={() => setConfirmCancel(true)}>
          Cancel execution
        </Button>
      )}
      <ConfirmDialog
        open={confirmCancel}
        onClose={() => setConfirmCancel(false)}
        onConfirm={() => run('CANCELLED')}
        title="Confirm Cancel Execution"
        items={[id]}
        confirmLabel="Cancel execution"
        danger
        busy={change.isPending}
        warning="Its running tasks are cancelled and it ends in state CANCELLED. This cannot be undone."
      />
    </>
  );
}
