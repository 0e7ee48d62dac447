'use client';
/** The Graph tab: the live DAG, the selected task's side panel, and expandable sub-workflows. */
import { useMemo, useState } from 'react';
import { DefinitionGraph } from '@/components/graph/definition-graph';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import type { ExecutionGraph } from '@/lib/graph/graph-model';
import { runsOf } from '@/lib/graph/live-tree';
import type { LiveTree } from '@/lib/graph/live-tree';
import { TaskPanel } from './task-panel';
import type { LiveExecution } from './use-live-execution';

interface GraphTabProps {
  readonly id: string;
  readonly live: LiveExecution;
  readonly task: string | undefined;
  readonly selectTask: (name: string | null) => void;
  readonly canWrite: boolean;
}

export function GraphTab({ id, live, task, selectTask, canWrite }: GraphTabProps) {
  const execution = live.execution;
  if (live.treeError) return <ErrorPanel title="Could not load the execution's tasks" error={live.treeError} />;
  if (execution === undefined || live.tree === null) return <Skeleton className="h-[560px] w-full" />;
  return (
    <WorkflowLevel
      executionId={id}
      workflow={execution.workflow_id ?? execution.workflow_name}
      workflowName={execution.workflow_name}
      namespace={execution.workflow_namespace}
      tree={live.tree}
      task={task}
      selectTask={selectTask}
      canWrite={canWrite}
      follow={live.follow}
    />
  );
}

interface LevelProps {
  readonly executionId: string;
  readonly workflow: string;
  readonly workflowName: string;
  readonly namespace: string;
  readonly tree: LiveTree;
  readonly task: string | undefined;
  readonly selectTask: (name: string | null) => void;
  readonly canWrite: boolean;
  readonly follow: () => void;
}

/** One workflow execution's graph; its sub-workflows expand below it, each a level of its own. */
function WorkflowLevel({ executionId, workflow, workflowName, namespace, tree, task, selectTask, canWrite, follow }: LevelProps) {
  const runs = useMemo(() => runsOf(tree, executionId), [tree, executionId]);
  const [localTask, setLocalTask] = useState<string | undefined>(undefined);
  const isRoot = executionId === tree.rootId;
  // The root level's selection lives in the URL (?task=); nested levels keep their own.
  const selected = isRoot ? task : localTask;
  const select = isRoot ? selectTask : (name: string | null) => setLocalTask(name ?? undefined);

  return (
    <div className="flex flex-col gap-4 lg:flex-row">
      <div className="min-w-0 flex-1">
        <DefinitionGraph
          workflow={workflow}
          workflowName={workflowName}
          namespace={namespace}
          runs={runs}
          selected={selected}
          onSelect={select}
          label={`Workflow graph of ${workflowName}`}
        >
          {(graph) => <SubWorkflows graph={graph} tree={tree} namespace={namespace} canWrite={canWrite} follow={follow} />}
        </DefinitionGraph>
      </div>
      {selected !== undefined && (
        <TaskPanel
          executionId={executionId}
          taskName={selected}
          tree={tree}
          canWrite={canWrite}
          onClose={() => select(null)}
          onChanged={follow}
        />
      )}
    </div>
  );
}

function SubWorkflows({ graph, tree, namespace, canWrite, follow }: { graph: ExecutionGraph; tree: LiveTree; namespace: string; canWrite: boolean; follow: () => void }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const children = graph.nodes.flatMap((n) => n.subExecutionIds.map((sub) => ({ task: n.id, sub })));
  if (children.length === 0) return null;
  const toggle = (sub: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(sub)) next.delete(sub);
      else next.add(sub);
      return next;
    });
  return (
    <div className="space-y-3 pt-2">
      <h3 className="text-sm font-semibold">Sub-workflows</h3>
      {children.map(({ task, sub }) => {
        const child = tree.executions[sub];
        const name = child?.workflowName ?? 'sub-workflow';
        const expanded = open.has(sub);
        return (
          <div key={sub} className="rounded border border-border p-2">
            <Button size="sm" variant="ghost" aria-expanded={expanded} onClick={() => toggle(sub)}>
              {expanded ? '▾' : '▸'} {name} (started by task {task}) · {child?.state ?? 'unknown'}
            </Button>
            {expanded && (
              <div className="pt-2">
                <WorkflowLevel
                  executionId={sub}
                  workflow={name}
                  workflowName={name}
                  namespace={namespace}
                  tree={tree}
                  task={undefined}
                  selectTask={() => undefined}
                  canWrite={canWrite}
                  follow={follow}
                />
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
