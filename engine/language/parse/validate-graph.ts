/**
 * Whole-workflow checks once every task is read: transition targets exist, a direct workflow has a
 * start task, joins can be satisfied, and reverse `requires` name real tasks without cycles. Every
 * pass is linear in tasks plus edges, so large workflows validate quickly.
 */
import type { SourcePosition, TaskSpec, TransitionClause } from '../spec/types.js';
import type { Problems, Scope } from './problems.js';
import type { TaskDefaults } from './task-defaults.js';
import type { ParsedTask } from './task-parser.js';
import { TRANSITION_KEYS, type TransitionKey } from './transitions.js';

function clausesOf(spec: TaskSpec): (TransitionClause | null)[] {
  return [spec.onSuccess, spec.onError, spec.onComplete, spec.onSkip];
}

function reportUnknownTargets(clauses: Partial<Record<TransitionKey, TransitionClause>>, known: ReadonlyMap<string, unknown>, scope: () => Scope, problems: Problems): void {
  for (const key of TRANSITION_KEYS) {
    const clause = clauses[key];
    if (!clause) continue;
    for (const t of clause.targets) {
      if (t.kind === 'task' && !known.has(t.name)) problems.add('unknown-task', scope(), key, `${key} refers to unknown task "${t.name}"`, t.position);
    }
  }
}

export interface DirectGraph {
  readonly startTasks: string[];
  readonly inbound: Map<string, string[]>;
}

/** Checks a direct workflow and computes its start tasks and inbound transitions (guards ignored). */
export function validateDirect(
  parsed: readonly ParsedTask[],
  specs: ReadonlyMap<string, TaskSpec>,
  defaults: TaskDefaults,
  scope: Scope,
  tasksPos: SourcePosition,
  problems: Problems,
): DirectGraph {
  for (const t of parsed) reportUnknownTargets(t.clauses, specs, () => ({ ...scope, task: t.name }), problems);
  reportUnknownTargets(defaults.clauses, specs, () => ({ ...scope, taskDefaults: true }), problems);

  const inbound = new Map<string, string[]>();
  for (const name of specs.keys()) inbound.set(name, []);
  for (const spec of specs.values()) {
    for (const clause of clausesOf(spec)) {
      for (const t of clause?.targets ?? []) {
        if (t.kind !== 'task') continue;
        const list = inbound.get(t.name);
        // Sources are visited one at a time, so a repeat can only be the last entry.
        if (list && list[list.length - 1] !== spec.name) list.push(spec.name);
      }
    }
  }
  const startTasks = [...specs.keys()].filter((name) => (inbound.get(name)?.length ?? 0) === 0);
  if (specs.size > 0 && startTasks.length === 0) {
    problems.add('no-start-task', scope, 'tasks', 'has no start task: every task is the target of a transition, so none can run first', tasksPos);
  }
  for (const t of parsed) {
    if (t.join === null || !t.joinPos) continue;
    const count = inbound.get(t.name)?.length ?? 0;
    const taskScope = { ...scope, task: t.name };
    if (t.join === 'all' && count === 0) {
      problems.add('invalid-join', taskScope, 'join', `join: all, but no task transitions to "${t.name}"`, t.joinPos);
    } else if (typeof t.join === 'number' && count < t.join) {
      problems.add('invalid-join', taskScope, 'join', `join: ${t.join}, but only ${count} task${count === 1 ? '' : 's'} transition to "${t.name}"`, t.joinPos);
    }
  }
  return { startTasks, inbound };
}

/** Checks reverse-workflow `requires`: known names, no self-reference, no cycles. */
export function validateReverse(parsed: readonly ParsedTask[], specs: ReadonlyMap<string, TaskSpec>, defaults: TaskDefaults, scope: Scope, problems: Problems): void {
  const refPos = new Map<string, SourcePosition>();
  for (const t of parsed) {
    for (const r of t.requires) {
      const taskScope = { ...scope, task: t.name };
      if (r.name === t.name) problems.add('requires-cycle', taskScope, 'requires', `requires itself ("${t.name}")`, r.pos);
      else if (!specs.has(r.name)) problems.add('unknown-task', taskScope, 'requires', `requires unknown task "${r.name}"`, r.pos);
      refPos.set(`${t.name}\u0000${r.name}`, r.pos);
    }
  }
  for (const r of defaults.requires) {
    if (!specs.has(r.name)) problems.add('unknown-task', { ...scope, taskDefaults: true }, 'requires', `requires unknown task "${r.name}"`, r.pos);
  }
  for (const cycle of findCycles(specs)) {
    const [first, second] = cycle;
    if (first === undefined || second === undefined) continue;
    const spec = specs.get(first);
    const pos = refPos.get(`${first}\u0000${second}`) ?? spec?.position ?? { line: 1, column: 1 };
    problems.add('requires-cycle', { ...scope, task: first }, 'requires', `requires form a cycle: ${cycle.join(' -> ')}`, pos);
  }
}

/** Each cycle closed by a back edge of an iterative depth-first search, as a -> b -> a. */
function findCycles(specs: ReadonlyMap<string, TaskSpec>): string[][] {
  const state = new Map<string, 1 | 2>();
  const cycles: string[][] = [];
  const edges = new Map<string, string[]>();
  for (const [name, spec] of specs) edges.set(name, spec.requires.filter((d) => specs.has(d)));
  for (const root of specs.keys()) {
    if (state.has(root)) continue;
    const path: string[] = [root];
    const next: number[] = [0];
    state.set(root, 1);
    while (path.length > 0) {
      const node = path[path.length - 1] as string;
      const deps = edges.get(node) ?? [];
      const i = next[next.length - 1] as number;
      if (i >= deps.length) {
        state.set(node, 2);
        path.pop();
        next.pop();
        continue;
      }
      next[next.length - 1] = i + 1;
      const dep = deps[i] as string;
      const s = state.get(dep);
      if (s === 1) cycles.push([...path.slice(path.indexOf(dep)), dep]);
      else if (s === undefined) {
        state.set(dep, 1);
        path.push(dep);
        next.push(0);
      }
    }
  }
  return cycles;
}
