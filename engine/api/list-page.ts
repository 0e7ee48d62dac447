/**
 * Evaluating a parsed {@link ListQuery} (list-query.ts): in SQL over a Kysely select
 * ({@link fetchPage}) or over rows already in memory ({@link pageInMemory}), with the same filters,
 * order and marker semantics, so a collection can switch between them without clients noticing.
 *
 * Ordering: the requested keys, then `id` as the tie-breaker (same direction as the last key).
 * NULLs sort first ascending and last descending on both databases (declare nullable columns with
 * `{ nullable: true }`), so keyset pages agree between SQLite and PostgreSQL.
 */
import { sql } from 'kysely';
import type { Expression, SelectQueryBuilder, SqlBool } from 'kysely';
import { ApiErrors } from './errors.js';
import type { FilterCondition, FilterField, ListQuery, ListResource, SortColumn } from './list-query.js';

// ---------------------------------------------------------------------------------------------
// SQL

interface OrderKey {
  readonly column: string;
  readonly nullable: boolean;
  readonly dir: 'asc' | 'desc';
}

function orderKeys<Row extends object>(resource: ListResource<Row>, query: ListQuery): OrderKey[] {
  const keys = query.sortKeys.map((key, i): OrderKey => {
    const col = resource.sortKeys[key] as SortColumn;
    return { column: col.column, nullable: col.nullable === true, dir: query.sortDirs[i] ?? 'asc' };
  });
  if (!keys.some((k) => k.column === 'id')) keys.push({ column: 'id', nullable: false, dir: keys[keys.length - 1]?.dir ?? 'asc' });
  return keys;
}

const TRUE = sql<SqlBool>`1 = 1`;
const FALSE = sql<SqlBool>`1 = 0`;

