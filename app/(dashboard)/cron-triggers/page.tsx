import type { Metadata } from 'next';
import { CronTriggersPanel } from '@/components/panels/cron-triggers-panel';

export const metadata: Metadata = { title: 'Cron Triggers' };

export default function Page() {
  return <CronTriggersPanel />;
}
