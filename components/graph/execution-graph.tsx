'use client';
/**
 * The workflow DAG of an execution on React Flow. Layout runs on the Next server ahead of the page
 * (lib/graph/graph-seed.ts) or in Web Workers (lib/graph/layout-client.ts: a fast layered layout at
 * once, ELK's for small graphs when it is ready) and is cached per graph, so live state changes
 * only recolour nodes. Big graphs render only what is on screen, drop edge labels (the edge style
 * still tells the kind) and open on their failed, running or first tasks instead of fitting
 * thousands of nodes into view.
 */
import { Background, Controls, MarkerType, Position, ReactFlow, getViewportForBounds, useStore } from '@xyflow/react';
import type { Edge, NodeMouseHandler, OnSelectionChangeFunc, Viewport } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { NODE_HEIGHT, NODE_WIDTH, layoutInput, layoutKey } from '@/lib/graph/graph-keys';
import type { EdgeKind, ExecutionGraph as Graph } from '@/lib/graph/graph-model';
import { knownLayout, quickLayout, refinedLayout, warmUpElk } from '@/lib/graph/layout-client';
import type { Positions } from '@/lib/graph/layered-layout';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Skeleton } from '@/components/ui/skeleton';
import { TaskNode } from './task-node';
import type { TaskFlowNode } from './task-node';

const NODE_TYPES = { task: TaskNode };
warmUpElk();
/**
 * Every node's size and its two connection points, given up front: React Flow then draws nodes and
 * edges in its first render instead of measuring each node in the DOM first (its SSR mode), and
 * the nodes need no handle components.
 */
const MEASURED = { width: NODE_WIDTH, height: NODE_HEIGHT };
const HANDLES = [
  { type: 'target' as const, position: Position.Left, x: 0, y: NODE_HEIGHT / 2, width: 1, height: 1 },
  { type: 'source' as const, position: Position.Right, x: NODE_WIDTH - 1, y: NODE_HEIGHT / 2, width: 1, height: 1 },
];

/** Above this many nodes the graph switches to its big-graph mode (see the module comment). */
export const BIG_GRAPH = 150;
/** How many tasks a big graph's first view shows at most. */
const FOCUS_NODES = 12;
/** Zoom limits: big graphs stop zooming out where about a thousand nodes would be on screen at once. */
const MIN_ZOOM = 0.05;
const MIN_ZOOM_BIG = 0.2;
const MAX_ZOOM = 2;

/** The view that fits `ids` into a `width` × `height` pane, computed before React Flow renders (no fit pass after). */
function viewportFitting(ids: readonly string[], positions: Positions, width: number, height: number, big: boolean): Viewport {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const id of ids) {
    const p = positions[id];
    if (p === undefined) continue;
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x + NODE_WIDTH);
    maxY = Math.max(maxY, p.y + NODE_HEIGHT);
  }
  if (minX === Infinity) return { x: 0, y: 0, zoom: 1 };
  const bounds = { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
  return getViewportForBounds(bounds, width, height, big ? MIN_ZOOM_BIG : MIN_ZOOM, big ? 1 : 1.2, big ? 0.3 : 0.15);
}

const EDGE_STYLE: Readonly<Record<EdgeKind, { stroke: string; strokeDasharray?: string }>> = {
  'on-success': { stroke: '#047857' },
  'on-error': { stroke: '#b91c1c', strokeDasharray: '6 3' },
  'on-complete': { stroke: '#52525b', strokeDasharray: '2 3' },
  requires: { stroke: '#52525b' },
};

