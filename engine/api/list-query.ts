/**
 * Mistral's list machinery (API digest §0.6), shared by every collection route: `limit`, `marker`,
 * `sort_keys`/`sort_dirs`, `fields`, filters with operators, `tags`, `nulls`, and the `next` link.
 *
 * A resource declares itself once, in terms of its rows (table columns) and its wire fields:
 *
 * ```ts
 * export const workflowList: ListResource<WorkflowDefinition> = {
 *   collection: 'workflows',                       // envelope key and `next` path (/v2/workflows)
 *   fields: WORKFLOW_FIELDS,                        // what `fields=` may name
 *   filters: {                                      // query parameter → column and value kind
 *     name: textFilter('name'),
 *     tags: tagsFilter('tags_json'),
 *     scope: enumFilter('scope', ['private', 'public']),
 *     created_at: timeFilter('created_at'),
 *   },
 *   sortKeys: sortColumns(['name', 'created_at', 'updated_at', 'id']),
 *   parameters: ['all_projects'],                   // other accepted parameters, echoed in `next`
 *   serialize: (row) => workflowWire(row),
 * };
 * ```
 *
 * and a route lists with three calls:
 *
 * ```ts
 * const query = parseListQuery(request.query, workflowList);      // every bad parameter → 400
 * const viewer = listViewer(request.auth, { allProjects: boolParam(query.parameters, 'all_projects', false) });
 * const base = db.selectFrom('workflow_definitions').selectAll().where(visibleTo(viewer, 'workflow'));
 * const rows = await fetchPage(base, workflowList, query);        // filters + keyset page, in SQL
 * return listBody(hostUrl(request), workflowList, query, rows);    // {"workflows": […], "next"?}
 * ```
 *
 * `base` carries only what the caller may see (visibility, a parent id for sub-collections); the
 * marker row is looked up through it, so a marker the caller cannot see is "not found" (400).
 * Collections that are not one table (system + ad-hoc actions) build rows in memory and call
 * {@link pageInMemory}, which applies the same filters, order and marker semantics.
 *
 * Sub-collections (`/v2/executions/{id}/tasks`) pass a `base` already restricted to the parent;
 * the `next` link names the top collection (`/v2/tasks?…`), as Mistral's does. Output that depends
 * on a parameter (`include_output`) reads `query.parameters` in `serialize(row, query)`;
 * `nullsFields` enables `nulls=`. Filters take `op:value` (`eq, neq, gt, gte, lt, lte, in, nin,
 * has`) on every field; enum, time, integer and boolean values are checked (400) whatever the op.
 *
 * Evaluation lives in list-page.ts (re-exported here, so routes import from this module only).
 */
import { ApiErrors } from './errors.js';
import { cellOf } from './list-page.js';
import { queryParams, parseBool } from './request-input.js';
import type { QueryParams } from './request-input.js';
import { parseWireTime, pickFields } from './serialize.js';
import type { WireObject } from './serialize.js';

export { fetchPage, pageInMemory } from './list-page.js';

export const MAX_LIMIT = 1000;

export type FilterOp = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'nin' | 'has';
const OPS: readonly FilterOp[] = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'has'];

/**
 * How a filter reads its value: `text`/`json` (strings; `has` = substring), `time` (epoch-ms column,
 * ISO or `YYYY-MM-DD HH:MM:SS` values), `integer`, `boolean`, `enum` (one of `values`), `tags` (a
 * JSON list column; `tags=a,b` keeps rows holding every tag).
 */
export type FilterKind = 'text' | 'json' | 'time' | 'integer' | 'boolean' | 'enum' | 'tags';

export interface FilterField {
  readonly column: string;
  readonly kind: FilterKind;
  /** Allowed values of an `enum` filter. */
  readonly values?: readonly string[];
}

export interface SortColumn {
  readonly column: string;
  /** The column may hold NULL (sorted first ascending, last descending). */
  readonly nullable?: boolean;
}

export interface ListResource<Row extends object> {
  /** Envelope key and the path of the `next` link (`/v2/<collection>`). */
  readonly collection: string;
  /** Wire fields `fields=` may name (`id` is always added). */
  readonly fields: readonly string[];
  /** Filter parameters, in the order the `next` link repeats them. */
  readonly filters: Readonly<Record<string, FilterField>>;
  /** Sort keys (wire names) → columns. */
  readonly sortKeys: Readonly<Record<string, SortColumn>>;
  /** @default ['created_at'] */
  readonly defaultSortKeys?: readonly string[];
  /** Columns a marker may match, first = the one `next` carries. @default ['id'] */
  readonly markerColumns?: readonly string[];
  /** Filter names `nulls=` may list (executions); absent = `nulls` is not accepted. */
  readonly nullsFields?: readonly string[];
  /** Other parameters the route reads itself (`all_projects`, `include_output`); echoed in `next`. */
  readonly parameters?: readonly string[];
  /** Row → wire object (before `fields` is applied). Gets the query for parameter-dependent output. */
  serialize(row: Row, query: ListQuery): WireObject;
}

export type FilterScalar = string | number | boolean;

