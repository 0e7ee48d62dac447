'use client';

import { createContext, useContext, type ReactNode } from 'react';
import type { ViewerInfo } from '@/lib/dashboard/viewer';

const ViewerContext = createContext<ViewerInfo>({
  mode: 'noauth',
  userName: '',
  userDomain: '',
  project: null,
  projects: [],
  roles: [],
  canWrite: false,
});

/** Who is looking (from the server session): pages hide change buttons when `canWrite` is false. */
export function useViewer(): ViewerInfo {
  return useContext(ViewerContext);
}

export function ViewerProvider({ viewer, children }: { readonly viewer: ViewerInfo; readonly children: ReactNode }) {
  return <ViewerContext.Provider value={viewer}>{children}</ViewerContext.Provider>;
}
