import type { Metadata } from 'next';
import { ActionsPanel } from '@/components/panels/actions-panel';

export const metadata: Metadata = { title: 'Actions' };

export default function Page() {
  return <ActionsPanel />;
}
