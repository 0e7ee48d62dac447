import type { ReactNode } from 'react';
import { InboxIcon } from './icons';

export interface EmptyStateProps {
  /** Horizon's wording by default. */
  readonly title?: string;
  readonly children?: ReactNode;
  readonly action?: ReactNode;
}

export function EmptyState({ title = 'No items to display', children, action }: EmptyStateProps) {
  return (
    <div className="flex flex-col items-center gap-2 px-4 py-10 text-center text-muted">
      <InboxIcon className="h-8 w-8" />
      <p className="font-medium text-fg">{title}</p>
      {children && <div className="max-w-md text-sm">{children}</div>}
      {action}
    </div>
  );
}
