/** The left nav: Horizon's Workflow dashboard with mistral-dashboard's panel names, plus ours. */
export interface NavItem {
  readonly href: string;
  readonly label: string;
}

export interface NavGroup {
  readonly label: string;
  readonly items: readonly NavItem[];
}

export const NAV: readonly NavGroup[] = [
  {
    label: 'Workflow',
    items: [
      { href: '/', label: 'Overview' },
      { href: '/workbooks', label: 'Workbooks' },
      { href: '/workflows', label: 'Workflows' },
      { href: '/repository', label: 'Repository' },
      { href: '/actions', label: 'Actions' },
      { href: '/executions', label: 'Workflow Executions' },
      { href: '/tasks', label: 'Task Executions' },
      { href: '/action-executions', label: 'Action Executions' },
      { href: '/cron-triggers', label: 'Cron Triggers' },
      { href: '/environments', label: 'Environments' },
      { href: '/analytics', label: 'Analytics' },
    ],
  },
];

/** The nav entry for a path: the longest matching prefix ('/' only for itself). */
export function activeNavHref(pathname: string): string | undefined {
  const items = NAV.flatMap((g) => g.items);
  const matches = items.filter((i) => (i.href === '/' ? pathname === '/' : pathname === i.href || pathname.startsWith(`${i.href}/`)));
  return matches.sort((a, b) => b.href.length - a.href.length)[0]?.href;
}
