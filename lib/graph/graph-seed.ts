/**
 * The Next server's part of drawing an execution's graph: it reads the workflow's shape and lays
 * it out (our layered layout) while it renders the page, so the browser's first render draws the
 * graph instead of waiting for its worker. Shapes are kept per definition text and layouts per
 * node set, so the next view of any execution of the workflow reads and lays out nothing. Server
 * code only.
 */
import { buildGraph } from './graph-model';
import { layoutInput, layoutKey, layoutSignature, shapeKey } from './graph-keys';
import { layeredLayout } from './layered-layout';
import type { Positions } from './layered-layout';
import type { GraphSeed } from './layout-client';
import { runsOf, treeFromReport } from './live-tree';
import type { ExecutionReport } from './live-tree';
import { workflowShape } from './workflow-shape';
import type { WorkflowShape } from './workflow-shape';

/** Per cache; a 5,000-task workflow's shape and layout take about 1 MB, most take a few KB. */
const CACHE_LIMIT = 50;
const shapes = new Map<string, WorkflowShape | null>();
const layouts = new Map<string, Positions>();

/** Looks `key` up, computing and keeping the value on a miss; the least recently used goes first. */
function cached<V>(cache: Map<string, V>, key: string, compute: () => V): V {
  if (cache.has(key)) {
    const hit = cache.get(key) as V;
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const value = compute();
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

function readShape(definition: string, workflowName: string): WorkflowShape | null {
  try {
    return workflowShape(definition, workflowName);
  } catch {
    // The browser reads it again and shows the problem in its own words.
    return null;
  }
}

/** The seed for `executionId`'s graph as the browser will first build it; undefined when the definition cannot be read. */
export function graphSeed(definition: string, workflowName: string, executionId: string, report: ExecutionReport): GraphSeed | undefined {
  // Keyed by the whole text, not the browser's short hash: these caches serve every user, and a
  // hash collision must never hand one project's task names to another.
  const shape = cached(shapes, `${workflowName}\u0000${definition}`, () => readShape(definition, workflowName));
  if (shape === null) return undefined;
  const graph = buildGraph(shape, runsOf(treeFromReport(report), executionId));
  const positions = cached(layouts, layoutSignature(graph), () => layeredLayout(layoutInput(graph)));
  return { shapeKey: shapeKey(definition, workflowName), shape, layoutKey: layoutKey(graph), positions };
}
