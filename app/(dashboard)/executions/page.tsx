import { HydrationBoundary } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { ExecutionsPanel } from '@/components/panels/executions-panel';
import { EXECUTION_LIST, executionListFilterParams } from '@/lib/dashboard/execution-filters';
import { listQueryParams, parseListState } from '@/lib/dashboard/list-state';
import { EnginePrefetch } from '@/lib/dashboard/server-prefetch';
import { currentCaller } from '@/lib/dashboard/server-session';

export const metadata: Metadata = { title: 'Workflow Executions' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The page of executions the URL asks for is read while the page renders: its rows are in the HTML. */
export default async function ExecutionsPage({ searchParams }: { searchParams: SearchParams }) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) if (typeof value === 'string') search.set(key, value);
  const caller = await currentCaller();
  if (caller.kind === 'anonymous') return <ExecutionsPanel />;
  const prefetch = new EnginePrefetch(caller);
  const state = parseListState(search, EXECUTION_LIST);
  let filterParams;
  try {
    filterParams = executionListFilterParams(state.filters);
  } catch {
    // A filter value the engine would refuse: the panel says which one.
    return <ExecutionsPanel />;
  }
  await prefetch.get('/v2/executions', listQueryParams(filterParams, state, EXECUTION_LIST));
  return (
    <HydrationBoundary state={prefetch.dehydrate()}>
      <ExecutionsPanel />
    </HydrationBoundary>
  );
}
