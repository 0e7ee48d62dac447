/**
 * Storing workflow, workbook and ad-hoc action definitions: validate, write, and keep the engine's
 * catalog in step. A rejected document changes nothing.
 */
import { createHash } from 'node:crypto';
import { parseActions, parseAnyDocument, parseWorkbook, parseWorkflows } from '../../language/parse-document.js';
import type { AdHocActionSpec, InputParam, ParseResult, WorkflowSpec } from '../../language/spec/types.js';
import { dumpJson } from '../../language/values/json.js';
import type { Value } from '../../language/values/value.js';
import { pyRepr } from '../../language/values/python-format.js';
import type { Store } from '../../store/open-store.js';
import { isUniqueViolation } from '../../store/dialect.js';
import { insertActionDefinitions, upsertActionDefinitions } from '../../store/repositories/action-definitions.js';
import { insertWorkbook } from '../../store/repositories/workbooks.js';
import { insertWorkflowDefinitions, upsertWorkflowDefinitions } from '../../store/repositories/workflow-definitions.js';
import type { NewActionDefinition, NewWorkflowDefinition, StoreDb } from '../../store/schema.js';
import type { DefinitionCatalog } from '../definition-catalog.js';
import { EngineError } from '../errors.js';
import { newId } from '../ids.js';

export interface Owner {
  readonly projectId: string;
  /** @default '' */
  readonly namespace?: string;
  /** @default 'private' */
  readonly scope?: 'private' | 'public';
}

export interface StoredDefinitions {
  readonly workflows: readonly WorkflowSpec[];
  readonly actions: readonly AdHocActionSpec[];
  readonly workbook: string | null;
}

function unwrap<T>(r: ParseResult<T>, what: string): T {
  if (r.ok) return r.value;
  const count = r.problems.length;
  throw new EngineError('invalid-definition', `Invalid ${what} (${count} problem${count === 1 ? '' : 's'}):\n${r.problems.map((p) => `- ${p.message}`).join('\n')}`, r.problems);
}

