import type { ReactElement } from 'react';
import { ResponsiveContainer } from 'recharts';
import { EmptyState } from '@/components/ui/empty-state';

/** The space around every chart's plot, so the analytics charts line up side by side. */
export const CHART_MARGIN = { top: 8, right: 24, bottom: 8, left: 8 } as const;

/**
 * A titled chart with a text summary for screen readers (the numbers a chart shows must be
 * readable without it), or an empty state when there is nothing to plot. The drawing itself is
 * hidden from assistive technology, so the charts inside turn recharts' keyboard layer off.
 */
export function ChartFrame({ title, summary, empty, children, testId }: { title: string; summary: string; empty: boolean; children: ReactElement; testId: string }) {
  return (
    <figure className="space-y-2 rounded border border-border bg-surface p-3" data-testid={testId}>
      <figcaption className="text-sm font-semibold">{title}</figcaption>
      {empty ? (
        <EmptyState title="No data in this window" />
      ) : (
        <>
          <p className="sr-only">{summary}</p>
          <div className="h-64 w-full" aria-hidden="true">
            <ResponsiveContainer width="100%" height="100%">
              {children}
            </ResponsiveContainer>
          </div>
        </>
      )}
    </figure>
  );
}
