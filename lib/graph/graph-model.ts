/**
 * The execution graph as data: a workflow's shape plus what has run so far → nodes and edges,
 * before any layout. Pure, so the rules (latest run wins, with-items progress, fading, heat) are
 * tested without a browser.
 */
import { ENGINE_COMMANDS } from './workflow-shape';
import type { TaskShape, TransitionKind, WorkflowShape } from './workflow-shape';

/** One run of a task (a task name may run several times in a direct workflow's loop). */
export interface TaskRun {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly stateInfo: string | null;
  /** Epoch ms; orders the runs of one name. */
  readonly createdAt: number;
  /** Finished / all of the actions or sub-workflows the run started (shown for with-items tasks). */
  readonly items?: { readonly done: number; readonly total: number };
  /** Sub-workflow executions this run started. */
  readonly subExecutionIds: readonly string[];
}

export interface GraphNode {
  /** The task name, unique within one workflow. */
  readonly id: string;
  readonly runs: string;
  readonly kind: TaskShape['kind'];
  /** The latest run's state; undefined while the task has not run. */
  readonly state: string | undefined;
  readonly stateInfo: string | null;
  readonly taskId: string | undefined;
  readonly runCount: number;
  readonly withItems: boolean;
  readonly items: { readonly done: number; readonly total: number } | undefined;
  readonly subExecutionIds: readonly string[];
  /** Transitions to engine commands, e.g. `on-error → fail`, shown on the node instead of as edges. */
  readonly commands: readonly string[];
  /** Not run (yet): drawn faded. */
  readonly faded: boolean;
  /** 0..1 share of the slowest task's average, when a heat overlay is on. */
  readonly heat: number | undefined;
  readonly avgMs: number | undefined;
  /** Ran but is not in the definition (e.g. the definition changed since). */
  readonly unknown: boolean;
}

export type EdgeKind = TransitionKind | 'requires';

export interface GraphEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly kind: EdgeKind;
  readonly label: string;
  /** Both ends have run: the edge was (probably) followed. */
  readonly visited: boolean;
}

export interface ExecutionGraph {
  readonly workflow: string;
  readonly type: WorkflowShape['type'];
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

export interface GraphOptions {
  /** Average duration per task name, for the heat overlay. */
  readonly heat?: ReadonlyMap<string, number>;
}

function latestRuns(runs: readonly TaskRun[]): Map<string, { latest: TaskRun; count: number }> {
  const out = new Map<string, { latest: TaskRun; count: number }>();
  for (const run of runs) {
    const seen = out.get(run.name);
    if (seen === undefined) out.set(run.name, { latest: run, count: 1 });
    else {
      const later = run.createdAt > seen.latest.createdAt || (run.createdAt === seen.latest.createdAt && run.id > seen.latest.id);
      out.set(run.name, { latest: later ? run : seen.latest, count: seen.count + 1 });
    }
  }
  return out;
}

function edgeLabel(kind: EdgeKind, condition: string | undefined): string {
  return condition === undefined ? kind : `${kind}: ${condition}`;
}

/** Nodes and edges of `shape` coloured by the latest of `runs` per task; tasks that never ran are faded. */
export function buildGraph(shape: WorkflowShape, runs: readonly TaskRun[], options: GraphOptions = {}): ExecutionGraph {
  const latest = latestRuns(runs);
  const names = new Set(shape.tasks.map((t) => t.name));
  const maxHeat = options.heat === undefined ? 0 : Math.max(0, ...options.heat.values());

  const node = (task: TaskShape | undefined, name: string): GraphNode => {
    const run = latest.get(name);
    const withItems = task?.withItems ?? false;
    const avg = options.heat?.get(name);
    const commands =
      task?.transitions.filter((t) => ENGINE_COMMANDS.has(t.target)).map((t) => `${t.kind} → ${t.target}`) ?? [];
    return {
      id: name,
      runs: task?.runs ?? '',
      kind: task?.kind ?? 'action',
      state: run?.latest.state,
      stateInfo: run?.latest.stateInfo ?? null,
      taskId: run?.latest.id,
      runCount: run?.count ?? 0,
      withItems,
      items: withItems ? run?.latest.items : undefined,
      subExecutionIds: run?.latest.subExecutionIds ?? [],
      commands,
      faded: run === undefined,
      heat: avg === undefined || maxHeat === 0 ? undefined : avg / maxHeat,
      avgMs: avg,
      unknown: task === undefined,
    };
  };

  const nodes = shape.tasks.map((t) => node(t, t.name));
  for (const name of latest.keys()) if (!names.has(name)) nodes.push(node(undefined, name));

  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  const add = (source: string, target: string, kind: EdgeKind, condition: string | undefined): void => {
    const id = `${source}→${target}:${kind}`;
    if (seen.has(id) || !names.has(source) || !names.has(target)) return;
    seen.add(id);
    edges.push({ id, source, target, kind, label: edgeLabel(kind, condition), visited: latest.has(source) && latest.has(target) });
  };
  for (const task of shape.tasks) {
    for (const t of task.transitions) if (!ENGINE_COMMANDS.has(t.target)) add(task.name, t.target, t.kind, t.condition);
    for (const r of task.requires) add(r, task.name, 'requires', undefined);
  }
  return { workflow: shape.name, type: shape.type, nodes, edges };
}
