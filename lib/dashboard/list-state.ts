/**
 * A list panel's view (filters, sort, page) ↔ its URL, so a link restores the view, and ↔ the
 * engine's list parameters (keyset paging with `marker`, Mistral's `sort_keys`/`sort_dirs`).
 *
 * Paging backwards uses the same keyset trick as Horizon: ask with the sort reversed and the first
 * row of the current page as marker, then reverse what comes back. One extra row is fetched to know
 * whether another page exists. Pure functions; the hook lives in use-list-state.ts.
 */

import type { QueryParams } from './engine-fetch';

export type SortDir = 'asc' | 'desc';

export interface ListSpec<F extends string> {
  /** URL keys of the panel's own filters. */
  readonly filters: readonly F[];
  /** Engine sort keys the headers may choose. */
  readonly sortKeys: readonly string[];
  readonly defaultSort: { readonly key: string; readonly dir: SortDir };
  readonly pageSize: number;
}

export interface PagePosition {
  /** Id of the row to continue after (forward) or before (backward). */
  readonly marker: string;
  readonly backward: boolean;
}

export interface ListState<F extends string> {
  readonly filters: Readonly<Partial<Record<F, string>>>;
  readonly sort: { readonly key: string; readonly dir: SortDir };
  readonly page: PagePosition | null;
}

/** URL keys the list machinery itself uses (the panel's filters must not reuse them). */
export const LIST_KEYS = ['sort', 'dir', 'marker', 'before'] as const;

export function parseListState<F extends string>(search: URLSearchParams, spec: ListSpec<F>): ListState<F> {
  const filters: Partial<Record<F, string>> = {};
  for (const key of spec.filters) {
    const value = search.get(key)?.trim();
    if (value) filters[key] = value;
  }
  const sortKey = search.get('sort');
  const dir = search.get('dir');
  const sort =
    sortKey !== null && spec.sortKeys.includes(sortKey)
      ? { key: sortKey, dir: dir === 'asc' || dir === 'desc' ? dir : spec.defaultSort.dir }
      : spec.defaultSort;
  const after = search.get('marker');
  const before = search.get('before');
  const page = after ? { marker: after, backward: false } : before ? { marker: before, backward: true } : null;
  return { filters, sort, page };
}

/** The URL for `state`, keeping parameters that are not the list's (tab, embed …); defaults are left out. */
export function writeListState<F extends string>(current: URLSearchParams, state: ListState<F>, spec: ListSpec<F>): URLSearchParams {
  const next = new URLSearchParams(current.toString());
  for (const key of [...spec.filters, ...LIST_KEYS]) next.delete(key);
  for (const key of spec.filters) {
    const value = state.filters[key];
    if (value) next.set(key, value);
  }
  if (state.sort.key !== spec.defaultSort.key || state.sort.dir !== spec.defaultSort.dir) {
    next.set('sort', state.sort.key);
    next.set('dir', state.sort.dir);
  }
  if (state.page) next.set(state.page.backward ? 'before' : 'marker', state.page.marker);
  return next;
}

/** A filter changed: back to the first page. Empty values remove the filter. */
export function withFilters<F extends string>(state: ListState<F>, patch: Readonly<Partial<Record<F, string>>>): ListState<F> {
  const filters: Partial<Record<F, string>> = { ...state.filters };
  for (const [key, value] of Object.entries(patch) as [F, string | undefined][]) {
    if (value === undefined || value.trim() === '') delete filters[key];
    else filters[key] = value.trim();
  }
  return { ...state, filters, page: null };
}

/** A header was clicked: the same key flips direction, another key starts newest/highest first for times. */
export function toggleSort<F extends string>(state: ListState<F>, key: string): ListState<F> {
  const dir: SortDir = state.sort.key === key ? (state.sort.dir === 'asc' ? 'desc' : 'asc') : key.endsWith('_at') ? 'desc' : 'asc';
  return { ...state, sort: { key, dir }, page: null };
}

const flip = (dir: SortDir): SortDir => (dir === 'asc' ? 'desc' : 'asc');

/** The engine's paging and sort parameters for `state` (filters are the panel's business). */
export function pageParams<F extends string>(state: ListState<F>, spec: ListSpec<F>): Record<string, string | number> {
  const dir = state.page?.backward ? flip(state.sort.dir) : state.sort.dir;
  // `id` breaks ties so the keyset order is total and no row is skipped or repeated between pages.
  const keys = state.sort.key === 'id' ? ['id'] : [state.sort.key, 'id'];
  return {
    limit: spec.pageSize + 1,
    sort_keys: keys.join(','),
    sort_dirs: keys.map(() => dir).join(','),
    ...(state.page ? { marker: state.page.marker } : {}),
  };
}

/** Everything a list page asks the engine: the panel's filter parameters plus paging and sort. */
export function listQueryParams<F extends string>(filterParams: QueryParams, state: ListState<F>, spec: ListSpec<F>): QueryParams {
  return { ...filterParams, ...pageParams(state, spec) };
}

export interface PageOf<Row> {
  readonly rows: readonly Row[];
  readonly hasPrev: boolean;
  readonly hasNext: boolean;
}

/** The rows to show (in display order) and whether other pages exist, from what `pageParams` fetched. */
export function pageOf<Row, F extends string>(fetched: readonly Row[], state: ListState<F>, spec: ListSpec<F>): PageOf<Row> {
  const more = fetched.length > spec.pageSize;
  const kept = fetched.slice(0, spec.pageSize);
  if (state.page?.backward) return { rows: [...kept].reverse(), hasPrev: more, hasNext: true };
  return { rows: kept, hasPrev: state.page !== null, hasNext: more };
}

export function nextPage<F extends string>(state: ListState<F>, lastId: string): ListState<F> {
  return { ...state, page: { marker: lastId, backward: false } };
}

export function prevPage<F extends string>(state: ListState<F>, firstId: string): ListState<F> {
  return { ...state, page: { marker: firstId, backward: true } };
}
