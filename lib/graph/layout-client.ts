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
import type { LayoutInput, Positions } from './layered-layout';
import type { WorkflowShape } from './workflow-shape';

export const ELK_MAX_NODES = 150;
const CACHE_LIMIT = 50;
const STORAGE_PREFIX = 'convection.elk-layout.';

const quick = new Map<string, Promise<Positions>>();
const refined = new Map<string, Promise<Positions>>();
const settled = new Map<string, Positions>();
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

/** The shape of `workflowName` in `definition`, read in the worker, once per definition text. */
export function shapeInWorker(definition: string, workflowName: string): Promise<WorkflowShape> {
  const key = `${workflowName}\u0000${definition}`;
  const hit = shapes.get(key);
  if (hit !== undefined) return hit;
  const job = inWorker<WorkflowShape>({ kind: 'shape', definition, workflowName });
  job.catch(() => shapes.delete(key));
  if (shapes.size >= CACHE_LIMIT) shapes.delete(shapes.keys().next().value as string);
  shapes.set(key, job);
  return job;
}

function remember(cache: Map<string, Promise<Positions>>, key: string, job: Promise<Positions>): Promise<Positions> {
  // A failed layout must not stay cached: the next render tries again.
  job.catch(() => cache.delete(key));
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, job);
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

/** The best layout already known for `key`, synchronously (ELK's if it has finished). */
export function knownLayout(key: string): Positions | undefined {
  const hit = settled.get(key) ?? stored(key);
  if (hit !== undefined) settled.set(key, hit);
  return hit;
}

/** Our layered layout of `input`, once per `key`. */
export function quickLayout(key: string, input: LayoutInput): Promise<Positions> {
  return quick.get(key) ?? remember(quick, key, layeredInWorker(input));
}

/** ELK's layout of a small graph, once per `key`; null for graphs above {@link ELK_MAX_NODES}. */
export function refinedLayout(key: string, input: LayoutInput): Promise<Positions> | null {
  if (input.nodes.length > ELK_MAX_NODES) return null;
  const hit = refined.get(key);
  if (hit !== undefined) return hit;
  const job = elkLayout(input).then((positions) => {
    settled.set(key, positions);
    store(key, positions);
    return positions;
  });
  return remember(refined, key, job);
}