export interface FilterCondition {
  /** The parameter name. */
  readonly field: string;
  readonly column: string;
  readonly kind: FilterKind;
  readonly op: FilterOp;
  /** One value, except for `in`/`nin` and `tags`. */
  readonly values: readonly FilterScalar[];
  /** The parameter value as sent, for the `next` link. */
  readonly raw: string;
}

export interface ListQuery {
  readonly limit: number;
  readonly marker: string | undefined;
  /** Wire names, lower-cased, as requested (or the default). */
  readonly sortKeys: readonly string[];
  /** One per sort key (padded with `asc`). */
  readonly sortDirs: readonly ('asc' | 'desc')[];
  /** Requested fields with `id` first, or undefined for all. */
  readonly fields: readonly string[] | undefined;
  readonly filters: readonly FilterCondition[];
  /** Filter names whose column must be NULL. */
  readonly nulls: readonly string[];
  /** The resource's extra parameters that were given. */
  readonly parameters: QueryParams;
}

// ---------------------------------------------------------------------------------------------
// Declaration helpers

export const textFilter = (column: string): FilterField => ({ column, kind: 'text' });
export const jsonFilter = (column: string): FilterField => ({ column, kind: 'json' });
export const timeFilter = (column: string): FilterField => ({ column, kind: 'time' });
export const integerFilter = (column: string): FilterField => ({ column, kind: 'integer' });
export const booleanFilter = (column: string): FilterField => ({ column, kind: 'boolean' });
export const tagsFilter = (column = 'tags_json'): FilterField => ({ column, kind: 'tags' });
export const enumFilter = (column: string, values: readonly string[]): FilterField => ({ column, kind: 'enum', values });

/** Sort keys named like their columns; `nullable` lists the ones that may be NULL. */
export function sortColumns(names: readonly string[], nullable: readonly string[] = []): Record<string, SortColumn> {
  const out: Record<string, SortColumn> = {};
  for (const name of names) out[name] = { column: name, nullable: nullable.includes(name) };
  return out;
}

// ---------------------------------------------------------------------------------------------
// Parsing

const RESERVED = ['limit', 'marker', 'sort_keys', 'sort_dirs', 'fields'];

function commaList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Parses and validates the list parameters of `resource`; any problem answers 400. */
export function parseListQuery<Row extends object>(query: unknown, resource: ListResource<Row>): ListQuery {
  const params = queryParams(query);
  const allowed = new Set([...RESERVED, ...Object.keys(resource.filters), ...(resource.parameters ?? [])]);
  if (resource.nullsFields !== undefined) allowed.add('nulls');
  for (const name of params.keys()) {
    if (!allowed.has(name)) throw new ApiErrors.BadRequest(`Unknown argument: "${name}"`);
  }

  // python-mistralclient may send empty values for parameters it was not given.
  const requestedKeys = commaList((params.get('sort_keys') ?? '').toLowerCase());
  const sortKeys = requestedKeys.length > 0 ? requestedKeys : [...(resource.defaultSortKeys ?? ['created_at'])];
  for (const key of sortKeys) {
    if (resource.sortKeys[key] === undefined) {
      throw new ApiErrors.BadRequest(`Unknown sort key "${key}"; sort by one of: ${Object.keys(resource.sortKeys).join(', ')}`);
    }
  }
  if (new Set(sortKeys).size !== sortKeys.length) throw new ApiErrors.BadRequest('sort_keys must not repeat a key');
  const dirs = commaList((params.get('sort_dirs') ?? '').toLowerCase());
  if (dirs.length > sortKeys.length) {
    throw new ApiErrors.BadRequest('Length of sort_keys must be equal or greater than sort_dirs.');
  }
  const sortDirs = sortKeys.map((_, i) => {
    const dir = dirs[i] ?? 'asc';
    if (dir !== 'asc' && dir !== 'desc') throw new ApiErrors.BadRequest("Unknown sort direction, must be 'desc' or 'asc'.");
    return dir;
  });

  const filters = Object.entries(resource.filters).flatMap(([name, field]) => {
    const raw = params.get(name);
    return raw === undefined ? [] : [parseFilter(name, field, raw)];
  });
  const nullsRaw = params.get('nulls');
  const nulls = nullsRaw === undefined ? [] : commaList(nullsRaw.toLowerCase());
  for (const name of nulls) {
    if (!(resource.nullsFields ?? []).includes(name)) {
      throw new ApiErrors.BadRequest(`nulls cannot name "${name}"; use one of: ${(resource.nullsFields ?? []).join(', ')}`);
    }
  }

  const extra = new Map<string, string>();
  for (const name of resource.parameters ?? []) {
    const value = params.get(name);
    if (value !== undefined) extra.set(name, value);
  }
  const marker = params.get('marker');
  return {
    limit: parseLimit(params.get('limit')),
    marker: marker === undefined || marker === '' ? undefined : marker,
    sortKeys,
    sortDirs,
    fields: parseFields(params.get('fields'), resource.fields),
    filters,
    nulls,
    parameters: extra,
  };
}

