import { cn } from './cn';

export function Skeleton({ className }: { readonly className?: string }) {
  return <div className={cn('animate-pulse rounded bg-border/60', className)} aria-hidden="true" />;
}

/** Placeholder rows while a table loads; announced once to screen readers. */
export function TableSkeleton({ rows = 6, columns = 5 }: { readonly rows?: number; readonly columns?: number }) {
  return (
    <div role="status" aria-label="Loading" className="space-y-2 p-3">
      {Array.from({ length: rows }, (_, r) => (
        <div key={r} className="flex gap-3">
          {Array.from({ length: columns }, (_, c) => (
            <Skeleton key={c} className={cn('h-5', c === 0 ? 'w-5' : 'flex-1')} />
          ))}
        </div>
      ))}
      <span className="sr-only">Loading…</span>
    </div>
  );
}
