/**
 * Storing workflow, workbook and ad-hoc action definitions: validate, write, and keep the engine's
 * catalog in step. A rejected document changes nothing.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { SelectQueryBuilder, SqlBool } from 'kysely';
import { parseActions, parseAnyDocument, parseWorkbook, parseWorkflows } from '../../language/parse-document.js';
import type { AdHocActionSpec, InputParam, ParseResult, Problem, WorkbookSpec, WorkflowSpec } from '../../language/spec/types.js';
import { dumpJson } from '../../language/values/json.js';
import type { Value } from '../../language/values/value.js';
import { pyRepr } from '../../language/values/python-format.js';
import type { Store } from '../../store/open-store.js';
import { isUniqueViolation } from '../../store/dialect.js';
import {
  deleteActionDefinition,
  insertActionDefinitions,
  updateActionDefinition,
  upsertActionDefinitions,
} from '../../store/repositories/action-definitions.js';
import { workflowHasCronTriggers } from '../../store/repositories/cron-triggers.js';
import { workflowHasEventTriggers } from '../../store/repositories/event-triggers.js';
import { deleteMembersOf } from '../../store/repositories/members.js';
import { deleteWorkbook, insertWorkbook, updateWorkbook } from '../../store/repositories/workbooks.js';
import {
  deleteWorkflowDefinition,
  insertWorkflowDefinitions,
  updateWorkflowDefinition,
  upsertWorkflowDefinitions,
} from '../../store/repositories/workflow-definitions.js';
import type {
  ActionDefinition,
  Database,
  NewActionDefinition,
  NewWorkflowDefinition,
  StoreDb,
  Workbook,
  WorkflowDefinition,
} from '../../store/schema.js';
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

/** The columns a stored definition or workbook takes from its owner. */
function ownerColumns(owner: Owner) {
  return { namespace: owner.namespace ?? '', project_id: owner.projectId, scope: owner.scope ?? 'private' };
}

