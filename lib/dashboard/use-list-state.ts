'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { parseListState, writeListState, type ListSpec, type ListState } from './list-state';

/** The list view held in the URL; `setState` replaces the URL (no history entry per keystroke). */
export function useListState<F extends string>(spec: ListSpec<F>): [ListState<F>, (next: ListState<F>) => void] {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const key = search.toString();
  const state = useMemo(() => parseListState(new URLSearchParams(key), spec), [key, spec]);
  const setState = useCallback(
    (next: ListState<F>) => {
      const query = writeListState(new URLSearchParams(key), next, spec).toString();
      router.replace(`${pathname}${query ? `?${query}` : ''}`, { scroll: false });
    },
    [key, spec, router, pathname],
  );
  return [state, setState];
}
