/**
 * Stored workflow definitions, unique per (namespace, name, project).
 */
import type {
  NewWorkflowDefinition,
  StoreDb,
  WorkflowDefinition,
  WorkflowDefinitionUpdate,
} from '../schema.js';
import { keysetPage, toPage } from './pagination.js';
import type { Page, PageRequest } from './pagination.js';
import { hasTags, orderLike } from './rows.js';
import { readableById, readableByName, visibleTo } from './visibility.js';
import type { Viewer } from './visibility.js';

export interface DefinitionLookup {
  readonly name: string;
  /** @default '' */
  readonly namespace?: string;
  readonly viewer: Viewer;
}

export interface DefinitionFilter {
  readonly viewer: Viewer;
  readonly namespace?: string;
  readonly name?: string;
  readonly scope?: 'private' | 'public';
  /** Every listed tag must be present. */
  readonly tags?: readonly string[];
}

/** Inserts new definitions; a name taken in the namespace and project fails as a unique violation. */
export async function insertWorkflowDefinitions(
  db: StoreDb,
  rows: readonly NewWorkflowDefinition[],
): Promise<WorkflowDefinition[]> {
  if (rows.length === 0) return [];
  const inserted = await db.insertInto('workflow_definitions').values(rows.map(withDefaults)).returningAll().execute();
  return orderLike(inserted, rows.map((r) => r.id));
}

/**
 * Inserts definitions, or replaces the content of the ones whose (namespace, name, project) exists;
 * replaced rows keep their id and created_at. Workbook uploads use this for `<workbook>.<workflow>`.
 */
export async function upsertWorkflowDefinitions(
  db: StoreDb,
  rows: readonly NewWorkflowDefinition[],
): Promise<WorkflowDefinition[]> {
  const out: WorkflowDefinition[] = [];
  // One statement per row: a multi-row upsert may not touch the same key twice on PostgreSQL.
  for (const row of rows) {
    out.push(
      await db
        .insertInto('workflow_definitions')
        .values(withDefaults(row))
        .onConflict((oc) =>
          oc.columns(['namespace', 'name', 'project_id']).doUpdateSet((eb) => ({
            scope: eb.ref('excluded.scope'),
            workbook_name: eb.ref('excluded.workbook_name'),
            definition: eb.ref('excluded.definition'),
            spec_json: eb.ref('excluded.spec_json'),
            input: eb.ref('excluded.input'),
            interface_json: eb.ref('excluded.interface_json'),
            tags_json: eb.ref('excluded.tags_json'),
            checksum: eb.ref('excluded.checksum'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
  }
  return out;
}

/** By id; with a viewer, only when the viewer may read it. */
export function getWorkflowDefinition(db: StoreDb, id: string, viewer?: Viewer): Promise<WorkflowDefinition | undefined> {
  return readableById(db.selectFrom('workflow_definitions').selectAll(), id, viewer, 'workflow').executeTakeFirst();
}

/** By name in a namespace, preferring the viewer's own project over public and shared ones. */
export function findWorkflowDefinition(db: StoreDb, lookup: DefinitionLookup): Promise<WorkflowDefinition | undefined> {
  return readableByName(db.selectFrom('workflow_definitions').selectAll(), lookup, 'workflow')
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
}

export async function listWorkflowDefinitions(
  db: StoreDb,
  filter: DefinitionFilter,
  page: PageRequest,
): Promise<Page<WorkflowDefinition>> {
  let q = db.selectFrom('workflow_definitions').selectAll().where(visibleTo(filter.viewer, 'workflow'));
  if (filter.namespace !== undefined) q = q.where('namespace', '=', filter.namespace);
  if (filter.name !== undefined) q = q.where('name', '=', filter.name);
  if (filter.scope !== undefined) q = q.where('scope', '=', filter.scope);
  for (const condition of hasTags(db, filter.tags ?? [])) q = q.where(condition);
  return toPage(await keysetPage(q, page).execute(), page);
}

/** The workflows a workbook created. */
export function listWorkbookWorkflows(
  db: StoreDb,
  workbook: { readonly name: string; readonly namespace: string; readonly projectId: string },
): Promise<WorkflowDefinition[]> {
  return db
    .selectFrom('workflow_definitions')
    .selectAll()
    .where('workbook_name', '=', workbook.name)
    .where('namespace', '=', workbook.namespace)
    .where('project_id', '=', workbook.projectId)
    .orderBy('name')
    .execute();
}

export function updateWorkflowDefinition(
  db: StoreDb,
  id: string,
  patch: WorkflowDefinitionUpdate,
): Promise<WorkflowDefinition | undefined> {
  return db.updateTable('workflow_definitions').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteWorkflowDefinition(db: StoreDb, id: string): Promise<boolean> {
  const result = await db.deleteFrom('workflow_definitions').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

// SQLite turns an omitted column of a multi-row insert into NULL, not its default.
function withDefaults(row: NewWorkflowDefinition): NewWorkflowDefinition {
  return { ...row, namespace: row.namespace ?? '', workbook_name: row.workbook_name ?? null };
}