/** Mistral's `input` text: `name, greeting="Hello"`. */
export function inputText(params: readonly InputParam[]): string {
  return params.map((p) => (p.hasDefault ? `${p.name}=${typeof p.default === 'string' ? JSON.stringify(p.default) : pyRepr(p.default)}` : p.name)).join(', ');
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

function workflowRow(spec: WorkflowSpec, owner: Owner, now: number): NewWorkflowDefinition {
  return {
    id: newId(),
    name: spec.name,
    namespace: owner.namespace ?? '',
    project_id: owner.projectId,
    scope: owner.scope ?? 'private',
    workbook_name: spec.workbook,
    definition: spec.definition,
    spec_json: dumpJson(new Map<string, Value>([['type', spec.type], ['tasks', [...spec.tasks.keys()]]])),
    input: inputText(spec.input),
    interface_json: dumpJson(new Map([['input', spec.input.map((p) => p.name)], ['output', []]])),
    tags_json: dumpJson([...spec.tags]),
    checksum: md5(spec.definition),
    created_at: now,
    updated_at: now,
  };
}

function actionRow(spec: AdHocActionSpec, owner: Owner, now: number): NewActionDefinition {
  return {
    id: newId(),
    name: spec.name,
    namespace: owner.namespace ?? '',
    project_id: owner.projectId,
    scope: owner.scope ?? 'private',
    definition: spec.definition,
    spec_json: dumpJson(new Map([['base', spec.base]])),
    description: spec.description,
    input: inputText(spec.input),
    tags_json: dumpJson([...spec.tags]),
    is_system: false,
    workbook_name: spec.workbook,
    created_at: now,
    updated_at: now,
  };
}

export class DefinitionService {
  constructor(
    private readonly store: Store,
    private readonly catalog: DefinitionCatalog,
  ) {}

  private async write<T>(fn: (tx: StoreDb) => Promise<T>, duplicate: string): Promise<T> {
    try {
      return await this.store.transaction(fn);
    } catch (e) {
      if (isUniqueViolation(e)) throw new EngineError('conflict', `Duplicate entry for ${duplicate}`);
      throw e;
    }
  }

  private remember(workflows: readonly WorkflowSpec[], actions: readonly AdHocActionSpec[], owner: Owner): void {
    for (const spec of workflows) this.catalog.putWorkflow({ name: spec.name, namespace: owner.namespace ?? '', projectId: owner.projectId, scope: owner.scope ?? 'private', definition: spec.definition, spec });
    for (const spec of actions) this.catalog.putAction({ name: spec.name, namespace: owner.namespace ?? '', projectId: owner.projectId, scope: owner.scope ?? 'private', spec });
  }

  /** Creates (or with `update`, replaces) the workflows of a workflow-list document. */
  async saveWorkflows(text: string, owner: Owner, update = false): Promise<readonly WorkflowSpec[]> {
    const specs = unwrap(parseWorkflows(text), 'workflow definition');
    const now = Date.now();
    const rows = specs.map((s) => workflowRow(s, owner, now));
    await this.write((tx) => (update ? upsertWorkflowDefinitions(tx, rows) : insertWorkflowDefinitions(tx, rows)), `workflow ${specs.map((s) => s.name).join(', ')}`);
    this.remember(specs, [], owner);
    return specs;
  }

  async saveActions(text: string, owner: Owner, update = false): Promise<readonly AdHocActionSpec[]> {
    const specs = unwrap(parseActions(text), 'action definition');
    const now = Date.now();
    const rows = specs.map((s) => actionRow(s, owner, now));
    await this.write((tx) => (update ? upsertActionDefinitions(tx, rows) : insertActionDefinitions(tx, rows)), `action ${specs.map((s) => s.name).join(', ')}`);
    this.remember([], specs, owner);
    return specs;
  }

  /** A workbook and its members (`<wb>.<name>`), which are upserted as Mistral does. */
  async saveWorkbook(text: string, owner: Owner): Promise<StoredDefinitions> {
    const wb = unwrap(parseWorkbook(text), 'workbook');
    const now = Date.now();
    await this.write(async (tx) => {
      await insertWorkbook(tx, {
        id: newId(),
        name: wb.name,
        namespace: owner.namespace ?? '',
        project_id: owner.projectId,
        scope: owner.scope ?? 'private',
        definition: wb.definition,
        spec_json: dumpJson(new Map([['workflows', wb.workflows.map((w) => w.name)]])),
        tags_json: dumpJson([...wb.tags]),
        checksum: md5(wb.definition),
        created_at: now,
        updated_at: now,
      });
      await upsertWorkflowDefinitions(tx, wb.workflows.map((s) => workflowRow(s, owner, now)));
      await upsertActionDefinitions(tx, wb.actions.map((s) => actionRow(s, owner, now)));
    }, `workbook ${wb.name}`);
    this.remember(wb.workflows, wb.actions, owner);
    return { workflows: wb.workflows, actions: wb.actions, workbook: wb.name };
  }

  /** Stores any document, whatever its kind (what `convection run` needs). */
  async saveAny(text: string, owner: Owner): Promise<StoredDefinitions> {
    const doc = unwrap(parseAnyDocument(text), 'document');
    if (doc.kind === 'workbook') return this.saveWorkbook(text, owner);
    if (doc.kind === 'actions') return { workflows: [], actions: await this.saveActions(text, owner), workbook: null };
    return { workflows: await this.saveWorkflows(text, owner), actions: [], workbook: null };
  }

  /** Loads every stored definition into the catalog (at engine start). */
  async loadCatalog(): Promise<void> {
    const db = this.store.db;
    const wfRows = await db.selectFrom('workflow_definitions').select(['name', 'namespace', 'project_id', 'scope', 'definition']).execute();
    const acRows = await db.selectFrom('action_definitions').select(['name', 'namespace', 'project_id', 'scope', 'definition', 'workbook_name']).execute();
    const workflows = wfRows.map((r) => ({ name: r.name, namespace: r.namespace, projectId: r.project_id, scope: r.scope, definition: r.definition, spec: this.catalog.specOf(r.definition, r.name) }));
    const actions = acRows.flatMap((r) => {
      const parsed = parseActions(r.definition);
      const short = r.name.slice(r.name.lastIndexOf('.') + 1);
      const spec = parsed.ok ? (parsed.value.find((a) => a.name === r.name) ?? parsed.value.find((a) => a.shortName === short)) : undefined;
      return spec ? [{ name: r.name, namespace: r.namespace, projectId: r.project_id, scope: r.scope, spec: { ...spec, name: r.name, workbook: r.workbook_name } }] : [];
    });
    this.catalog.replaceAll(workflows, actions);
  }
}
