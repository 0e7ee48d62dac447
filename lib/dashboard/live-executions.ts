/**
 * Applies a `/v2/events` workflow event to a cached executions page: the row of that execution
 * takes the new state. Pure; returns the same object when nothing changed, so React Query keeps
 * the cache (and the table) as they are.
 */
import type { Execution } from '@/lib/engine-client/wire';

export interface ExecutionEvent {
  readonly entity_type: string;
  readonly entity_id: string;
  readonly state: string;
  readonly state_info: string | null;
  readonly time: string;
}

export function isExecutionEvent(value: unknown): value is ExecutionEvent {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.entity_type === 'workflow' && typeof v.entity_id === 'string' && typeof v.state === 'string';
}

export function applyExecutionEvent<P extends { executions?: readonly Execution[] }>(page: P | undefined, event: ExecutionEvent): { page: P | undefined; hit: boolean } {
  if (!page?.executions) return { page, hit: false };
  let hit = false;
  const executions = page.executions.map((row) => {
    if (row.id !== event.entity_id) return row;
    hit = true;
    if (row.state === event.state && row.state_info === event.state_info) return row;
    return { ...row, state: event.state, state_info: event.state_info, updated_at: event.time };
  });
  return hit ? { page: { ...page, executions }, hit } : { page, hit };
}
