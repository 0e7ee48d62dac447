'use client';
/** Hands the server's shape and layout of a graph to the browser's caches before the graph renders. */
import type { ReactNode } from 'react';
import { seedGraph } from '@/lib/graph/layout-client';
import type { GraphSeed } from '@/lib/graph/layout-client';

export function GraphSeeder({ seed, children }: { readonly seed: GraphSeed | undefined; readonly children: ReactNode }) {
  // An idempotent cache fill, so doing it while rendering is safe and early enough for the first
  // graph render; only in the browser (the graph itself is drawn there, after hydration).
  if (seed !== undefined && typeof window !== 'undefined') seedGraph(seed);
  return children;
}
