import type { Metadata } from 'next';
import { OverviewPanel } from '@/components/panels/overview-panel';

export const metadata: Metadata = { title: 'Overview' };

export default function OverviewPage() {
  return <OverviewPanel />;
}
