import type { ReactNode } from 'react';
import { Breadcrumb, type Crumb } from './breadcrumb';

export interface PageHeaderProps {
  readonly title: string;
  readonly crumbs: readonly Crumb[];
  /** Right-hand actions (detail pages). */
  readonly actions?: ReactNode;
  readonly children?: ReactNode;
}

/** Breadcrumb, then the page title with its actions at the right (Horizon's page header). */
export function PageHeader({ title, crumbs, actions, children }: PageHeaderProps) {
  return (
    <header className="mb-4 space-y-1">
      <Breadcrumb items={crumbs} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold break-all">{title}</h1>
        {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
      </div>
      {children}
    </header>
  );
}
