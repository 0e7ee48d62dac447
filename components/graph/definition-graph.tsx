'use client';
/**
 * A workflow's graph from its stored definition, coloured by the runs given (the execution detail
 * page) or by a heat map of average durations (the analytics page).
 */
import { useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { workflowQuery } from '@/lib/dashboard/engine-queries';
import { useEngineQuery } from '@/lib/dashboard/use-engine';
import { buildGraph } from '@/lib/graph/graph-model';
import type { ExecutionGraph as Graph, TaskRun } from '@/lib/graph/graph-model';
import { knownShape, shapeInWorker } from '@/lib/graph/layout-client';
import type { WorkflowShape } from '@/lib/graph/workflow-shape';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Skeleton } from '@/components/ui/skeleton';
import { ExecutionGraph } from './execution-graph';
import { GraphLegend } from './graph-legend';

interface WorkflowDefinitionWire {
  readonly name: string;
  readonly definition: string;
}

export interface DefinitionGraphProps {
  /** Workflow id, or its name (then `namespace` picks among equal names). */
  readonly workflow: string;
  readonly workflowName: string;
  readonly namespace?: string;
  readonly runs?: readonly TaskRun[];
  readonly heat?: ReadonlyMap<string, number>;
  readonly selected?: string | undefined;
  readonly onSelect?: (task: string) => void;
  readonly label: string;
  readonly className?: string;
  /** Sees the built graph (the page lists sub-workflows from it). */
  readonly children?: (graph: Graph) => ReactNode;
}

export function DefinitionGraph({ workflow, workflowName, namespace, runs, heat, selected, onSelect, label, className, children }: DefinitionGraphProps) {
  const query = workflowQuery(workflow, namespace);
  const definition = useEngineQuery<WorkflowDefinitionWire>(query.path, query.params, { staleTime: Infinity });
  // Parsing a big definition takes seconds: it happens in the graph worker, not here.
  const [shape, setShape] = useState<{ text: string; shape: WorkflowShape | Error } | undefined>(undefined);
  const text = definition.data?.definition;
  // Read before (another tab, or by the server ahead of the page): no trip to the worker.
  const known = useMemo(() => (text === undefined ? undefined : knownShape(text, workflowName)), [text, workflowName]);
  useEffect(() => {
    if (text === undefined || known !== undefined) return;
    let live = true;
    shapeInWorker(text, workflowName).then(
      (s) => live && setShape({ text, shape: s }),
      (error: unknown) => live && setShape({ text, shape: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      live = false;
    };
  }, [text, workflowName, known]);
  const current = known ?? (shape !== undefined && shape.text === text ? shape.shape : undefined);
  // The graph changes only when a state does: a refreshed report with the same states keeps it,
  // so thousands of nodes are not handed to React Flow again.
  const signature = (runs ?? []).map((r) => `${r.id}:${r.state}:${r.items?.done ?? ''}/${r.items?.total ?? ''}:${r.subExecutionIds.length}`).join(',');
  const graph = useMemo(
    () => (current === undefined || current instanceof Error ? undefined : buildGraph(current, runs ?? [], heat === undefined ? {} : { heat })),
    // `signature` stands for `runs`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [current, signature, heat],
  );

  if (definition.error) return <ErrorPanel title={`Could not load the definition of ${workflowName}`} error={definition.error} onRetry={() => void definition.refetch()} />;
  if (current instanceof Error) return <ErrorPanel title="Could not read the definition" error={current} />;
  if (graph === undefined) return <Skeleton className="h-[560px] w-full" />;
  return (
    <div className="space-y-2">
      <GraphLegend type={graph.type} heat={heat !== undefined} />
      <ExecutionGraph graph={graph} selected={selected} {...(onSelect ? { onSelect } : {})} label={label} {...(className ? { className } : {})} />
      {children?.(graph)}
    </div>
  );
}
