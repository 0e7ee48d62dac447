'use client';
/**
 * The side panel of a selected task: state and state_info, timings, retries, published, result,
 * and each action execution with its input and output. A failed task offers Retry.
 */
import { useState } from 'react';
import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { CloseIcon } from '@/components/ui/icons';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Skeleton } from '@/components/ui/skeleton';
import { StateBadge } from '@/components/ui/state-badge';
import { useEngineQuery } from '@/lib/dashboard/use-engine';
import { formatDuration } from '@/lib/analytics/format-duration';
import { wireTimeMs } from '@/lib/graph/live-tree';
import type { LiveTask, LiveTree } from '@/lib/graph/live-tree';
import { JsonView } from './json-view';
import { RetryDialog } from './retry-dialog';
import type { ActionExecutionWire, TaskWire } from './wire';
import { itemsTotalOf, parseJsonText } from './wire';

interface TaskPanelProps {
  readonly executionId: string;
  readonly taskName: string;
  readonly tree: LiveTree;
  readonly canWrite: boolean;
  readonly onClose: () => void;
  readonly onChanged: () => void;
}

function latestTask(tree: LiveTree, executionId: string, name: string): LiveTask | undefined {
  let found: LiveTask | undefined;
  for (const t of Object.values(tree.tasks)) {
    if (t.executionId !== executionId || t.name !== name) continue;
    if (found === undefined || t.createdAt > found.createdAt || (t.createdAt === found.createdAt && t.id > found.id)) found = t;
  }
  return found;
}

function retriesOf(task: TaskWire | undefined): number {
  const rc = parseJsonText(task?.runtime_context);
  const policy: unknown = typeof rc === 'object' && rc !== null ? Reflect.get(rc, 'retry_task_policy') : undefined;
  const n: unknown = typeof policy === 'object' && policy !== null ? Reflect.get(policy, 'retry_no') : undefined;
  return typeof n === 'number' ? n : 0;
}

function Row({ term, children }: { readonly term: string; readonly children: ReactNode }) {
  return (
    <>
      <dt className="text-muted">{term}</dt>
      <dd className="break-all">{children}</dd>
    </>
  );
}

export function TaskPanel({ executionId, taskName, tree, canWrite, onClose, onChanged }: TaskPanelProps) {
  const live = latestTask(tree, executionId, taskName);
  const [retrying, setRetrying] = useState(false);
  const detail = useEngineQuery<TaskWire>(live ? `/v2/tasks/${live.id}` : null);
  const actions = useEngineQuery<{ action_executions: ActionExecutionWire[] }>(live ? `/v2/tasks/${live.id}/action_executions` : null);
  const task = detail.data;
  const started = wireTimeMs(task?.started_at);
  const finished = wireTimeMs(task?.finished_at);
  const created = wireTimeMs(task?.created_at);
  const state = live?.state;

  return (
    <aside aria-label={`Task ${taskName}`} data-testid="task-panel" className="w-full shrink-0 space-y-3 rounded border border-border bg-surface p-3 lg:w-[420px]">
      <div className="flex items-start justify-between gap-2">
        <h2 className="text-base font-semibold break-all">{taskName}</h2>
        <Button variant="ghost" size="sm" aria-label="Close task panel" onClick={onClose}>
          <CloseIcon className="h-4 w-4" />
        </Button>
      </div>
      {live === undefined ? (
        <p className="text-sm text-muted">This task has not run in this execution.</p>
      ) : (
        <>
          <div className="flex flex-wrap items-center gap-2">
            <StateBadge state={state} info={live.stateInfo} />
            {canWrite && state === 'ERROR' && (
              <Button variant="primary" size="sm" onClick={() => setRetrying(true)}>
                Retry failed task
              </Button>
            )}
          </div>
          {live.stateInfo && (
            <div role="note" className="rounded border border-red-300 bg-red-50 p-2 text-xs text-red-900 dark:border-red-700 dark:bg-red-950 dark:text-red-100">
              <span className="font-semibold">state_info: </span>
              <span className="break-all whitespace-pre-wrap">{live.stateInfo}</span>
            </div>
          )}
          {detail.error && <ErrorPanel title="Could not load the task" error={detail.error} />}
          {task === undefined ? (
            <Skeleton className="h-24 w-full" />
          ) : (
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
              <Row term="Task id">{task.id}</Row>
              <Row term="Type">{task.type}</Row>
              <Row term="Scheduled">{task.created_at}</Row>
              <Row term="Started">{task.started_at ?? '–'}</Row>
              <Row term="Finished">{task.finished_at ?? '–'}</Row>
              <Row term="Waited">{created !== null && started !== null ? formatDuration(started - created) : '–'}</Row>
              <Row term="Ran">{started !== null && finished !== null ? formatDuration(finished - started) : '–'}</Row>
              <Row term="Retries">{retriesOf(task)}</Row>
              {itemsTotalOf(task) !== undefined && <Row term="Items">{itemsTotalOf(task)}</Row>}
            </dl>
          )}
          {task && <JsonView label="Published" text={task.published} />}
          {task && <JsonView label="Result" text={task.result} />}
          <section className="space-y-2">
            <h3 className="text-sm font-semibold">Action executions</h3>
            {actions.error && <ErrorPanel title="Could not load the action executions" error={actions.error} />}
            {actions.data?.action_executions.length === 0 && <p className="text-xs text-muted">None (a sub-workflow task runs executions instead).</p>}
            {actions.data?.action_executions.map((a) => (
              <details key={a.id} className="rounded border border-border p-2 text-xs">
                <summary className="flex cursor-pointer items-center gap-2">
                  <span className="font-mono">{a.name}</span> <StateBadge state={a.state} info={a.state_info} />
                </summary>
                <div className="space-y-2 pt-2">
                  {a.state_info && <p className="break-all">state_info: {a.state_info}</p>}
                  <JsonView label="Input" text={a.input} />
                  <JsonView label="Output" text={a.output} />
                </div>
              </details>
            ))}
          </section>
          {retrying && (
            <RetryDialog
              task={live}
              tree={tree}
              onClose={() => setRetrying(false)}
              onDone={() => {
                setRetrying(false);
                onChanged();
              }}
            />
          )}
        </>
      )}
    </aside>
  );
}
