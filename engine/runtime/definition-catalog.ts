/**
 * The engine's in-memory catalog of definitions: built-in actions from the registry, ad-hoc actions
 * and workflows as stored. Decisions look names up here synchronously; the engine reloads it from
 * the store when definitions change.
 */
import type { ActionRegistry } from '../actions/registry.js';
import { parseWorkflows } from '../language/parse-document.js';
import type { AdHocActionSpec, WorkflowSpec } from '../language/spec/types.js';
import type { Catalog, LookupScope, ResolvedAction, ResolvedWorkflow } from './catalog.js';

export interface StoredWorkflow {
  readonly name: string;
  readonly namespace: string;
  readonly projectId: string;
  readonly scope: 'private' | 'public';
  readonly definition: string;
  readonly spec: WorkflowSpec;
}

export interface StoredAction {
  readonly name: string;
  readonly namespace: string;
  readonly projectId: string;
  readonly scope: 'private' | 'public';
  readonly spec: AdHocActionSpec;
}

function key(namespace: string, name: string): string {
  return `${namespace}\u0000${name}`;
}

const SPEC_CACHE_LIMIT = 2_000;

export class DefinitionCatalog implements Catalog {
  private workflows = new Map<string, StoredWorkflow[]>();
  private actions = new Map<string, StoredAction[]>();
  private readonly specs = new Map<string, WorkflowSpec>();

  constructor(private readonly registry: ActionRegistry) {}

  replaceAll(workflows: readonly StoredWorkflow[], actions: readonly StoredAction[]): void {
    const wf = new Map<string, StoredWorkflow[]>();
    for (const w of workflows) wf.set(key(w.namespace, w.name), [...(wf.get(key(w.namespace, w.name)) ?? []), w]);
    const ac = new Map<string, StoredAction[]>();
    for (const a of actions) ac.set(key(a.namespace, a.name), [...(ac.get(key(a.namespace, a.name)) ?? []), a]);
    this.workflows = wf;
    this.actions = ac;
  }

  putWorkflow(w: StoredWorkflow): void {
    const list = (this.workflows.get(key(w.namespace, w.name)) ?? []).filter((x) => x.projectId !== w.projectId);
    this.workflows.set(key(w.namespace, w.name), [...list, w]);
  }

  removeWorkflow(namespace: string, name: string, projectId: string): void {
    const list = (this.workflows.get(key(namespace, name)) ?? []).filter((x) => x.projectId !== projectId);
    this.workflows.set(key(namespace, name), list);
  }

  putAction(a: StoredAction): void {
    const list = (this.actions.get(key(a.namespace, a.name)) ?? []).filter((x) => x.projectId !== a.projectId);
    this.actions.set(key(a.namespace, a.name), [...list, a]);
  }

  removeAction(namespace: string, name: string, projectId: string): void {
    const list = (this.actions.get(key(namespace, name)) ?? []).filter((x) => x.projectId !== projectId);
    this.actions.set(key(namespace, name), list);
  }

  /** Own project first, then public definitions of other projects. */
  private visible<T extends { projectId: string; scope: string }>(list: readonly T[] | undefined, projectId: string): T | undefined {
    if (!list) return undefined;
    return list.find((x) => x.projectId === projectId) ?? list.find((x) => x.scope === 'public');
  }

  /** Candidate names in lookup order: same workbook first, then as written. */
  private candidates(name: string, scope: LookupScope): string[] {
    return scope.workbook && !name.startsWith(`${scope.workbook}.`) ? [`${scope.workbook}.${name}`, name] : [name];
  }

  action(name: string, scope: LookupScope): ResolvedAction | null {
    for (const candidate of this.candidates(name, scope)) {
      for (const ns of scope.namespace ? [scope.namespace, ''] : ['']) {
        const found = this.visible(this.actions.get(key(ns, candidate)), scope.projectId);
        if (found) return { kind: 'adhoc', spec: found.spec };
      }
    }
    const builtin = this.registry.get(name);
    if (!builtin) return null;
    return { kind: 'builtin', name: builtin.name, params: builtin.params, idempotent: builtin.idempotent, timer: builtin.durationHint === 'timer' };
  }

  workflow(name: string, scope: LookupScope): ResolvedWorkflow | null {
    for (const candidate of this.candidates(name, scope)) {
      for (const ns of scope.namespace ? [scope.namespace, ''] : ['']) {
        const found = this.visible(this.workflows.get(key(ns, candidate)), scope.projectId);
        if (found) return { name: found.name, namespace: found.namespace, definition: found.definition, spec: found.spec };
      }
    }
    return null;
  }

  specOf(definition: string, workflowName: string): WorkflowSpec {
    const cacheKey = `${workflowName}\u0000${definition}`;
    const hit = this.specs.get(cacheKey);
    if (hit) return hit;
    const parsed = parseWorkflows(definition);
    if (!parsed.ok) throw new Error(`stored definition of ${workflowName} no longer parses: ${parsed.problems[0]?.message ?? ''}`);
    const short = workflowName.includes('.') ? workflowName.slice(workflowName.lastIndexOf('.') + 1) : workflowName;
    const spec = parsed.value.find((w) => w.name === workflowName) ?? parsed.value.find((w) => w.name === short) ?? parsed.value[0];
    if (!spec) throw new Error(`stored definition of ${workflowName} holds no workflow`);
    // A workbook member is stored alone; its full name tells which workbook short names resolve in.
    const resolved: WorkflowSpec =
      spec.name === workflowName ? spec : { ...spec, name: workflowName, workbook: workflowName.slice(0, workflowName.length - short.length - 1) || null };
    if (this.specs.size >= SPEC_CACHE_LIMIT) this.specs.clear();
    this.specs.set(cacheKey, resolved);
    return resolved;
  }
}
