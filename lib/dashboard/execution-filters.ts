/**
 * The Executions panel's filters: what the URL holds and which engine list parameters they become
 * (engine/api/schemas/executions.ts lists what the engine can filter on, server side).
 *
 * URL: `state` (a group below or an exact Mistral state), `workflow` (exact name), `since` (1h, 24h,
 * 7d, 30d, or an ISO date/time), `q` with `field` (text contained in that field).
 */
import type { ListSpec } from './list-state';

export type ExecutionFilterKey = 'state' | 'workflow' | 'since' | 'q' | 'field';

export const EXECUTION_LIST: ListSpec<ExecutionFilterKey> = {
  filters: ['state', 'workflow', 'since', 'q', 'field'],
  sortKeys: ['created_at', 'updated_at', 'workflow_name', 'state'],
  defaultSort: { key: 'created_at', dir: 'desc' },
  pageSize: 20,
};

/** The state groups of the filter, with the Mistral states each one means. */
export const STATE_GROUPS: Readonly<Record<string, readonly string[]>> = {
  // Executions are never WAITING or RUNNING_DELAYED (those are task states); the engine refuses them here.
  running: ['RUNNING', 'IDLE'],
  failed: ['ERROR'],
  paused: ['PAUSED'],
  success: ['SUCCESS'],
  cancelled: ['CANCELLED'],
};

export const STATE_GROUP_LABELS: Readonly<Record<string, string>> = {
  running: 'Running',
  failed: 'Failed',
  paused: 'Paused',
  success: 'Success',
  cancelled: 'Cancelled',
};

/** The states a workflow execution can be in (engine/api/schemas/executions.ts). */
const EXACT_STATES = ['IDLE', 'RUNNING', 'PAUSED', 'SUCCESS', 'ERROR', 'CANCELLED'];

export const SINCE_PRESETS: Readonly<Record<string, number>> = {
  '1h': 60 * 60 * 1000,
  '24h': 24 * 60 * 60 * 1000,
  '7d': 7 * 24 * 60 * 60 * 1000,
  '30d': 30 * 24 * 60 * 60 * 1000,
};

/** Fields the text filter may search (substring, `has:`), as the engine names them. */
export const TEXT_FIELDS: readonly { readonly value: string; readonly label: string }[] = [
  { value: 'workflow_name', label: 'Workflow name' },
  { value: 'description', label: 'Description' },
  { value: 'state_info', label: 'Error message' },
  { value: 'input', label: 'Input' },
  { value: 'output', label: 'Output' },
];

export const DEFAULT_TEXT_FIELD = 'workflow_name';

export class FilterValueError extends Error {
  override readonly name = 'FilterValueError';
}

/** `since` as an ISO instant: a preset counts back from `now`; anything else must parse as a date. */
export function sinceInstant(since: string, now: number): string {
  const preset = SINCE_PRESETS[since];
  if (preset !== undefined) return new Date(now - preset).toISOString();
  const ms = Date.parse(since);
  if (Number.isNaN(ms)) throw new FilterValueError(`"${since}" is not a time: use 1h, 24h, 7d, 30d or a date like 2026-11-01`);
  return new Date(ms).toISOString();
}

/**
 * Engine parameters for the filters. The exact `workflow` filter wins over a text search on the
 * workflow name (both would be the one `workflow_name` parameter). Throws {@link FilterValueError}
 * for a value the engine would refuse, so the panel can say which one.
 */
export function executionFilterParams(filters: Readonly<Partial<Record<ExecutionFilterKey, string>>>, now: number): Record<string, string> {
  const params: Record<string, string> = {};
  const { state, workflow, since, q } = filters;
  if (state) {
    const group = STATE_GROUPS[state.toLowerCase()];
    const upper = state.toUpperCase();
    if (group) params.state = group.length === 1 ? (group[0] as string) : `in:${group.join(',')}`;
    else if (EXACT_STATES.includes(upper)) params.state = upper;
    else throw new FilterValueError(`Unknown state "${state}"`);
  }
  if (since) params.created_at = `gte:${sinceInstant(since, now)}`;
  const field = filters.field && TEXT_FIELDS.some((f) => f.value === filters.field) ? filters.field : DEFAULT_TEXT_FIELD;
  if (q && !(field === 'workflow_name' && workflow)) params[field] = `has:${q}`;
  if (workflow) params.workflow_name = `eq:${workflow}`;
  return params;
}

/**
 * {@link executionFilterParams} at a minute's resolution: the query key (and so the cache) stays
 * the same between renders, and between the server's prefetch and the browser.
 */
export function executionListFilterParams(filters: Readonly<Partial<Record<ExecutionFilterKey, string>>>, now: number = Date.now()): Record<string, string> {
  return executionFilterParams(filters, Math.floor(now / 60_000) * 60_000);
}
