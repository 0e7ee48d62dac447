'use client';

/**
 * One list panel's data: the view from the URL (use-list-state.ts), one keyset page from the engine
 * with the panel's filter parameters, and the paging callbacks for the table footer.
 */
import { keepPreviousData } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Paging } from '@/components/ui/data-table';
import type { QueryParams } from './engine-fetch';
import { listQueryParams, nextPage, pageOf, prevPage, toggleSort, withFilters, type ListSpec, type ListState } from './list-state';
import { useEngineQuery } from './use-engine';
import { useListState } from './use-list-state';

export interface EngineList<Row, F extends string> {
  readonly state: ListState<F>;
  readonly rows: readonly Row[] | undefined;
  readonly loading: boolean;
  readonly error: unknown;
  readonly refetch: () => void;
  readonly paging: Paging;
  readonly setFilters: (patch: Readonly<Partial<Record<F, string>>>) => void;
  readonly sortBy: (key: string) => void;
}

export interface EngineListOptions<Row> {
  /** Engine filter parameters for the current view (or an error to show instead of asking). */
  readonly params: QueryParams | Error;
  /** The marker value of a row (its id unless the collection pages by name). */
  readonly markerOf?: (row: Row) => string;
  /** Re-fetch every N ms (lists without a live stream). */
  readonly refetchInterval?: number;
}

export function useEngineList<Row extends { id: string }, F extends string>(
  path: string,
  collection: string,
  spec: ListSpec<F>,
  options: (state: ListState<F>) => EngineListOptions<Row>,
): EngineList<Row, F> {
  const [state, setState] = useListState(spec);
  const { params, markerOf = (row: Row) => row.id, refetchInterval } = options(state);
  const filterError = params instanceof Error ? params : null;
  const filterParams: QueryParams = params instanceof Error ? {} : params;
  const query = useEngineQuery<Record<string, unknown>>(
    filterError ? null : path,
    listQueryParams(filterParams, state, spec),
    { placeholderData: keepPreviousData, refetchInterval },
  );
  const fetched = query.data?.[collection] as readonly Row[] | undefined;
  const page = useMemo(() => (fetched ? pageOf(fetched, state, spec) : undefined), [fetched, state, spec]);
  const rows = page?.rows;

  return {
    state,
    rows,
    loading: query.isLoading,
    error: filterError ?? query.error ?? undefined,
    refetch: () => void query.refetch(),
    paging: {
      hasPrev: page?.hasPrev ?? false,
      hasNext: page?.hasNext ?? false,
      onPrev: () => rows?.[0] && setState(prevPage(state, markerOf(rows[0]))),
      onNext: () => {
        const last = rows?.[rows.length - 1];
        if (last) setState(nextPage(state, markerOf(last)));
      },
    },
    setFilters: (patch) => setState(withFilters(state, patch)),
    sortBy: (key) => setState(toggleSort(state, key)),
  };
}
