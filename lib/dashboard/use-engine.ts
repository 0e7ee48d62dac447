'use client';

import {
  useMutation,
  useQuery,
  useQueryClient,
  type UseMutationResult,
  type UseQueryOptions,
  type UseQueryResult,
} from '@tanstack/react-query';
import { engineFetch, type EngineRequest, type EngineRequestError, type QueryParams } from './engine-fetch';
import { engineKey } from './engine-queries';

/** GET `path` (null = not yet, e.g. while an id is unknown). */
export function useEngineQuery<T>(
  path: string | null,
  params: QueryParams = {},
  options: Omit<UseQueryOptions<T, EngineRequestError>, 'queryKey' | 'queryFn'> = {},
): UseQueryResult<T, EngineRequestError> {
  return useQuery<T, EngineRequestError>({
    ...options,
    queryKey: engineKey(path ?? '', params),
    queryFn: ({ signal }) => engineFetch<T>(path ?? '', { params, signal }),
    enabled: path !== null && options.enabled !== false,
  });
}

export interface EngineMutationSpec<V> {
  /** The request for one call. */
  readonly request: (vars: V) => EngineRequest & { readonly path: string };
  /** Engine paths whose cached queries are stale afterwards. */
  readonly invalidates: readonly string[];
}

export function useEngineMutation<T, V>(spec: EngineMutationSpec<V>): UseMutationResult<T, EngineRequestError, V> {
  const client = useQueryClient();
  return useMutation<T, EngineRequestError, V>({
    mutationFn: (vars) => {
      const { path, ...request } = spec.request(vars);
      return engineFetch<T>(path, request);
    },
    onSettled: async () => {
      await Promise.all(spec.invalidates.map((path) => client.invalidateQueries({ queryKey: ['engine', path] })));
    },
  });
}
