import type { Metadata } from 'next';
import { ExecutionsPanel } from '@/components/panels/executions-panel';

export const metadata: Metadata = { title: 'Workflow Executions' };

export default function ExecutionsPage() {
  return <ExecutionsPanel />;
}
