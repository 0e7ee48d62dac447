/**
 * Keyset pagination over (created_at, id): stable under concurrent inserts, and each page costs an
 * index range scan however deep the client pages.
 */
import { sql } from 'kysely';
import type { SelectQueryBuilder } from 'kysely';
import { StoreError } from '../errors.js';
import type { EpochMs } from '../schema.js';

/** Position after a row; build it from the last row of a page (`next`), or from a marker row. */
export interface KeysetCursor {
  readonly createdAt: EpochMs;
  readonly id: string;
}

export interface PageRequest {
  /** Rows per page, at least 1. */
  readonly limit: number;
  /** @default 'asc' */
  readonly sort?: 'asc' | 'desc';
  /** Continue after this row (exclusive). */
  readonly after?: KeysetCursor;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** The cursor of the last item, present only when more rows follow. */
  readonly next: KeysetCursor | undefined;
}

export function cursorOf(row: { readonly created_at: EpochMs; readonly id: string }): KeysetCursor {
  return { createdAt: row.created_at, id: row.id };
}

/**
 * Orders `qb` by (created_at, id), starts after `page.after` and fetches one row more than the
 * limit so {@link toPage} can tell whether another page follows. The query must select from a
 * single table that has both columns.
 */
export function keysetPage<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  page: PageRequest,
): SelectQueryBuilder<DB, TB, O> {
  if (!Number.isInteger(page.limit) || page.limit < 1) {
    throw new StoreError('STORE_ARGUMENT_INVALID', `page limit must be a positive integer, got ${page.limit}`);
  }
  const dir = page.sort ?? 'asc';
  let q = qb;
  if (page.after !== undefined) {
    const op = sql.raw(dir === 'asc' ? '>' : '<');
    q = q.where(
      sql<boolean>`(${sql.ref('created_at')}, ${sql.ref('id')}) ${op} (${page.after.createdAt}, ${page.after.id})`,
    );
  }
  return q.orderBy(sql.ref('created_at'), dir).orderBy(sql.ref('id'), dir).limit(page.limit + 1);
}

export function toPage<T extends { readonly created_at: EpochMs; readonly id: string }>(
  rows: readonly T[],
  page: PageRequest,
): Page<T> {
  if (rows.length <= page.limit) return { items: rows, next: undefined };
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return { items, next: last === undefined ? undefined : cursorOf(last) };
}
