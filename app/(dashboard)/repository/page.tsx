import type { Metadata } from 'next';
import { RepositoryPanel } from '@/components/repository/repository-panel';

export const metadata: Metadata = { title: 'Repository' };

export default function RepositoryPage() {
  return <RepositoryPanel />;
}
