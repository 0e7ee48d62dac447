import type { Metadata } from 'next';
import { WorkbooksPanel } from '@/components/panels/workbooks-panel';

export const metadata: Metadata = { title: 'Workbooks' };

export default function Page() {
  return <WorkbooksPanel />;
}
