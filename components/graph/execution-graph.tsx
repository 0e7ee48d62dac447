'use client';
/**
 * The workflow DAG of an execution on React Flow. Layout runs in Web Workers (lib/graph/
 * layout-client.ts: a fast layered layout at once, ELK's for small graphs when it is ready) and is
 * cached per graph, so live state changes only recolour nodes. Big graphs
 * render only what is on screen, drop edge labels (the edge style still tells the kind) and open on
 * their first tasks instead of fitting thousands of nodes into view.
 */
import { Background, Controls, MarkerType, ReactFlow } from '@xyflow/react';
import type { Edge, NodeMouseHandler, OnSelectionChangeFunc } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useState } from 'react';
import type { EdgeKind, ExecutionGraph as Graph } from '@/lib/graph/graph-model';
import { knownLayout, quickLayout, refinedLayout, warmUpElk } from '@/lib/graph/layout-client';
import type { Positions } from '@/lib/graph/layered-layout';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Skeleton } from '@/components/ui/skeleton';
import { NODE_HEIGHT, NODE_WIDTH, TaskNode } from './task-node';
import type { TaskFlowNode } from './task-node';

const NODE_TYPES = { task: TaskNode };
warmUpElk();
/** Above this many nodes the graph switches to its big-graph mode (see the module comment). */
export const BIG_GRAPH = 150;

const EDGE_STYLE: Readonly<Record<EdgeKind, { stroke: string; strokeDasharray?: string }>> = {
  'on-success': { stroke: '#047857' },
  'on-error': { stroke: '#b91c1c', strokeDasharray: '6 3' },
  'on-complete': { stroke: '#52525b', strokeDasharray: '2 3' },
  requires: { stroke: '#52525b' },
};

/** Stable per definition and node set: states change, the key (and so the cached layout) does not. */
function layoutKey(graph: Graph): string {
  let hash = 0;
  const text = `${graph.workflow}|${graph.nodes.map((n) => n.id).join(',')}|${graph.edges.map((e) => e.id).join(',')}`;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return `${graph.workflow}:${graph.nodes.length}:${graph.edges.length}:${hash}`;
}

export interface ExecutionGraphProps {
  readonly graph: Graph;
  readonly selected?: string | undefined;
  readonly onSelect?: (task: string) => void;
  readonly label: string;
  readonly className?: string;
}

export function ExecutionGraph({ graph, selected, onSelect, label, className }: ExecutionGraphProps) {
  const key = useMemo(() => layoutKey(graph), [graph]);
  // `elk` marks ELK's layout arriving after the quick one: the view re-fits to it.
  const [layout, setLayout] = useState<{ key: string; positions: Positions; elk?: true } | { key: string; error: unknown } | null>(null);
  const big = graph.nodes.length > BIG_GRAPH;

  const structure = useMemo(
    () => ({
      nodes: graph.nodes.map((n) => ({ id: n.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
      edges: graph.edges.map((e) => ({ source: e.source, target: e.target })),
    }),
    // The key names exactly the structure; states do not change it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );

  useEffect(() => {
    const known = knownLayout(key);
    if (known !== undefined) {
      setLayout({ key, positions: known });
      return;
    }
    let live = true;
    let refinedArrived = false;
    quickLayout(key, structure).then(
      (positions) => live && !refinedArrived && setLayout({ key, positions }),
      (error: unknown) => live && setLayout({ key, error }),
    );
    refinedLayout(key, structure)?.then(
      (positions) => {
        refinedArrived = true;
        if (live) setLayout({ key, positions, elk: true });
      },
      // ELK failing leaves the quick layout on screen: nothing to show the user.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [key, structure]);

  const positions = layout !== null && layout.key === key && 'positions' in layout ? layout.positions : null;

  const nodes = useMemo<TaskFlowNode[]>(() => {
    if (positions === null) return [];
    return graph.nodes.map((n) => ({
      id: n.id,
      type: 'task',
      position: positions[n.id] ?? { x: 0, y: 0 },
      data: { task: n, selected: n.id === selected },
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
      draggable: false,
      connectable: false,
      ariaLabel: `Task ${n.id}: ${n.state ?? 'not run'}`,
    }));
  }, [graph.nodes, positions, selected]);

  const edges = useMemo<Edge[]>(
    () =>
      graph.edges.map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        ...(big ? {} : { label: e.label, labelStyle: { fontSize: 10 }, labelBgPadding: [2, 1] as [number, number] }),
        style: { ...EDGE_STYLE[e.kind], strokeWidth: e.visited ? 2 : 1, opacity: e.visited ? 1 : 0.6 },
        markerEnd: { type: MarkerType.ArrowClosed, color: EDGE_STYLE[e.kind].stroke },
        focusable: false,
      })),
    [graph.edges, big],
  );

  // Big graphs open on their first tasks (left-most), small ones show everything.
  const fitNodes = useMemo(() => {
    if (!big || positions === null) return undefined;
    return [...graph.nodes]
      .sort((a, b) => (positions[a.id]?.x ?? 0) - (positions[b.id]?.x ?? 0) || (positions[a.id]?.y ?? 0) - (positions[b.id]?.y ?? 0))
      .slice(0, 12)
      .map((n) => ({ id: n.id }));
  }, [big, graph.nodes, positions]);

  const onNodeClick: NodeMouseHandler<TaskFlowNode> = (_, node) => onSelect?.(node.id);
  const onSelectionChange: OnSelectionChangeFunc<TaskFlowNode> = ({ nodes: chosen }) => {
    const first = chosen[0];
    if (first !== undefined && first.id !== selected) onSelect?.(first.id);
  };

  if (layout !== null && layout.key === key && 'error' in layout) return <ErrorPanel title="Could not lay out the graph" error={layout.error} />;
  return (
    <div
      className={className ?? 'h-[560px] w-full rounded border border-border bg-surface'}
      data-testid="execution-graph"
      data-ready={positions === null ? 'false' : 'true'}
      data-node-count={graph.nodes.length}
      role="region"
      aria-label={label}
    >
      {positions === null ? (
        <div role="status" className="h-full p-4">
          <Skeleton className="h-full w-full" />
          <span className="sr-only">Laying out the graph…</span>
        </div>
      ) : (
        <ReactFlow<TaskFlowNode>
          key={layout !== null && 'elk' in layout ? 'elk' : 'quick'}
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          onNodeClick={onNodeClick}
          onSelectionChange={onSelectionChange}
          nodesDraggable={false}
          nodesConnectable={false}
          edgesFocusable={false}
          onlyRenderVisibleElements={big}
          fitView
          fitViewOptions={fitNodes === undefined ? { padding: 0.15, maxZoom: 1.2 } : { nodes: fitNodes, padding: 0.3, maxZoom: 1 }}
          minZoom={0.05}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={24} />
          <Controls showInteractive={false} />
        </ReactFlow>
      )}
    </div>
  );
}
