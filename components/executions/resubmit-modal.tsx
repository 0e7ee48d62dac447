'use client';

/** Row action Resubmit: the same workflow with the same input, editable before it starts. */
import { ExecuteForm } from '@/components/workflows/execute-form';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Modal } from '@/components/ui/modal';
import { TableSkeleton } from '@/components/ui/skeleton';
import { useEngineQuery } from '@/lib/dashboard/use-engine';
import { parseJsonText, type Execution, type Workflow } from '@/lib/engine-client/wire';

export function ResubmitModal({ execution, onClose }: { readonly execution: Execution | null; readonly onClose: () => void }) {
  const workflowRef = execution?.workflow_id || execution?.workflow_name;
  const full = useEngineQuery<Execution>(execution ? `/v2/executions/${execution.id}` : null);
  const workflow = useEngineQuery<Workflow>(workflowRef ? `/v2/workflows/${encodeURIComponent(workflowRef)}` : null);
  const input = parseJsonText(full.data?.input);
  const preset = typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};

  return (
    <Modal open={execution !== null} onClose={onClose} title={`Resubmit ${execution?.workflow_name ?? ''}`} size="lg">
      {execution && (
        <>
          <p className="mb-3 text-sm text-muted">
            Starts a new execution of <strong>{execution.workflow_name}</strong> with the input of <span className="font-mono">{execution.id}</span>. Edit it first if you need to.
          </p>
          {full.isLoading || workflow.isLoading ? (
            <TableSkeleton rows={3} columns={2} />
          ) : full.error || workflow.error ? (
            <ErrorPanel error={full.error ?? workflow.error} />
          ) : (
            <ExecuteForm
              key={execution.id}
              workflowName={execution.workflow_name}
              definition={workflow.data?.definition}
              preset={preset}
              presetDescription={`Resubmit of ${execution.id}`}
              onCancel={onClose}
            />
          )}
        </>
      )}
    </Modal>
  );
}
