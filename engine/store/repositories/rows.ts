/** Small helpers shared by repositories. */
import { sql } from 'kysely';
import type { Expression, SqlBool } from 'kysely';
import { dialectOf } from '../dialect.js';
import type { StoreDb } from '../schema.js';

/**
 * Orders rows by how the caller listed their ids: RETURNING on a multi-row insert promises no order.
 */
export function orderLike<T extends { readonly id: string }>(rows: readonly T[], ids: readonly string[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row === undefined ? [] : [row];
  });
}

/**
 * Rows whose `tags_json` holds every tag. Tags are matched as their JSON string literal
 * (`"tag"`), which is how any JSON encoder writes tags made of printable ASCII.
 */
export function hasTags(db: StoreDb, tags: readonly string[]): Expression<SqlBool>[] {
  const dialect = dialectOf(db);
  return tags.map((tag) => dialect.textContains('tags_json', JSON.stringify(tag)));
}

/** `column IN (values)`; an empty list matches nothing (a bare `IN ()` is a syntax error). */
export function oneOf(column: string, value: string | readonly string[]): Expression<SqlBool> {
  const values = typeof value === 'string' ? [value] : value;
  if (values.length === 0) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join(values)})`;
}
