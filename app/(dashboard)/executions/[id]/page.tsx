import { HydrationBoundary, QueryClient, dehydrate } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { GraphSeeder } from '@/components/graph/graph-seeder';
import { serverEngineGet } from '@/lib/dashboard/server-engine';
import { currentCaller } from '@/lib/dashboard/server-session';
import { engineKey, executionPath, executionReportPath, workflowQuery } from '@/lib/dashboard/engine-queries';
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
async function prefetch(id: string): Promise<{ client: QueryClient; seed: GraphSeed | undefined }> {
  const client = new QueryClient();
  const caller = await currentCaller();
  if (caller.kind === 'anonymous') return { client, seed: undefined };
  const [execution, report] = await Promise.all([
    serverEngineGet<ExecutionWire>(caller, executionPath(id)),
    serverEngineGet<ExecutionReport>(caller, executionReportPath(id)),
  ]);
  if (execution === undefined || report === undefined) return { client, seed: undefined };
  client.setQueryData(engineKey(executionPath(id)), execution);
  // The browser replays every stream event on top of a report requested at time 0 (navigation start).
  client.setQueryData(engineKey(executionReportPath(id)), { report, requestedAt: 0 });
  // As the Graph tab asks for it (graph-tab.tsx).
  const query = workflowQuery(execution.workflow_id ?? execution.workflow_name, execution.workflow_namespace);
  const workflow = await serverEngineGet<{ definition: string }>(caller, query.path, query.params);
  if (workflow === undefined) return { client, seed: undefined };
  client.setQueryData(engineKey(query.path, query.params), workflow);
  return { client, seed: graphSeed(workflow.definition, execution.workflow_name, id, report) };
}

/** `/executions/{id}?tab=graph|timeline|tasks|io|history|report&task=<name>`. */
export default async function ExecutionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { client, seed } = await prefetch(id);
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <GraphSeeder seed={seed}>
        <Suspense>
          <ExecutionDetail id={id} />
        </Suspense>
      </GraphSeeder>
    </HydrationBoundary>
  );
}