/** `limit`: a positive integer, clamped to {@link MAX_LIMIT} (also the default). */
export function parseLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return MAX_LIMIT;
  if (!/^-?\d+$/.test(raw.trim())) throw new ApiErrors.BadRequest(`Limit must be an integer, got "${raw}"`);
  const n = Number(raw);
  if (n <= 0) throw new ApiErrors.BadRequest('Limit must be positive.');
  return Math.min(n, MAX_LIMIT);
}

/** `fields=a,b`: lower-cased, validated against `allowed`, `id` first; undefined = every field. */
export function parseFields(raw: string | undefined, allowed: readonly string[]): readonly string[] | undefined {
  if (raw === undefined) return undefined;
  const fields = commaList(raw.toLowerCase());
  if (fields.length === 0) return undefined;
  const invalid = fields.filter((f) => !allowed.includes(f));
  if (invalid.length > 0) throw new ApiErrors.BadRequest(`Field(s) ${invalid.join(', ')} are invalid.`);
  const unique = [...new Set(fields)];
  return unique.includes('id') ? unique : ['id', ...unique];
}

const OP_PREFIX = new RegExp(`^(${OPS.join('|')}):`, 's');

function parseFilter(name: string, field: FilterField, raw: string): FilterCondition {
  const m = OP_PREFIX.exec(raw);
  const op = (m?.[1] ?? 'eq') as FilterOp;
  const text = m === null ? raw : raw.slice(m[0].length);
  const base = { field: name, column: field.column, kind: field.kind, raw };
  if (field.kind === 'tags') {
    if (op !== 'eq') throw new ApiErrors.BadRequest(`Filter "${name}" takes a comma-separated list of tags, not "${op}:"`);
    return { ...base, op, values: commaList(text) };
  }
  if (op === 'has' && field.kind !== 'text' && field.kind !== 'json') {
    throw new ApiErrors.BadRequest(`Filter "${name}" does not support "has:"; it applies to text fields only`);
  }
  const parts = op === 'in' || op === 'nin' ? commaList(text) : [text];
  return { ...base, op, values: parts.map((p) => filterValue(name, field, p)) };
}

function filterValue(name: string, field: FilterField, text: string): FilterScalar {
  switch (field.kind) {
    case 'text':
    case 'json':
    case 'tags':
      return text;
    case 'enum':
      if (!(field.values ?? []).includes(text)) {
        throw new ApiErrors.BadRequest(`Invalid value for "${name}": "${text}" is not one of ${(field.values ?? []).join(', ')}`);
      }
      return text;
    case 'time': {
      const ms = parseWireTime(text);
      if (ms === undefined) throw new ApiErrors.BadRequest(`Invalid value for "${name}": "${text}" is not a date and time`);
      return ms;
    }
    case 'integer':
      if (!/^-?\d+$/.test(text.trim())) throw new ApiErrors.BadRequest(`Invalid value for "${name}": "${text}" is not an integer`);
      return Number(text);
    case 'boolean': {
      const b = parseBool(text);
      if (b === undefined) throw new ApiErrors.BadRequest(`Invalid value for "${name}": expected true or false, got "${text}"`);
      return b;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Response

/** `<scheme>://<host[:port]>` of the request, as pecan's `host_url`. */
export function hostUrl(request: { readonly protocol: string; readonly host: string }): string {
  return `${request.protocol}://${request.host}`;
}

// Mistral writes values unencoded; encode what would break the URL but keep the `,` and `:` of
// `state=in:RUNNING,ERROR` readable and identical to Mistral's link.
function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(/%2C/gi, ',').replace(/%3A/gi, ':');
}

/**
 * The link to the page after `lastMarker`, in Mistral's exact parameter order:
 * `sort_keys, sort_dirs, <filters…>, limit, marker[, fields]`.
 */
export function nextLink<Row extends object>(host: string, resource: ListResource<Row>, query: ListQuery, lastMarker: string): string {
  const parts = [`sort_keys=${encodeValue(query.sortKeys.join(','))}`, `sort_dirs=${encodeValue(query.sortDirs.join(','))}`];
  for (const c of query.filters) parts.push(`${c.field}=${encodeValue(c.raw)}`);
  if (query.nulls.length > 0) parts.push(`nulls=${encodeValue(query.nulls.join(','))}`);
  for (const [name, value] of query.parameters) parts.push(`${name}=${encodeValue(value)}`);
  parts.push(`limit=${query.limit}`, `marker=${encodeValue(lastMarker)}`);
  if (query.fields !== undefined) parts.push(`fields=${encodeValue(query.fields.join(','))}`);
  return `${host}/v2/${resource.collection}?${parts.join('&')}`;
}

/** The list envelope; `next` only when the page is full, as Mistral does. */
export function listBody<Row extends object>(host: string, resource: ListResource<Row>, query: ListQuery, rows: readonly Row[]): WireObject {
  const body: WireObject = { [resource.collection]: rows.map((row) => pickFields(resource.serialize(row, query), query.fields)) };
  const last = rows[rows.length - 1];
  if (last !== undefined && rows.length === query.limit) {
    const marker = cellOf(last, (resource.markerColumns ?? ['id'])[0] ?? 'id');
    if (marker !== null) body['next'] = nextLink(host, resource, query, String(marker));
  }
  return body;
}
