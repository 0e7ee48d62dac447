import type { Metadata } from 'next';
import { ActionExecutionsPanel } from '@/components/panels/action-executions-panel';

export const metadata: Metadata = { title: 'Action Executions' };

export default function Page() {
  return <ActionExecutionsPanel />;
}
