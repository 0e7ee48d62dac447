/**
 * A purpose-built layered (Sugiyama-style) layout for big graphs, left to right: cycles broken by
 * DFS, longest-path layers, a few barycentre sweeps to reduce crossings, then coordinates. It is
 * linear-ish in nodes + edges (5,000 tasks lay out in tens of ms where ELK takes seconds), at the
 * cost of ELK's edge routing and finer crossing minimisation, which small graphs still get.
 */

export interface LayoutInput {
  readonly nodes: readonly { readonly id: string; readonly width: number; readonly height: number }[];
  readonly edges: readonly { readonly source: string; readonly target: string }[];
}

export interface Positions {
  /** Top-left corner per node id. */
  readonly [id: string]: { readonly x: number; readonly y: number };
}

const LAYER_GAP = 80;
const NODE_GAP = 24;
const SWEEPS = 4;

/** Edges that close a cycle (found by iterative DFS in node order) are ignored for layering. */
function acyclicSuccessors(ids: readonly string[], edges: LayoutInput['edges']): Map<string, string[]> {
  const succ = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) if (e.source !== e.target && succ.has(e.source) && succ.has(e.target)) succ.get(e.source)!.push(e.target);
  const state = new Map<string, 1 | 2>();
  const kept = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const start of ids) {
    if (state.has(start)) continue;
    const stack: [string, number][] = [[start, 0]];
    state.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [id, i] = top;
      const next = succ.get(id)!;
      if (i >= next.length) {
        state.set(id, 2);
        stack.pop();
        continue;
      }
      top[1] = i + 1;
      const t = next[i]!;
      const s = state.get(t);
      if (s === 1) continue; // back edge
      kept.get(id)!.push(t);
      if (s === undefined) {
        state.set(t, 1);
        stack.push([t, 0]);
      }
    }
  }
  return kept;
}

/** Longest path from a source, by Kahn's topological order. */
function layersOf(ids: readonly string[], succ: Map<string, string[]>): Map<string, number> {
  const indegree = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const list of succ.values()) for (const t of list) indegree.set(t, indegree.get(t)! + 1);
  const layer = new Map<string, number>(ids.map((id) => [id, 0]));
  const queue = ids.filter((id) => indegree.get(id) === 0);
  for (let q = 0; q < queue.length; q++) {
    const id = queue[q]!;
    for (const t of succ.get(id)!) {
      layer.set(t, Math.max(layer.get(t)!, layer.get(id)! + 1));
      const d = indegree.get(t)! - 1;
      indegree.set(t, d);
      if (d === 0) queue.push(t);
    }
  }
  return layer;
}

function reorder(layers: string[][], neighbours: Map<string, string[]>, index: Map<string, number>): void {
  for (const layer of layers) {
    const key = new Map<string, number>();
    for (const id of layer) {
      const ns = neighbours.get(id)!;
      key.set(id, ns.length === 0 ? index.get(id)! : ns.reduce((sum, n) => sum + index.get(n)!, 0) / ns.length);
    }
    layer.sort((a, b) => key.get(a)! - key.get(b)! || index.get(a)! - index.get(b)!);
    layer.forEach((id, i) => index.set(id, i));
  }
}

/** Positions for every node, layers left to right, each layer centred vertically. */
export function layeredLayout(input: LayoutInput): Positions {
  const ids = input.nodes.map((n) => n.id);
  const succ = acyclicSuccessors(ids, input.edges);
  const layer = layersOf(ids, succ);
  const pred = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const [s, list] of succ) for (const t of list) pred.get(t)!.push(s);

  const depth = Math.max(0, ...layer.values()) + 1;
  const layers: string[][] = Array.from({ length: depth }, () => []);
  for (const id of ids) layers[layer.get(id)!]!.push(id);
  const index = new Map<string, number>();
  for (const l of layers) l.forEach((id, i) => index.set(id, i));
  for (let s = 0; s < SWEEPS; s++) {
    reorder(layers.slice(1), pred, index);
    reorder(layers.slice(0, -1).reverse(), succ, index);
  }

  const size = new Map(input.nodes.map((n) => [n.id, n]));
  const columnWidth = layers.map((l) => Math.max(0, ...l.map((id) => size.get(id)!.width)));
  const columnHeight = layers.map((l) => l.reduce((h, id) => h + size.get(id)!.height + NODE_GAP, -NODE_GAP));
  const tallest = Math.max(0, ...columnHeight);
  const out: Record<string, { x: number; y: number }> = {};
  let x = 0;
  layers.forEach((l, li) => {
    let y = (tallest - columnHeight[li]!) / 2;
    for (const id of l) {
      out[id] = { x, y };
      y += size.get(id)!.height + NODE_GAP;
    }
    x += columnWidth[li]! + LAYER_GAP;
  });
  return out;
}
