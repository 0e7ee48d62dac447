/**
 * Cache keys of the graph pipeline, computed the same way on the Next server (which lays graphs
 * out ahead of the page) and in the browser (which looks the result up instead of laying out again).
 */
import type { ExecutionGraph } from './graph-model';
import type { LayoutInput } from './layered-layout';

/** Every task node's size in pixels: the layout and the drawn node must agree. */
export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 64;

/** A 32-bit string hash: cache keys only, never security. */
export function hashText(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

/** One definition text's shape of one workflow (the text's length and hash stand for the text). */
export function shapeKey(definition: string, workflowName: string): string {
  return `${workflowName}:${definition.length}:${hashText(definition)}`;
}

/** Stable per definition and node set: states change, the key (and so the cached layout) does not. */
export function layoutKey(graph: ExecutionGraph): string {
  const text = `${graph.workflow}|${graph.nodes.map((n) => n.id).join(',')}|${graph.edges.map((e) => e.id).join(',')}`;
  return `${graph.workflow}:${graph.nodes.length}:${graph.edges.length}:${hashText(text)}`;
}

/** What the layout needs of a graph: node sizes and the edges. */
export function layoutInput(graph: ExecutionGraph): LayoutInput {
  return {
    nodes: graph.nodes.map((n) => ({ id: n.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: graph.edges.map((e) => ({ source: e.source, target: e.target })),
  };
}
