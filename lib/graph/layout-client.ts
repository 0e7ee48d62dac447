/**
 * Lays graphs out in Web Workers, never on the main thread. Every graph first gets our own layered
 * layout (milliseconds, so the graph is on screen at once); graphs up to {@link ELK_MAX_NODES}
 * then get ELK's layered layout, whose crossing minimisation reads better, and switch to it when it
 * arrives (ELK needs seconds for big graphs, and its worker takes a while to start). Results are
 * cached per graph key (the definition and its node set): in memory, and ELK's also in
 * sessionStorage, so live state changes, tab switches and reloads never lay out again.
 */
import ELK from 'elkjs/lib/elk-api.js';
import type { ELK as ElkApi } from 'elkjs/lib/elk-api.js';
import { shapeKey } from './graph-keys';
import type { LayoutInput, Positions } from './layered-layout';
import type { WorkflowShape } from './workflow-shape';

export const ELK_MAX_NODES = 150;
const CACHE_LIMIT = 50;
const STORAGE_PREFIX = 'convection.elk-layout.';

const quick = new Map<string, Promise<Positions>>();
const refined = new Map<string, Promise<Positions>>();
/** ELK's finished layouts. */
const settled = new Map<string, Positions>();
/** Finished quick layouts, including those the server computed ahead of the page ({@link seedGraph}). */
const laidOut = new Map<string, Positions>();
const shapesRead = new Map<string, WorkflowShape>();
let elk: ElkApi | undefined;
let layered: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (answer: unknown) => void; reject: (e: Error) => void }>();

function elkInstance(): ElkApi {
  elk ??= new ELK({ workerUrl: `${process.env.NEXT_PUBLIC_CONVECTION_BASE_PATH ?? ''}/elk-worker.min.js` });
  return elk;
}

/** Starts ELK's worker ahead of the first graph (it loads and compiles 1.6 MB of script). */
export function warmUpElk(): void {
  if (typeof window !== 'undefined') void elkInstance().knownLayoutAlgorithms().catch(() => undefined);
}

function elkLayout(input: LayoutInput): Promise<Positions> {
  return elkInstance()
    .layout({
      id: 'root',
      layoutOptions: {
        'elk.algorithm': 'layered',
        'elk.direction': 'RIGHT',
        'elk.layered.spacing.nodeNodeBetweenLayers': '80',
        'elk.spacing.nodeNode': '24',
        'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      },
      children: input.nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
      edges: input.edges.map((e, i) => ({ id: `e${i}`, sources: [e.source], targets: [e.target] })),
    })
    .then((graph) => {
      const out: Record<string, { x: number; y: number }> = {};
      for (const c of graph.children ?? []) out[c.id] = { x: c.x ?? 0, y: c.y ?? 0 };
      return out;
    });
}

/** Sends one job to the graph worker (layered-layout-worker.ts) and waits for its answer. */
function inWorker<T>(job: { kind: 'layout'; input: LayoutInput } | { kind: 'shape'; definition: string; workflowName: string }): Promise<T> {
  if (layered === undefined) {
    layered = new Worker(new URL('./layered-layout-worker.ts', import.meta.url), { type: 'module' });
    layered.onmessage = (event: MessageEvent<{ id: number; answer?: unknown; error?: string }>) => {
      const waiter = pending.get(event.data.id);
      pending.delete(event.data.id);
      if (event.data.error === undefined) waiter?.resolve(event.data.answer);
      else waiter?.reject(new Error(event.data.error));
    };
  }
  const id = nextId++;
  const worker = layered;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (answer: unknown) => void, reject });
    worker.postMessage({ id, ...job });
  });
}

function layeredInWorker(input: LayoutInput): Promise<Positions> {
  return inWorker<Positions>({ kind: 'layout', input });
}

const shapes = new Map<string, Promise<WorkflowShape>>();

/** Keeps at most {@link CACHE_LIMIT} entries, dropping the oldest. */
function bounded<V>(cache: Map<string, V>, key: string, value: V): void {
  if (!cache.has(key) && cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
}

/** The shape of `workflowName` in `definition`, read in the worker, once per definition text. */
export function shapeInWorker(definition: string, workflowName: string): Promise<WorkflowShape> {
  const key = shapeKey(definition, workflowName);
  const hit = shapes.get(key);
  if (hit !== undefined) return hit;
  const job = inWorker<WorkflowShape>({ kind: 'shape', definition, workflowName });
  job.then(
    (shape) => bounded(shapesRead, key, shape),
    () => shapes.delete(key),
  );
  bounded(shapes, key, job);
  return job;
}

/** The shape already read for this definition text, synchronously. */
export function knownShape(definition: string, workflowName: string): WorkflowShape | undefined {
  return shapesRead.get(shapeKey(definition, workflowName));
}

/** A graph the Next server read and laid out ahead of the page (lib/graph/graph-seed.ts). */
export interface GraphSeed {
  readonly shapeKey: string;
  readonly shape: WorkflowShape;
  readonly layoutKey: string;
  readonly positions: Positions;
}

/** Takes the server's work, so the first render draws the graph at once. */
export function seedGraph(seed: GraphSeed): void {
  if (!shapesRead.has(seed.shapeKey)) {
    bounded(shapesRead, seed.shapeKey, seed.shape);
    bounded(shapes, seed.shapeKey, Promise.resolve(seed.shape));
  }
  if (!laidOut.has(seed.layoutKey)) bounded(laidOut, seed.layoutKey, seed.positions);
}

function remember(cache: Map<string, Promise<Positions>>, key: string, job: Promise<Positions>): Promise<Positions> {
  // A failed layout must not stay cached: the next render tries again.
  job.catch(() => cache.delete(key));
  bounded(cache, key, job);
  return job;
}

function stored(key: string): Positions | undefined {
  try {
    const text = window.sessionStorage.getItem(STORAGE_PREFIX + key);
    return text === null ? undefined : (JSON.parse(text) as Positions);
  } catch {
    return undefined;
  }
}

function store(key: string, positions: Positions): void {
  try {
    window.sessionStorage.setItem(STORAGE_PREFIX + key, JSON.stringify(positions));
  } catch {
    // A full or disabled sessionStorage only costs a later re-layout.
  }
}

/** The best layout already known for `key`, synchronously: ELK's (`refined`) if it has finished, else the quick one. */
export function knownLayout(key: string): { readonly positions: Positions; readonly refined: boolean } | undefined {
  const elkDone = settled.get(key) ?? stored(key);
  if (elkDone !== undefined) {
    bounded(settled, key, elkDone);
    return { positions: elkDone, refined: true };
  }
  const quickDone = laidOut.get(key);
  return quickDone === undefined ? undefined : { positions: quickDone, refined: false };
}

/** Our layered layout of `input`, once per `key`. */
export function quickLayout(key: string, input: LayoutInput): Promise<Positions> {
  const done = laidOut.get(key);
  if (done !== undefined) return Promise.resolve(done);
  const running = quick.get(key);
  if (running !== undefined) return running;
  const job = layeredInWorker(input).then((positions) => {
    bounded(laidOut, key, positions);
    return positions;
  });
  return remember(quick, key, job);
}

/** ELK's layout of a small graph, once per `key`; null for graphs above {@link ELK_MAX_NODES}. */
export function refinedLayout(key: string, input: LayoutInput): Promise<Positions> | null {
  if (input.nodes.length > ELK_MAX_NODES) return null;
  const hit = refined.get(key);
  if (hit !== undefined) return hit;
  const job = elkLayout(input).then((positions) => {
    bounded(settled, key, positions);
    store(key, positions);
    return positions;
  });
  return remember(refined, key, job);
}
