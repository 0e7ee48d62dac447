import type { Metadata } from 'next';
import { WorkflowDetail } from '@/components/panels/workflow-detail';

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeURIComponent((await params).name) };
}

export default async function WorkflowPage({ params }: Props) {
  const { name } = await params;
  return <WorkflowDetail name={decodeURIComponent(name)} />;
}
