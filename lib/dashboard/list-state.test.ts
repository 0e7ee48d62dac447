import { describe, expect, it } from 'vitest';
import { EXECUTION_LIST } from './execution-filters';
import { nextPage, pageOf, pageParams, parseListState, prevPage, toggleSort, withFilters, writeListState } from './list-state';

const spec = EXECUTION_LIST;

describe('list state ↔ URL', () => {
  it('round-trips filters, sort and page, keeping unrelated parameters', () => {
    const url = new URLSearchParams('state=failed&workflow=hello&q=disk&field=state_info&sort=updated_at&dir=asc&marker=abc&embed=1&tab=x');
    const state = parseListState(url, spec);
    expect(state).toEqual({
      filters: { state: 'failed', workflow: 'hello', q: 'disk', field: 'state_info' },
      sort: { key: 'updated_at', dir: 'asc' },
      page: { marker: 'abc', backward: false },
    });
    const written = writeListState(new URLSearchParams('embed=1&tab=x&state=running'), state, spec);
    expect(Object.fromEntries(written)).toEqual(Object.fromEntries(url));
    expect(parseListState(written, spec)).toEqual(state);
  });

  it('leaves defaults out of the URL and ignores unknown sort keys', () => {
    const state = parseListState(new URLSearchParams('sort=password&dir=sideways'), spec);
    expect(state.sort).toEqual(spec.defaultSort);
    expect(writeListState(new URLSearchParams(), state, spec).toString()).toBe('');
  });

  it('reads a backward page from `before`', () => {
    expect(parseListState(new URLSearchParams('before=r1'), spec).page).toEqual({ marker: 'r1', backward: true });
  });

  it('goes back to the first page when a filter or the sort changes', () => {
    const paged = parseListState(new URLSearchParams('marker=abc&state=failed'), spec);
    expect(withFilters(paged, { workflow: 'hello' })).toMatchObject({ filters: { state: 'failed', workflow: 'hello' }, page: null });
    expect(withFilters(paged, { state: '  ' }).filters).toEqual({});
    expect(toggleSort(paged, 'created_at')).toMatchObject({ sort: { key: 'created_at', dir: 'asc' }, page: null });
    expect(toggleSort(paged, 'workflow_name').sort).toEqual({ key: 'workflow_name', dir: 'asc' });
    expect(toggleSort(paged, 'updated_at').sort).toEqual({ key: 'updated_at', dir: 'desc' });
  });
});

describe('keyset paging', () => {
  const rows = (n: number, prefix = 'r') => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}` }));
  const first = parseListState(new URLSearchParams(), spec);

  it('asks for one row more than a page, with id breaking ties', () => {
    expect(pageParams(first, spec)).toEqual({ limit: 21, sort_keys: 'created_at,id', sort_dirs: 'desc,desc' });
  });

  it('knows there is a next page only when the extra row came back', () => {
    expect(pageOf(rows(21), first, spec)).toMatchObject({ hasPrev: false, hasNext: true });
    expect(pageOf(rows(21), first, spec).rows).toHaveLength(20);
    expect(pageOf(rows(20), first, spec)).toMatchObject({ hasPrev: false, hasNext: false });
  });

  it('pages forward after the last row and back before the first, reversing the order', () => {
    const second = nextPage(first, 'r19');
    expect(pageParams(second, spec)).toMatchObject({ marker: 'r19', sort_dirs: 'desc,desc' });
    expect(pageOf(rows(5, 's'), second, spec)).toMatchObject({ hasPrev: true, hasNext: false });

    const back = prevPage(second, 's0');
    expect(pageParams(back, spec)).toMatchObject({ marker: 's0', sort_dirs: 'asc,asc' });
    const fetched = [{ id: 'r19' }, { id: 'r18' }, { id: 'r17' }];
    expect(pageOf(fetched, back, spec)).toEqual({ rows: [{ id: 'r17' }, { id: 'r18' }, { id: 'r19' }], hasPrev: false, hasNext: true });
  });
});
