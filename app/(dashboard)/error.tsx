'use client';

import { ErrorPanel } from '@/components/ui/error-panel';

/** The error boundary of every panel: the chrome stays, the panel offers a retry. */
export default function PanelError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPanel title="This page failed to load" error={error} onRetry={reset} />;
}
