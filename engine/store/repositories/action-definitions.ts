/**
 * Ad-hoc action definitions, unique per (namespace, name, project). Built-in actions live in code.
 */
import type { ActionDefinition, ActionDefinitionUpdate, NewActionDefinition, StoreDb } from '../schema.js';
import { keysetPage, toPage } from './pagination.js';
import type { Page, PageRequest } from './pagination.js';
import { hasTags, orderLike } from './rows.js';
import { readableById, readableByName, visibleTo } from './visibility.js';
import type { Viewer } from './visibility.js';
import type { DefinitionFilter, DefinitionLookup } from './workflow-definitions.js';

/** Fails as a unique violation when a name is taken in the namespace and project. */
export async function insertActionDefinitions(
  db: StoreDb,
  rows: readonly NewActionDefinition[],
): Promise<ActionDefinition[]> {
  if (rows.length === 0) return [];
  const inserted = await db.insertInto('action_definitions').values(rows.map(withDefaults)).returningAll().execute();
  return orderLike(inserted, rows.map((r) => r.id));
}

/** Inserts, or replaces the content of the rows whose (namespace, name, project) exists. */
export async function upsertActionDefinitions(
  db: StoreDb,
  rows: readonly NewActionDefinition[],
): Promise<ActionDefinition[]> {
  const out: ActionDefinition[] = [];
  for (const row of rows) {
    out.push(
      await db
        .insertInto('action_definitions')
        .values(withDefaults(row))
        .onConflict((oc) =>
          oc.columns(['namespace', 'name', 'project_id']).doUpdateSet((eb) => ({
            scope: eb.ref('excluded.scope'),
            definition: eb.ref('excluded.definition'),
            spec_json: eb.ref('excluded.spec_json'),
            description: eb.ref('excluded.description'),
            input: eb.ref('excluded.input'),
            tags_json: eb.ref('excluded.tags_json'),
            workbook_name: eb.ref('excluded.workbook_name'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
  }
  return out;
}

export function getActionDefinition(db: StoreDb, id: string, viewer?: Viewer): Promise<ActionDefinition | undefined> {
  return readableById(db.selectFrom('action_definitions').selectAll(), id, viewer).executeTakeFirst();
}

/** By name in a namespace, preferring the viewer's own project over public ones. */
export function findActionDefinition(db: StoreDb, lookup: DefinitionLookup): Promise<ActionDefinition | undefined> {
  return readableByName(db.selectFrom('action_definitions').selectAll(), lookup).limit(1).executeTakeFirst();
}

export async function listActionDefinitions(
  db: StoreDb,
  filter: DefinitionFilter,
  page: PageRequest,
): Promise<Page<ActionDefinition>> {
  let q = db.selectFrom('action_definitions').selectAll().where(visibleTo(filter.viewer));
  if (filter.namespace !== undefined) q = q.where('namespace', '=', filter.namespace);
  if (filter.name !== undefined) q = q.where('name', '=', filter.name);
  if (filter.scope !== undefined) q = q.where('scope', '=', filter.scope);
  for (const condition of hasTags(db, filter.tags ?? [])) q = q.where(condition);
  return toPage(await keysetPage(q, page).execute(), page);
}

export function updateActionDefinition(
  db: StoreDb,
  id: string,
  patch: ActionDefinitionUpdate,
): Promise<ActionDefinition | undefined> {
  return db.updateTable('action_definitions').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteActionDefinition(db: StoreDb, id: string): Promise<boolean> {
  const result = await db.deleteFrom('action_definitions').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

// SQLite turns an omitted column of a multi-row insert into NULL, not its default.
function withDefaults(row: NewActionDefinition): NewActionDefinition {
  return {
    ...row,
    namespace: row.namespace ?? '',
    is_system: row.is_system ?? false,
    description: row.description ?? null,
    workbook_name: row.workbook_name ?? null,
  };
}