function workflowRow(spec: WorkflowSpec, owner: Owner, now: number): NewWorkflowDefinition {
  return {
    id: newId(),
    name: spec.name,
    ...ownerColumns(owner),
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
    ...ownerColumns(owner),
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

/** The workbook columns its document determines. */
function workbookContent(wb: WorkbookSpec) {
  return {
    definition: wb.definition,
    spec_json: dumpJson(new Map([['workflows', wb.workflows.map((w) => w.name)]])),
    tags_json: dumpJson([...wb.tags]),
    checksum: md5(wb.definition),
  };
}

/** A workbook's `<wb>.<name>` members, upserted as Mistral does. */
async function upsertMembers(tx: StoreDb, wb: WorkbookSpec, owner: Owner, now: number): Promise<void> {
  await upsertWorkflowDefinitions(tx, wb.workflows.map((s) => workflowRow(s, owner, now)));
  await upsertActionDefinitions(tx, wb.actions.map((s) => actionRow(s, owner, now)));
}

/** The stored-row fields the shared create/update code reads. */
interface StoredRow {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly project_id: string;
  readonly scope: 'private' | 'public';
}

/**
 * What differs between storing workflows and storing ad-hoc actions, so that one piece of code
 * creates, replaces and keeps the catalog in step for both.
 */
interface DefinitionKind<S extends { readonly name: string }, New, Row extends StoredRow, Table extends keyof Database> {
  /** In messages: `workflow`, `action`. */
  readonly noun: string;
  /** In not-found messages: `Workflow`, `Action`. */
  readonly title: string;
  row(spec: S, owner: Owner, now: number): New;
  insert(tx: StoreDb, rows: readonly New[]): Promise<Row[]>;
  upsert(tx: StoreDb, rows: readonly New[]): Promise<Row[]>;
  select(tx: StoreDb): SelectQueryBuilder<Database, Table, Row>;
  /** Overwrites the stored row `id` with `row`'s content. */
  replace(tx: StoreDb, id: string, row: New, now: number): Promise<Row | undefined>;
  forget(catalog: DefinitionCatalog, row: Row): void;
  /** Puts `spec` in the catalog as `owner`'s; `stored` is the row just written by an update. */
  put(catalog: DefinitionCatalog, spec: S, owner: Owner, stored?: Row): void;
}

function putWorkflow(catalog: DefinitionCatalog, spec: WorkflowSpec, owner: Owner): void {
  catalog.putWorkflow({ name: spec.name, namespace: owner.namespace ?? '', projectId: owner.projectId, scope: owner.scope ?? 'private', definition: spec.definition, spec });
}

function putAction(catalog: DefinitionCatalog, spec: AdHocActionSpec, owner: Owner, stored?: ActionDefinition): void {
  // An update keeps the row's workbook, which the document being stored does not name.
  const entry = stored === undefined ? spec : { ...spec, workbook: stored.workbook_name };
  catalog.putAction({ name: spec.name, namespace: owner.namespace ?? '', projectId: owner.projectId, scope: owner.scope ?? 'private', spec: entry });
}

/** What replacing a stored workflow or action rewrites in either table; each kind adds its own columns. */
function replacedColumns(row: NewWorkflowDefinition | NewActionDefinition, now: number) {
  return { name: row.name, scope: row.scope, definition: row.definition, spec_json: row.spec_json, input: row.input, tags_json: row.tags_json, updated_at: now };
}

const WORKFLOWS: DefinitionKind<WorkflowSpec, NewWorkflowDefinition, WorkflowDefinition, 'workflow_definitions'> = {
  noun: 'workflow',
  title: 'Workflow',
  row: workflowRow,
  insert: insertWorkflowDefinitions,
  upsert: upsertWorkflowDefinitions,
  select: (tx) => tx.selectFrom('workflow_definitions').selectAll(),
  replace: (tx, id, row, now) => updateWorkflowDefinition(tx, id, { ...replacedColumns(row, now), interface_json: row.interface_json, checksum: row.checksum }),
  forget: (catalog, row) => catalog.removeWorkflow(row.namespace, row.name, row.project_id),
  put: putWorkflow,
};

const ACTIONS: DefinitionKind<AdHocActionSpec, NewActionDefinition, ActionDefinition, 'action_definitions'> = {
  noun: 'action',
  title: 'Action',
  row: actionRow,
  insert: insertActionDefinitions,
  upsert: upsertActionDefinitions,
  select: (tx) => tx.selectFrom('action_definitions').selectAll(),
  replace: (tx, id, row, now) => updateActionDefinition(tx, id, { ...replacedColumns(row, now), description: row.description ?? null }),
  forget: (catalog, row) => catalog.removeAction(row.namespace, row.name, row.project_id),
  put: putAction,
};

/** `column = value`, for queries whose table is a type parameter (typed column names do not resolve there). */
function columnIs(column: string, value: string) {
  return sql<SqlBool>`${sql.ref(column)} = ${value}`;
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
    for (const spec of workflows) putWorkflow(this.catalog, spec, owner);
    for (const spec of actions) putAction(this.catalog, spec, owner);
  }

  /** Inserts (or with `upsert`, inserts or replaces) `specs` as `owner`'s; returns the stored rows. */
  private async persist<S extends { readonly name: string }, New, Row extends StoredRow, Table extends keyof Database>(
    kind: DefinitionKind<S, New, Row, Table>,
    specs: readonly S[],
    owner: Owner,
    upsert: boolean,
  ): Promise<Row[]> {
    const now = Date.now();
    const rows = specs.map((s) => kind.row(s, owner, now));
    const stored = await this.write((tx) => (upsert ? kind.upsert(tx, rows) : kind.insert(tx, rows)), `${kind.noun} ${specs.map((s) => s.name).join(', ')}`);
    for (const spec of specs) kind.put(this.catalog, spec, owner);
    return stored;
  }

  /**
   * Replaces stored definitions with `specs`, each found by name in `owner.namespace`; with `id`,
   * `specs` must be exactly one, which replaces (and may rename) that row. One that does not exist
   * is not-found.
   */
  private async replace<S extends { readonly name: string }, New, Row extends StoredRow, Table extends keyof Database>(
    kind: DefinitionKind<S, New, Row, Table>,
    specs: readonly S[],
    owner: Owner,
    id: string | undefined,
  ): Promise<Row[]> {
    if (id !== undefined && specs.length !== 1) {
      throw new EngineError('invalid-input', `Updating ${kind.noun} ${id} takes a definition of exactly one ${kind.noun}, got ${specs.length}`);
    }
    const namespace = owner.namespace ?? '';
    const now = Date.now();
    const pairs = await this.write(async (tx) => {
      const out: { readonly before: Row; readonly after: Row; readonly spec: S }[] = [];
      for (const spec of specs) {
        let q = kind.select(tx).where(columnIs('project_id', owner.projectId));
        q = id !== undefined ? q.where(columnIs('id', id)) : q.where(columnIs('name', spec.name)).where(columnIs('namespace', namespace));
        // Kysely cannot simplify its result type over a type parameter; the row is `Row` as selected.
        const before = (await q.executeTakeFirst()) as Row | undefined;
        if (before === undefined) {
          throw new EngineError('not-found', `${kind.title} not found [${kind.noun}_identifier=${id ?? spec.name}, namespace=${namespace}]`);
        }
        const row = kind.row(spec, { projectId: owner.projectId, namespace: before.namespace, scope: owner.scope ?? before.scope }, now);
        const after = await kind.replace(tx, before.id, row, now);
        if (after === undefined) throw new EngineError('not-found', `${kind.title} not found [${kind.noun}_identifier=${before.id}]`);
        out.push({ before, after, spec });
      }
      return out;
    }, `${kind.noun} ${specs.map((s) => s.name).join(', ')}`);
    for (const { before, after, spec } of pairs) {
      kind.forget(this.catalog, before);
      kind.put(this.catalog, spec, { projectId: after.project_id, namespace: after.namespace, scope: after.scope }, after);
    }
    return pairs.map((p) => p.after);
  }

  /** Inserts the workbook row (a name taken is a conflict) and upserts its members. */
  private async addWorkbook(wb: WorkbookSpec, owner: Owner): Promise<Workbook> {
    const now = Date.now();
    const row = await this.write(async (tx) => {
      const stored = await insertWorkbook(tx, {
        id: newId(),
        name: wb.name,
        ...ownerColumns(owner),
        ...workbookContent(wb),
        created_at: now,
        updated_at: now,
      });
      await upsertMembers(tx, wb, owner, now);
      return stored;
    }, `workbook ${wb.name}`);
    this.remember(wb.workflows, wb.actions, owner);
    return row;
  }

  /** Creates (or with `update`, replaces) the workflows of a workflow-list document. */
  async saveWorkflows(text: string, owner: Owner, update = false): Promise<readonly WorkflowSpec[]> {
    const specs = unwrap(parseWorkflows(text), 'workflow definition');
    await this.persist(WORKFLOWS, specs, owner, update);
    return specs;
  }

  async saveActions(text: string, owner: Owner, update = false): Promise<readonly AdHocActionSpec[]> {
    const specs = unwrap(parseActions(text), 'action definition');
    await this.persist(ACTIONS, specs, owner, update);
    return specs;
  }

  /** A workbook and its members (`<wb>.<name>`), which are upserted as Mistral does. */
  async saveWorkbook(text: string, owner: Owner): Promise<StoredDefinitions> {
    const wb = unwrap(parseWorkbook(text), 'workbook');
    await this.addWorkbook(wb, owner);
    return { workflows: wb.workflows, actions: wb.actions, workbook: wb.name };
  }

  /** Stores any document, whatever its kind (what `convection run` needs). */
  async saveAny(text: string, owner: Owner): Promise<StoredDefinitions> {
    const doc = unwrap(parseAnyDocument(text), 'document');
    if (doc.kind === 'workbook') return this.saveWorkbook(text, owner);
    if (doc.kind === 'actions') return { workflows: [], actions: await this.saveActions(text, owner), workbook: null };
    return { workflows: await this.saveWorkflows(text, owner), actions: [], workbook: null };
  }

  // -------------------------------------------------------------------------------------------
  // Row-returning operations for the REST API. Updates touch only `owner.projectId`'s rows; an
  // `owner.scope` left undefined keeps each row's scope. A rejected request changes nothing.

  /** Every problem of a document of `kind`, or none; stores nothing. */
  validate(kind: 'workflows' | 'actions' | 'workbook', text: string): readonly Problem[] {
    const result = kind === 'workflows' ? parseWorkflows(text) : kind === 'actions' ? parseActions(text) : parseWorkbook(text);
    return result.ok ? [] : result.problems;
  }

  /** Creates the workflows of a workflow-list document; a name already taken is a conflict. */
  async createWorkflows(text: string, owner: Owner): Promise<WorkflowDefinition[]> {
    return this.persist(WORKFLOWS, unwrap(parseWorkflows(text), 'workflow definition'), owner, false);
  }

  /**
   * Replaces stored workflows with the document's, each found by name in `owner.namespace`; with
   * `id`, the document must hold exactly one workflow, which replaces (and may rename) that row.
   * A workflow that does not exist is not-found.
   */
  async updateWorkflows(text: string, owner: Owner, id?: string): Promise<WorkflowDefinition[]> {
    return this.replace(WORKFLOWS, unwrap(parseWorkflows(text), 'workflow definition'), owner, id);
  }

  /** Deletes a workflow and its memberships; refused (invalid-state) while triggers start it. */
  async deleteWorkflow(row: WorkflowDefinition): Promise<void> {
    await this.store.transaction(async (tx) => {
      if ((await workflowHasCronTriggers(tx, row.id)) || (await workflowHasEventTriggers(tx, row.id))) {
        throw new EngineError('invalid-state', `Can't delete workflow that has triggers associated [workflow_identifier=${row.name}]; delete its cron and event triggers first`);
      }
      await deleteMembersOf(tx, { resourceId: row.id, resourceType: 'workflow' });
      await deleteWorkflowDefinition(tx, row.id);
    });
    this.catalog.removeWorkflow(row.namespace, row.name, row.project_id);
  }

  /**
   * Creates the ad-hoc actions of an action-list document; a name already taken, or `reserved`
   * (built-in actions, which an ad-hoc one would shadow), is a conflict.
   */
  async createActions(text: string, owner: Owner, reserved: (name: string) => boolean = () => false): Promise<ActionDefinition[]> {
    const specs = unwrap(parseActions(text), 'action definition');
    const clashing = specs.filter((s) => reserved(s.name)).map((s) => s.name);
    if (clashing.length > 0) throw new EngineError('conflict', `Duplicate entry for Action: ${clashing.join(', ')} is a system action`);
    return this.persist(ACTIONS, specs, owner, false);
  }

  /** As {@link updateWorkflows}, for ad-hoc actions; `reserved` names (built-ins) cannot be modified. */
  async updateActions(text: string, owner: Owner, id?: string, reserved: (name: string) => boolean = () => false): Promise<ActionDefinition[]> {
    const specs = unwrap(parseActions(text), 'action definition');
    const system = specs.filter((s) => reserved(s.name)).map((s) => s.name);
    if (system.length > 0) throw new EngineError('invalid-input', `Attempt to modify a system action: ${system.join(', ')}`);
    return this.replace(ACTIONS, specs, owner, id);
  }

  async deleteAction(row: ActionDefinition): Promise<void> {
    await this.store.transaction((tx) => deleteActionDefinition(tx, row.id));
    this.catalog.removeAction(row.namespace, row.name, row.project_id);
  }

  /** Creates a workbook and upserts its `<wb>.<name>` members; returns the workbook row. */
  async createWorkbook(text: string, owner: Owner): Promise<Workbook> {
    return this.addWorkbook(unwrap(parseWorkbook(text), 'workbook'), owner);
  }

  /**
   * Replaces the workbook named in the document and upserts its members (members dropped from the
   * document stay, as in Mistral). A workbook that does not exist is not-found.
   */
  async updateWorkbook(text: string, owner: Owner): Promise<Workbook> {
    const wb = unwrap(parseWorkbook(text), 'workbook');
    const namespace = owner.namespace ?? '';
    const now = Date.now();
    const { row, effective } = await this.write(async (tx) => {
      const before = await tx
        .selectFrom('workbooks')
        .selectAll()
        .where('name', '=', wb.name)
        .where('namespace', '=', namespace)
        .where('project_id', '=', owner.projectId)
        .executeTakeFirst();
      if (before === undefined) throw new EngineError('not-found', `Workbook not found [workbook_name=${wb.name}, namespace=${namespace}]`);
      const effective: Owner = { projectId: owner.projectId, namespace, scope: owner.scope ?? before.scope };
      const row = await updateWorkbook(tx, before.id, { scope: effective.scope ?? 'private', ...workbookContent(wb), updated_at: now });
      if (row === undefined) throw new EngineError('not-found', `Workbook not found [workbook_name=${wb.name}, namespace=${namespace}]`);
      await upsertMembers(tx, wb, effective, now);
      return { row, effective };
    }, `workbook ${wb.name}`);
    this.remember(wb.workflows, wb.actions, effective);
    return row;
  }

  /** Deletes only the workbook row; its workflows and actions stay (Mistral behaves the same). */
  async deleteWorkbook(row: Workbook): Promise<void> {
    await this.store.transaction((tx) => deleteWorkbook(tx, row.id));
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
