/**
 * Data flow (language digest §8): what an expression sees, how branch contexts are published and
 * merged when branches meet.
 */
import { isMap, type MapKey, type Value, type ValueMap } from '../../language/values/value.js';
import type { ContextVersions, TaskExecution, WorkflowExecution } from '../model.js';

/** A branch context with its per-key publish counters (Mistral's "context versioning"). */
export interface VersionedContext {
  readonly values: ValueMap;
  readonly versions: ContextVersions;
}

export const EMPTY_CONTEXT: VersionedContext = { values: new Map(), versions: new Map() };

function overlay(target: Map<MapKey, Value>, layer: ValueMap | null | undefined): void {
  if (!layer) return;
  for (const [k, v] of layer) {
    // Internal keys (`__execution`, …) are never reachable from expressions.
    if (typeof k === 'string' && k.startsWith('__')) continue;
    target.set(k, v);
  }
}

/**
 * The data view for evaluating a task's expressions. Layers, lowest priority first: workflow input,
 * workflow context (vars, globals), with-items variables, branch context — the first layer of §8.1
 * that has a key wins, so later layers overwrite earlier ones here.
 */
export function taskView(execution: WorkflowExecution, branch: ValueMap, itemVars: ValueMap | null = null): ValueMap {
  const view = new Map<MapKey, Value>();
  overlay(view, execution.input);
  overlay(view, execution.context);
  overlay(view, itemVars);
  overlay(view, branch);
  return view;
}

/** The branch context a task hands to the tasks it triggers: its inbound context plus its publishes. */
export function outboundContext(task: TaskExecution): VersionedContext {
  if (task.published.size === 0) return { values: task.inContext, versions: task.inVersions };
  const values = new Map(task.inContext);
  const versions = new Map(task.inVersions);
  for (const [k, v] of task.published) {
    values.set(k, v);
    if (typeof k === 'string') versions.set(k, (versions.get(k) ?? 0) + 1);
  }
  return { values, versions };
}

/**
 * Merges branch contexts where branches meet (joins, reverse requirements, the final context).
 * For each key the value published more often along its branch wins; on a tie the value already
 * present stays (deterministic in arrival order). Maps present on both sides with equal counters
 * are merged key by key.
 */
export function mergeContexts(contexts: readonly VersionedContext[]): VersionedContext {
  if (contexts.length === 1) return contexts[0] as VersionedContext;
  const values = new Map<MapKey, Value>();
  const versions = new Map<string, number>();
  for (const ctx of contexts) {
    for (const [k, v] of ctx.values) {
      const key = String(k);
      const incoming = ctx.versions.get(key) ?? 0;
      if (!values.has(k)) {
        values.set(k, v);
        versions.set(key, incoming);
        continue;
      }
      const present = versions.get(key) ?? 0;
      if (incoming > present) {
        values.set(k, v);
        versions.set(key, incoming);
      } else if (incoming === present) {
        const old = values.get(k) as Value;
        if (isMap(old) && isMap(v)) values.set(k, deepMerge(old, v));
      }
    }
  }
  return { values, versions };
}

function deepMerge(a: ValueMap, b: ValueMap): ValueMap {
  const out = new Map(a);
  for (const [k, v] of b) {
    const old = out.get(k);
    if (old === undefined) out.set(k, v);
    else if (isMap(old) && isMap(v)) out.set(k, deepMerge(old, v));
  }
  return out;
}

/** Merges maps left to right, later keys winning (publish sources, inline + explicit input). */
export function mergeMaps(...maps: readonly (ValueMap | null | undefined)[]): ValueMap {
  const out = new Map<MapKey, Value>();
  for (const m of maps) if (m) for (const [k, v] of m) out.set(k, v);
  return out;
}
