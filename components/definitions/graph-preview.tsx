'use client';

/** The graph of the first workflow in a definition being edited, redrawn a moment after typing stops. */
import { useEffect, useMemo, useState } from 'react';
import { ExecutionGraph } from '@/components/graph/execution-graph';
import { buildGraph } from '@/lib/graph/graph-model';
import { workflowShape } from '@/lib/graph/workflow-shape';

const DEBOUNCE_MS = 500;

export function GraphPreview({ text }: { readonly text: string }) {
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(text), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const graph = useMemo(() => {
    try {
      return buildGraph(workflowShape(settled, ''), []);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }, [settled]);

  if (graph instanceof Error) return <p className="p-3 text-sm text-muted">No graph yet: {graph.message}</p>;
  if (graph.nodes.length === 0) return <p className="p-3 text-sm text-muted">No tasks yet.</p>;
  return <ExecutionGraph graph={graph} label="Graph preview of the definition" className="h-[420px]" />;
}
