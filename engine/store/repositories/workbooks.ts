/**
 * Stored workbooks, unique per (namespace, name, project). The workflows and actions a workbook
 * defines are separate rows (workflow-definitions.ts, action-definitions.ts) carrying its name.
 */
import type { NewWorkbook, StoreDb, Workbook, WorkbookUpdate } from '../schema.js';
import { keysetPage, toPage } from './pagination.js';
import type { Page, PageRequest } from './pagination.js';
import { hasTags } from './rows.js';
import { readableById, readableByName, visibleTo } from './visibility.js';
import type { Viewer } from './visibility.js';
import type { DefinitionFilter, DefinitionLookup } from './workflow-definitions.js';

/** Fails as a unique violation when the name is taken in the namespace and project. */
export function insertWorkbook(db: StoreDb, row: NewWorkbook): Promise<Workbook> {
  return db
    .insertInto('workbooks')
    .values({ ...row, namespace: row.namespace ?? '' })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function getWorkbook(db: StoreDb, id: string, viewer?: Viewer): Promise<Workbook | undefined> {
  return readableById(db.selectFrom('workbooks').selectAll(), id, viewer).executeTakeFirst();
}

/** By name in a namespace, preferring the viewer's own project over public ones. */
export function findWorkbook(db: StoreDb, lookup: DefinitionLookup): Promise<Workbook | undefined> {
  return readableByName(db.selectFrom('workbooks').selectAll(), lookup).limit(1).executeTakeFirst();
}

export async function listWorkbooks(db: StoreDb, filter: DefinitionFilter, page: PageRequest): Promise<Page<Workbook>> {
  let q = db.selectFrom('workbooks').selectAll().where(visibleTo(filter.viewer));
  if (filter.namespace !== undefined) q = q.where('namespace', '=', filter.namespace);
  if (filter.name !== undefined) q = q.where('name', '=', filter.name);
  if (filter.scope !== undefined) q = q.where('scope', '=', filter.scope);
  for (const condition of hasTags(db, filter.tags ?? [])) q = q.where(condition);
  return toPage(await keysetPage(q, page).execute(), page);
}

export function updateWorkbook(db: StoreDb, id: string, patch: WorkbookUpdate): Promise<Workbook | undefined> {
  return db.updateTable('workbooks').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Deletes only the workbook row; its workflows and actions stay (Mistral behaves the same). */
export async function deleteWorkbook(db: StoreDb, id: string): Promise<boolean> {
  const result = await db.deleteFrom('workbooks').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
