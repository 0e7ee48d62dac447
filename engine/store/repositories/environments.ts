/**
 * Environments: named variable sets, unique per (name, project). Executions copy the variables at
 * start, so edits here never reach a running execution.
 */
import { sql } from 'kysely';
import type { Environment, EnvironmentUpdate, NewEnvironment, StoreDb } from '../schema.js';
import { keysetPage, toPage } from './pagination.js';
import type { Page, PageRequest } from './pagination.js';
import { visibleTo } from './visibility.js';
import type { Viewer } from './visibility.js';

export interface EnvironmentFilter {
  readonly viewer: Viewer;
  readonly name?: string;
  readonly scope?: 'private' | 'public';
}

/** Fails as a unique violation when the name is taken in the project. */
export function insertEnvironment(db: StoreDb, row: NewEnvironment): Promise<Environment> {
  return db.insertInto('environments').values(row).returningAll().executeTakeFirstOrThrow();
}

export function getEnvironment(db: StoreDb, id: string, viewer?: Viewer): Promise<Environment | undefined> {
  let q = db.selectFrom('environments').selectAll().where('id', '=', id);
  if (viewer !== undefined) q = q.where(visibleTo(viewer));
  return q.executeTakeFirst();
}

/** By name, preferring the viewer's own project over public environments. */
export function findEnvironment(
  db: StoreDb,
  lookup: { readonly name: string; readonly viewer: Viewer },
): Promise<Environment | undefined> {
  return db
    .selectFrom('environments')
    .selectAll()
    .where('name', '=', lookup.name)
    .where(visibleTo(lookup.viewer))
    .orderBy(sql`case when ${sql.ref('project_id')} = ${lookup.viewer.projectId} then 0 else 1 end`)
    .limit(1)
    .executeTakeFirst();
}

export async function listEnvironments(
  db: StoreDb,
  filter: EnvironmentFilter,
  page: PageRequest,
): Promise<Page<Environment>> {
  let q = db.selectFrom('environments').selectAll().where(visibleTo(filter.viewer));
  if (filter.name !== undefined) q = q.where('name', '=', filter.name);
  if (filter.scope !== undefined) q = q.where('scope', '=', filter.scope);
  return toPage(await keysetPage(q, page).execute(), page);
}

export function updateEnvironment(db: StoreDb, id: string, patch: EnvironmentUpdate): Promise<Environment | undefined> {
  return db.updateTable('environments').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteEnvironment(db: StoreDb, id: string): Promise<boolean> {
  const result = await db.deleteFrom('environments').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
