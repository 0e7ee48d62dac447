import type { Metadata } from 'next';
import { RepositoryDetail } from '@/components/repository/repository-detail';

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeURIComponent((await params).name) };
}

export default async function RepositoryFlowPage({ params }: Props) {
  const { name } = await params;
  return <RepositoryDetail name={decodeURIComponent(name)} />;
}
