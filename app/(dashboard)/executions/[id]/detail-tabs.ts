/** The detail page's tabs, in order; `?tab=` holds the id (Horizon's linkable tab groups). */
export const DETAIL_TABS = [
  { id: 'graph', label: 'Graph' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'tasks', label: 'Tasks' },
  { id: 'io', label: 'Input / Output' },
  { id: 'history', label: 'History' },
  { id: 'report', label: 'Report' },
] as const;

export type DetailTab = (typeof DETAIL_TABS)[number]['id'];
