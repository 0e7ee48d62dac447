import type { Metadata } from 'next';
import { WorkflowsPanel } from '@/components/panels/workflows-panel';

export const metadata: Metadata = { title: 'Workflows' };

export default function WorkflowsPage() {
  return <WorkflowsPanel />;
}
