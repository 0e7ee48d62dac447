/**
 * Updating many rows of one table by id, each with its own values. On PostgreSQL one
 * `UPDATE … FROM (VALUES …)` per chunk replaces a network round trip per row; on SQLite, which
 * runs in-process, plain per-row updates are already cheap.
 */
import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import { dialectOf } from './dialect.js';
import type { Database, StoreDb } from './schema.js';

export type ColumnKind = 'text' | 'bigint' | 'integer' | 'boolean';

export interface RowUpdate {
  readonly id: string;
  /** Every column named in `columns`, in any order. */
  readonly values: Readonly<Record<string, string | number | boolean | null>>;
}

const ROWS_PER_STATEMENT = 200;

/** Sets `columns` of each row (by `id`) of `table` to that row's values. */
export async function bulkUpdate(db: StoreDb, table: keyof Database, columns: Readonly<Record<string, ColumnKind>>, rows: readonly RowUpdate[]): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  if (dialectOf(db as Kysely<Database>).name !== 'postgres') {
    for (const row of rows) {
      await (db as Transaction<Database>)
        .updateTable(table)
        .set(row.values as never)
        .where('id', '=', row.id as never)
        .execute();
    }
    return;
  }
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const values = chunk.map(
      (row) => sql`(${sql.join([sql`${row.id}::text`, ...names.map((n) => sql`${row.values[n] ?? null}::${sql.raw(columns[n] as string)}`)])})`,
    );
    await sql`update ${sql.table(table)} as t set ${sql.join(names.map((n) => sql`${sql.id(n)} = v.${sql.id(n)}`))}
      from (values ${sql.join(values)}) as v(${sql.join([sql.id('id'), ...names.map((n) => sql.id(n))])})
      where t.id = v.id`.execute(db);
  }
}
