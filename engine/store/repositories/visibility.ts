/**
 * Who may read a stored object (API digest §0.3): the owner's project, anyone when it is public,
 * projects it was shared with (accepted members; workflows only), and admins everywhere.
 */
import { sql } from 'kysely';
import type { Expression, SelectQueryBuilder, SqlBool } from 'kysely';

export interface Viewer {
  readonly projectId: string;
  /** Admins listing every project. */
  readonly allProjects?: boolean;
}

/**
 * The condition that keeps the rows `viewer` may read, for a single-table query over a table with
 * `project_id`, `scope` and `id`. `shared` also admits resources shared with the viewer's project.
 */
export function visibleTo(viewer: Viewer, shared?: 'workflow'): Expression<SqlBool> {
  if (viewer.allProjects === true) return sql<SqlBool>`1 = 1`;
  const own = sql`${sql.ref('project_id')} = ${viewer.projectId} or ${sql.ref('scope')} = 'public'`;
  if (shared === undefined) return sql<SqlBool>`(${own})`;
  return sql<SqlBool>`(${own} or ${sql.ref('id')} in (
    select m.resource_id from resource_members m
    where m.resource_type = ${shared} and m.member_id = ${viewer.projectId} and m.status = 'accepted'))`;
}

/** The row `id`; with a viewer, only when the viewer may read it. */
export function readableById<DB, TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>,
  id: string,
  viewer?: Viewer,
  shared?: 'workflow',
): SelectQueryBuilder<DB, TB, O> {
  const byId = q.where(sql<SqlBool>`${sql.ref('id')} = ${id}`);
  return viewer === undefined ? byId : byId.where(visibleTo(viewer, shared));
}

/**
 * The rows named `lookup.name` in its namespace that the viewer may read, the viewer's own
 * project's first; callers add their tie-break and limit.
 */
export function readableByName<DB, TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>,
  lookup: { readonly name: string; readonly namespace?: string; readonly viewer: Viewer },
  shared?: 'workflow',
): SelectQueryBuilder<DB, TB, O> {
  return q
    .where(sql<SqlBool>`${sql.ref('name')} = ${lookup.name}`)
    .where(sql<SqlBool>`${sql.ref('namespace')} = ${lookup.namespace ?? ''}`)
    .where(visibleTo(lookup.viewer, shared))
    .orderBy(sql`case when ${sql.ref('project_id')} = ${lookup.viewer.projectId} then 0 else 1 end`);
}
