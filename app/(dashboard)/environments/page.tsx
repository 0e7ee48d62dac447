import type { Metadata } from 'next';
import { EnvironmentsPanel } from '@/components/panels/environments-panel';

export const metadata: Metadata = { title: 'Environments' };

export default function Page() {
  return <EnvironmentsPanel />;
}
