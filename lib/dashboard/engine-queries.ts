/**
 * Query keys and paths of engine reads, shared by client hooks and by server components that fetch
 * ahead of the browser (so the browser finds the prefetched data under the same key).
 */
import type { QueryParams } from './engine-fetch';

/** Query keys start with the engine path, so invalidating `['engine', '/v2/executions']` hits every page of it. */
export function engineKey(path: string, params: QueryParams = {}): readonly unknown[] {
  return ['engine', path, params];
}

export const executionPath = (id: string): string => `/v2/executions/${id}`;
export const executionReportPath = (id: string): string => `/v2/executions/${id}/report`;

/** A workflow's stored definition: by id, or by name within `namespace`. */
export function workflowQuery(workflow: string, namespace: string | undefined): { readonly path: string; readonly params: QueryParams } {
  return { path: `/v2/workflows/${encodeURIComponent(workflow)}`, params: { namespace } };
}
