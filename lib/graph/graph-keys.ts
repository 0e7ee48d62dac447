/**
 * Cache keys of the graph pipeline, computed the same way on the Next server (which lays graphs
 * out ahead of the page) and in the browser (which looks the result up instead of laying out again).
 */
import type { ExecutionGraph } from './graph-model';
import type { LayoutInput } from './layered-layout';

/** Every task node's size in pixels: the layout and the drawn node must agree. */
export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 64;

/**
 * Two independent 32-bit string hashes (multiply-by-31 and FNV-1a) as one key part: cache keys only,
 * never security. Either alone collides on simple edits ("Aa" and "BB" are equal under the first).
 */
export function hashText(text: string): string {
  let h31 = 0;
  let fnv = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h31 = (Math.imul(h31, 31) + c) | 0;
    fnv = Math.imul(fnv ^ c, 0x01000193);
  }
  return `${(h31 >>> 0).toString(36)}.${(fnv >>> 0).toString(36)}`;
}

/** One definition text's shape of one workflow (the text's length and hash stand for the text). */
export function shapeKey(definition: string, workflowName: string): string {
  return `${workflowName}:${definition.length}:${hashText(definition)}`;
}

/** The graph's structure as text (workflow, node ids, edge ids): equal exactly when the layout is. */
export function layoutSignature(graph: ExecutionGraph): string {
  return `${graph.workflow}|${graph.nodes.map((n) => n.id).join(',')}|${graph.edges.map((e) => e.id).join(',')}`;
}

/** Stable per definition and node set: states change, the key (and so the cached layout) does not. */
export function layoutKey(graph: ExecutionGraph): string {
  return `${graph.workflow}:${graph.nodes.length}:${graph.edges.length}:${hashText(layoutSignature(graph))}`;
}

/** What the layout needs of a graph: node sizes and the edges. */
export function layoutInput(graph: ExecutionGraph): LayoutInput {
  return {
    nodes: graph.nodes.map((n) => ({ id: n.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: graph.edges.map((e) => ({ source: e.source, target: e.target })),
  };
}