function all(parts: readonly Expression<SqlBool>[]): Expression<SqlBool> {
  return parts.length === 0 ? TRUE : sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

function any(parts: readonly Expression<SqlBool>[]): Expression<SqlBool> {
  return parts.length === 0 ? FALSE : sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

// `replace(col, x, '') <> col` is a case-sensitive substring test both databases spell the same,
// free of LIKE's wildcards and of SQLite's case-folding LIKE.
function contains(column: string, needle: string): Expression<SqlBool> {
  if (needle === '') return sql<SqlBool>`${sql.ref(column)} is not null`;
  return sql<SqlBool>`replace(${sql.ref(column)}, ${needle}, '') <> ${sql.ref(column)}`;
}

function conditionSql(c: FilterCondition): Expression<SqlBool> {
  const col = sql.ref(c.column);
  const v = c.values[0];
  if (c.kind === 'tags') return all(c.values.map((tag) => contains(c.column, JSON.stringify(tag))));
  switch (c.op) {
    case 'eq':
      return sql<SqlBool>`${col} = ${v}`;
    case 'neq':
      return sql<SqlBool>`${col} <> ${v}`;
    case 'gt':
      return sql<SqlBool>`${col} > ${v}`;
    case 'gte':
      return sql<SqlBool>`${col} >= ${v}`;
    case 'lt':
      return sql<SqlBool>`${col} < ${v}`;
    case 'lte':
      return sql<SqlBool>`${col} <= ${v}`;
    case 'in':
      return c.values.length === 0 ? FALSE : sql<SqlBool>`${col} in (${sql.join(c.values)})`;
    case 'nin':
      return c.values.length === 0 ? sql<SqlBool>`${col} is not null` : sql<SqlBool>`${col} not in (${sql.join(c.values)})`;
    case 'has':
      return contains(c.column, String(v));
  }
}

/** Rows strictly after `marker` in the order of `keys` (NULLs first ascending). */
function afterSql(keys: readonly OrderKey[], marker: object): Expression<SqlBool> {
  const values = keys.map((k) => Reflect.get(marker, k.column) ?? null);
  const first = keys[0];
  if (first && keys.every((k) => k.dir === first.dir && !k.nullable) && values.every((v) => v !== null)) {
    // A row-value comparison is one range on a composite index for both databases, where the
    // equivalent OR chain makes SQLite scan: deep pages stay as fast as the first one.
    const cols = sql.join(keys.map((k) => sql.ref(k.column)));
    const vals = sql.join(values);
    return first.dir === 'asc' ? sql<SqlBool>`(${cols}) > (${vals})` : sql<SqlBool>`(${cols}) < (${vals})`;
  }
  const terms: Expression<SqlBool>[] = [];
  const equalSoFar: Expression<SqlBool>[] = [];
  for (const key of keys) {
    const col = sql.ref(key.column);
    const v: unknown = Reflect.get(marker, key.column) ?? null;
    let after: Expression<SqlBool> | undefined;
    if (key.dir === 'asc') after = v === null ? (key.nullable ? sql<SqlBool>`${col} is not null` : undefined) : sql<SqlBool>`${col} > ${v}`;
    else if (v !== null) after = key.nullable ? sql<SqlBool>`(${col} < ${v} or ${col} is null)` : sql<SqlBool>`${col} < ${v}`;
    if (after !== undefined) terms.push(all([...equalSoFar, after]));
    equalSoFar.push(v === null ? sql<SqlBool>`${col} is null` : sql<SqlBool>`${col} = ${v}`);
  }
  return any(terms);
}

function filtersSql<Row extends object>(resource: ListResource<Row>, query: ListQuery): Expression<SqlBool>[] {
  const nulls = query.nulls.map((name) => sql<SqlBool>`${sql.ref((resource.filters[name] as FilterField).column)} is null`);
  return [...query.filters.map(conditionSql), ...nulls];
}

/**
 * One page of `base` (a single-table `selectAll` query already restricted to what the caller may
 * see): filters, order, marker and limit applied. An unknown marker answers 400.
 */
export async function fetchPage<DB, TB extends keyof DB, Row extends object>(
  base: SelectQueryBuilder<DB, TB, Row>,
  resource: ListResource<Row>,
  query: ListQuery,
): Promise<Row[]> {
  const keys = orderKeys(resource, query);
  let q = base;
  if (query.marker !== undefined) {
    const columns = resource.markerColumns ?? ['id'];
    const marker = await base
      .where(any(columns.map((c) => sql<SqlBool>`${sql.ref(c)} = ${query.marker}`)))
      .limit(1)
      .executeTakeFirst();
    if (marker === undefined) throw new ApiErrors.BadRequest(`Invalid marker: no ${resource.collection} item "${query.marker}"`);
    q = q.where(afterSql(keys, marker));
  }
  for (const condition of filtersSql(resource, query)) q = q.where(condition);
  for (const key of keys) {
    if (key.nullable) q = q.orderBy(sql`case when ${sql.ref(key.column)} is null then 0 else 1 end`, key.dir);
    q = q.orderBy(sql.ref(key.column), key.dir);
  }
  return (await q.limit(query.limit).execute()) as Row[];
}

// ---------------------------------------------------------------------------------------------
// In memory

export type Cell = string | number | boolean | null;

/** A row's value in `column`, as the comparisons see it (anything else counts as NULL). */
export function cellOf(row: object, column: string): Cell {
  const v: unknown = Reflect.get(row, column);
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
}

function compareCells(a: Cell, b: Cell): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function matches(row: object, c: FilterCondition): boolean {
  const v = cellOf(row, c.column);
  if (c.kind === 'tags') return typeof v === 'string' && c.values.every((tag) => v.includes(JSON.stringify(tag)));
  if (v === null) return false;
  const first = c.values[0] ?? null;
  switch (c.op) {
    case 'eq':
      return v === first;
    case 'neq':
      return v !== first;
    case 'gt':
      return compareCells(v, first) > 0;
    case 'gte':
      return compareCells(v, first) >= 0;
    case 'lt':
      return compareCells(v, first) < 0;
    case 'lte':
      return compareCells(v, first) <= 0;
    case 'in':
      return c.values.includes(v);
    case 'nin':
      return !c.values.includes(v);
    case 'has':
      return typeof v === 'string' && v.includes(String(first));
  }
}

/**
 * {@link fetchPage} over rows already in memory (every row the caller may see), with the same
 * semantics; for collections that are not a single table.
 */
export function pageInMemory<Row extends object>(rows: readonly Row[], resource: ListResource<Row>, query: ListQuery): Row[] {
  const keys = orderKeys(resource, query);
  const compare = (a: Row, b: Row): number => {
    for (const key of keys) {
      const c = compareCells(cellOf(a, key.column), cellOf(b, key.column));
      if (c !== 0) return key.dir === 'asc' ? c : -c;
    }
    return 0;
  };
  let selected = rows.filter(
    (row) => query.filters.every((c) => matches(row, c)) && query.nulls.every((name) => cellOf(row, (resource.filters[name] as FilterField).column) === null),
  );
  if (query.marker !== undefined) {
    const columns = resource.markerColumns ?? ['id'];
    const marker = rows.find((row) => columns.some((c) => cellOf(row, c) === query.marker));
    if (marker === undefined) throw new ApiErrors.BadRequest(`Invalid marker: no ${resource.collection} item "${query.marker}"`);
    selected = selected.filter((row) => compare(row, marker) > 0);
  }
  return selected.sort(compare).slice(0, query.limit);
}
