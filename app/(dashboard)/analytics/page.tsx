import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AnalyticsView } from './analytics-view';

export const metadata: Metadata = { title: 'Analytics · Convection' };

/** `/analytics?workflow=<name>&window=24h|7d|30d|90d` (or `since`/`until`) `&bucket=hour|day`. */
export default function AnalyticsPage() {
  return (
    <Suspense>
      <AnalyticsView />
    </Suspense>
  );
}
