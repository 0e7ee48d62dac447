import { HydrationBoundary } from '@tanstack/react-query';
import type { DehydratedState } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { GraphSeeder } from '@/components/graph/graph-seeder';
import { executionPath, executionReportPath, workflowQuery } from '@/lib/dashboard/engine-queries';
import { EnginePrefetch } from '@/lib/dashboard/server-prefetch';
import { currentCaller } from '@/lib/dashboard/server-session';
import { graphSeed } from '@/lib/graph/graph-seed';
import type { GraphSeed } from '@/lib/graph/layout-client';
import type { ExecutionReport } from '@/lib/graph/live-tree';
import { ExecutionDetail } from './execution-detail';
import type { ExecutionWire } from './wire';

export const metadata: Metadata = { title: 'Execution detail · Convection' };

/**
 * What the page reads first (the execution, its report and its workflow's definition), fetched here
 * while the page renders rather than one after the other by the browser, plus the graph's layout.
 */
async function prefetch(id: string): Promise<{ state: DehydratedState | undefined; seed: GraphSeed | undefined }> {
  const caller = await currentCaller();
  if (caller.kind === 'anonymous') return { state: undefined, seed: undefined };
  const engine = new EnginePrefetch(caller);
  const [execution, report] = await Promise.all([
    engine.get<ExecutionWire>(executionPath(id)),
    engine.read<ExecutionReport>(executionReportPath(id)),
  ]);
  // Kept wrapped as use-live-execution.ts keeps it: every stream event since navigation start (0) is replayed on top.
  if (report !== undefined) engine.put(executionReportPath(id), { report, requestedAt: 0 });
  if (execution === undefined || report === undefined) return { state: engine.dehydrate(), seed: undefined };
  // As the Graph tab asks for it (graph-tab.tsx).
  const query = workflowQuery(execution.workflow_id ?? execution.workflow_name, execution.workflow_namespace);
  const workflow = await engine.get<{ definition: string }>(query.path, query.params);
  const seed = workflow === undefined ? undefined : graphSeed(workflow.definition, execution.workflow_name, id, report);
  return { state: engine.dehydrate(), seed };
}

/** `/executions/{id}?tab=graph|timeline|tasks|io|history|report&task=<name>`. */
export default async function ExecutionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { state, seed } = await prefetch(id);
  return (
    <HydrationBoundary state={state}>
      <GraphSeeder seed={seed}>
        <Suspense>
          <ExecutionDetail id={id} />
        </Suspense>
      </GraphSeeder>
    </HydrationBoundary>
  );
}
