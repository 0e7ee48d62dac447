import type { Metadata } from 'next';
import { TasksPanel } from '@/components/panels/tasks-panel';

export const metadata: Metadata = { title: 'Task Executions' };

export default function Page() {
  return <TasksPanel />;
}
