import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ExecutionDetail } from './execution-detail';

export const metadata: Metadata = { title: 'Execution detail · Convection' };

/** `/executions/{id}?tab=graph|timeline|tasks|io|history|report&task=<name>`. */
export default async function ExecutionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <ExecutionDetail id={id} />
    </Suspense>
  );
}