/** Tells when React Flow's pan and zoom are attached (sooner than `onInit`, which waits a timer). */
function PanZoomReady({ onReady }: { readonly onReady: () => void }) {
  const ready = useStore((state) => state.panZoom !== null);
  useEffect(() => {
    if (ready) onReady();
  }, [ready, onReady]);
  return null;
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
  // A layout already known (laid out before, or by the server ahead of the page) is drawn in the
  // first render; `elk` marks ELK's layout, which replaces the quick one and re-fits the view.
  const known = useMemo(() => knownLayout(key), [key]);
  const [layout, setLayout] = useState<{ key: string; positions: Positions; elk: boolean } | { key: string; error: unknown } | null>(null);
  const big = graph.nodes.length > BIG_GRAPH;

  // The key names exactly the structure; states do not change it.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const structure = useMemo(() => layoutInput(graph), [key]);

  useEffect(() => {
    if (known?.refined === true) return;
    let live = true;
    let refinedArrived = false;
    if (known === undefined) {
      quickLayout(key, structure).then(
        (positions) => live && !refinedArrived && setLayout({ key, positions, elk: false }),
        (error: unknown) => live && setLayout({ key, error }),
      );
    }
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
  }, [key, known, structure]);

  const current = layout !== null && layout.key === key ? layout : known === undefined ? null : { key, positions: known.positions, elk: known.refined };
  const positions = current !== null && 'positions' in current ? current.positions : null;

  const nodes = useMemo<TaskFlowNode[]>(() => {
    if (positions === null) return [];
    return graph.nodes.map((n) => ({
      id: n.id,
      type: 'task',
      position: positions[n.id] ?? { x: 0, y: 0 },
      data: { task: n, selected: n.id === selected },
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
      measured: MEASURED,
      handles: HANDLES,
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

  // Small graphs show everything; big ones open where an operator looks first: the failed tasks,
  // else the running ones, else the first tasks (left-most).
  const fitIds = useMemo(() => {
    if (positions === null) return [];
    if (!big) return graph.nodes.map((n) => n.id);
    const failed = graph.nodes.filter((n) => n.state === 'ERROR');
    const running = graph.nodes.filter((n) => n.state === 'RUNNING' || n.state === 'WAITING' || n.state === 'RUN_DELAYED');
    const focus = failed.length > 0 ? failed : running.length > 0 ? running : graph.nodes;
    return [...focus]
      .sort((a, b) => (positions[a.id]?.x ?? 0) - (positions[b.id]?.x ?? 0) || (positions[a.id]?.y ?? 0) - (positions[b.id]?.y ?? 0))
      .slice(0, FOCUS_NODES)
      .map((n) => n.id);
  }, [big, graph.nodes, positions]);

  // The pane's size, read before the first paint: React Flow then starts with its size and the
  // fitted view, so nothing waits for its resize observer or a fit pass.
  const pane = useRef<HTMLDivElement>(null);
  const [paneSize, setPaneSize] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    const el = pane.current;
    if (el !== null && paneSize === null) setPaneSize({ width: el.clientWidth, height: el.clientHeight });
  }, [paneSize]);
  const layoutName = current !== null && 'elk' in current && current.elk ? 'elk' : 'quick';
  // The first view of each layout (quick, then ELK's); afterwards the user's pan and zoom stay.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const firstView = useMemo(() => (positions === null || paneSize === null ? null : viewportFitting(fitIds, positions, paneSize.width, paneSize.height, big)), [layoutName, positions !== null, paneSize]);

  // React Flow shows the first view and takes pan, zoom and clicks (the UI benchmark waits for it).
  const [interactive, setInteractive] = useState(false);
  const markInteractive = useCallback(() => setInteractive(true), []);
  const onNodeClick: NodeMouseHandler<TaskFlowNode> = (_, node) => onSelect?.(node.id);
  const onSelectionChange: OnSelectionChangeFunc<TaskFlowNode> = ({ nodes: chosen }) => {
    const first = chosen[0];
    if (first !== undefined && first.id !== selected) onSelect?.(first.id);
  };

  if (current !== null && 'error' in current) return <ErrorPanel title="Could not lay out the graph" error={current.error} />;
  return (
    <div
      ref={pane}
      className={className ?? 'h-[560px] w-full rounded border border-border bg-surface'}
      data-testid="execution-graph"
      data-ready={positions === null ? 'false' : 'true'}
      data-interactive={interactive && positions !== null ? 'true' : 'false'}
      data-node-count={graph.nodes.length}
      role="region"
      aria-label={label}
    >
      {positions === null || paneSize === null || firstView === null ? (
        <div role="status" className="h-full p-4">
          <Skeleton className="h-full w-full" />
          <span className="sr-only">Laying out the graph…</span>
        </div>
      ) : (
        <ReactFlow<TaskFlowNode>
          key={layoutName}
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          onNodeClick={onNodeClick}
          onSelectionChange={onSelectionChange}
          nodesDraggable={false}
          nodesConnectable={false}
          edgesFocusable={false}
          onlyRenderVisibleElements={big}
          width={paneSize.width}
          height={paneSize.height}
          defaultViewport={firstView}
          // A pane with no size yet (laid out while hidden) fits once React Flow has measured it.
          fitView={paneSize.width === 0 || paneSize.height === 0}
          minZoom={big ? MIN_ZOOM_BIG : MIN_ZOOM}
          maxZoom={MAX_ZOOM}
          proOptions={{ hideAttribution: true }}
        >
          {/* The dot grid repaints the whole pane on every frame of a pan: only small graphs get it. */}
          {!big && <Background gap={24} />}
          <Controls showInteractive={false} fitViewOptions={{ padding: 0.15 }} />
          <PanZoomReady onReady={markInteractive} />
        </ReactFlow>
      )}
    </div>
  );
}
