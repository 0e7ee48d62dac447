'use client';
/**
 * "3 minutes ago", with the exact local time as its title. A page rendered on the server (another
 * clock, another time zone) shows the server's words first and the browser's right after hydration.
 */
import { useSyncExternalStore } from 'react';
import { formatTime, timeAgo } from '@/lib/dashboard/format';

const noSubscription = () => () => undefined;

export function RelativeTime({ value }: { readonly value: string | null | undefined }) {
  const inBrowser = useSyncExternalStore(noSubscription, () => true, () => false);
  return (
    <time suppressHydrationWarning title={inBrowser ? formatTime(value) : undefined}>
      {timeAgo(value)}
    </time>
  );
}
