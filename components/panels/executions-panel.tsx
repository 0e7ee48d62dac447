'use client';

/**
 * Workflow Executions: server-side filters (state, workflow, time range, text) and sort in the URL,
 * keyset paging, rows kept live by `/v2/events` (no polling), batch pause / resume / cancel /
 * delete with confirmation, and Resubmit.
 */
import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ResubmitModal } from '@/components/executions/resubmit-modal';
import { useViewer } from '@/components/shell/viewer-context';
import { DataTable, type RowAction, type TableAction } from '@/components/ui/data-table';
import { FilterBox } from '@/components/ui/filter-box';
import { PageHeader } from '@/components/ui/page-header';
import { RelativeTime } from '@/components/ui/relative-time';
import { SelectFilter, withCurrentValue } from '@/components/ui/select-filter';
import { StateBadge } from '@/components/ui/state-badge';
import { engineFetch } from '@/lib/dashboard/engine-fetch';
import {
  DEFAULT_TEXT_FIELD,
  EXECUTION_LIST,
  STATE_GROUP_LABELS,
  TEXT_FIELDS,
  executionListFilterParams,
  type ExecutionFilterKey,
} from '@/lib/dashboard/execution-filters';
import { shortId } from '@/lib/dashboard/format';
import { applyExecutionEvent, isExecutionEvent } from '@/lib/dashboard/live-executions';
import { useEngineList } from '@/lib/dashboard/use-engine-list';
import { useEngineQuery } from '@/lib/dashboard/use-engine';
import { useEventStream } from '@/lib/dashboard/use-event-stream';
import { FINAL_EXECUTION_STATES, type Execution, type Workflow } from '@/lib/engine-client/wire';

const STATE_GROUP_OPTIONS = Object.entries(STATE_GROUP_LABELS).map(([value, label]) => ({ value, label }));

const SINCE_OPTIONS = [
  { value: '', label: 'Any time' },
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
];

const RUNNING = new Set(['RUNNING', 'IDLE']);

type StateChange = 'PAUSED' | 'RUNNING' | 'CANCELLED';

export function ExecutionsPanel() {
  const viewer = useViewer();
  const client = useQueryClient();
  const [resubmit, setResubmit] = useState<Execution | null>(null);
  const [changed, setChanged] = useState<ReadonlySet<string>>(new Set());
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const list = useEngineList<Execution, ExecutionFilterKey>('/v2/executions', 'executions', EXECUTION_LIST, (state) => {
    try {
      return { params: executionListFilterParams(state.filters) };
    } catch (error) {
      return { params: error instanceof Error ? error : new Error(String(error)) };
    }
  });
  const workflows = useEngineQuery<{ workflows: Pick<Workflow, 'id' | 'name'>[] }>('/v2/workflows', { fields: 'name', limit: 1000, sort_keys: 'name' });
  const filters = list.state.filters;
  const onFirstPage = list.state.page === null;

  // Live rows: patch the cached page in place; a new execution on the first page means a re-fetch.
  const onEvent = useCallback(
    (data: unknown) => {
      if (!isExecutionEvent(data)) return;
      let hit = false;
      client.setQueriesData<{ executions?: Execution[] }>({ queryKey: ['engine', '/v2/executions'] }, (page) => {
        const result = applyExecutionEvent(page, data);
        hit ||= result.hit;
        return result.page;
      });
      if (hit) {
        setChanged((s) => new Set(s).add(data.entity_id));
        setTimeout(() => setChanged((s) => {
          const next = new Set(s);
          next.delete(data.entity_id);
          return next;
        }), 2_000);
      } else if (onFirstPage && refreshTimer.current === null) {
        refreshTimer.current = setTimeout(() => {
          refreshTimer.current = null;
          void client.invalidateQueries({ queryKey: ['engine', '/v2/executions'] });
        }, 500);
      }
    },
    [client, onFirstPage],
  );
  useEffect(() => () => {
    if (refreshTimer.current) clearTimeout(refreshTimer.current);
  }, []);
  const streamStatus = useEventStream('/v2/events', (m) => onEvent(m.data), { events: ['workflow'] });

  const setState = async (execution: Execution, state: StateChange) => {
    await engineFetch(`/v2/executions/${execution.id}`, { method: 'PUT', json: { state } });
  };
  const refresh = () => client.invalidateQueries({ queryKey: ['engine', '/v2/executions'] });

  const actions = useMemo(() => {
    const pause: TableAction<Execution> = {
      id: 'pause',
      label: 'Pause Executions',
      pastTense: 'Paused',
      verb: 'pause',
      confirm: true,
      allowed: (e) => RUNNING.has(e.state),
      perform: (e) => setState(e, 'PAUSED'),
    };
    const resume: TableAction<Execution> = {
      id: 'resume',
      label: 'Resume Executions',
      pastTense: 'Resumed',
      verb: 'resume',
      confirm: true,
      allowed: (e) => e.state === 'PAUSED',
      perform: (e) => setState(e, 'RUNNING'),
    };
    const cancel: TableAction<Execution> = {
      id: 'cancel',
      label: 'Cancel Executions',
      pastTense: 'Cancelled',
      verb: 'cancel',
      danger: true,
      allowed: (e) => !FINAL_EXECUTION_STATES.has(e.state),
      perform: (e) => setState(e, 'CANCELLED'),
    };
    const remove: TableAction<Execution> = {
      id: 'delete',
      label: 'Delete Executions',
      pastTense: 'Deleted',
      verb: 'delete',
      danger: true,
      allowed: (e) => FINAL_EXECUTION_STATES.has(e.state),
      perform: async (e) => {
        await engineFetch(`/v2/executions/${e.id}`, { method: 'DELETE' });
        await refresh();
      },
    };
    return { pause, resume, cancel, remove };
    // refresh and setState only close over stable values.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const rowActions: RowAction<Execution>[] = viewer.canWrite
    ? [
        { id: 'resubmit', label: 'Resubmit', onSelect: setResubmit },
        { ...actions.pause, label: 'Pause Execution' },
        { ...actions.resume, label: 'Resume Execution' },
        { ...actions.cancel, label: 'Cancel Execution' },
        { ...actions.remove, label: 'Delete Execution' },
      ]
    : [];

  const workflowOptions = (workflows.data?.workflows ?? []).map((w) => ({ value: w.name, label: w.name }));
  const field = filters.field ?? DEFAULT_TEXT_FIELD;

  return (
    <>
      <PageHeader title="Workflow Executions" crumbs={[{ label: 'Workflow' }, { label: 'Workflow Executions' }]}>
        <p className="text-xs text-muted" aria-live="polite" data-testid="stream-status">
          {streamStatus === 'open' ? 'Live: rows update as executions change' : streamStatus === 'reconnecting' ? 'Live updates interrupted; reconnecting…' : 'Connecting to live updates…'}
        </p>
      </PageHeader>
      <div className="mb-3 flex flex-wrap items-end gap-3" role="group" aria-label="Execution filters">
        <SelectFilter label="State" showLabel allLabel="All states" options={STATE_GROUP_OPTIONS} value={filters.state ?? ''} onChange={(state) => list.setFilters({ state })} />
        <SelectFilter
          label="Workflow"
          showLabel
          allLabel="All workflows"
          options={withCurrentValue(workflowOptions, filters.workflow ?? '')}
          value={filters.workflow ?? ''}
          onChange={(workflow) => list.setFilters({ workflow })}
        />
        <SelectFilter
          label="Started"
          showLabel
          options={withCurrentValue(SINCE_OPTIONS, filters.since ?? '', (since) => `Since ${since}`)}
          value={filters.since ?? ''}
          onChange={(since) => list.setFilters({ since })}
        />
      </div>
      <DataTable
        caption="Workflow Executions"
        noun={{ singular: 'Execution', plural: 'Executions' }}
        rows={list.rows}
        loading={list.loading}
        error={list.error}
        onRetry={list.refetch}
        rowId={(e) => e.id}
        rowLabel={(e) => `${e.workflow_name} (${e.id})`}
        rowHref={(e) => `/executions/${e.id}`}
        rowClassName={(e) => (changed.has(e.id) ? 'bg-amber-50 dark:bg-amber-950/40' : undefined)}
        sort={list.state.sort}
        onSort={list.sortBy}
        paging={list.paging}
        columns={[
          {
            id: 'id',
            header: 'ID',
            cell: (e) => (
              <Link href={`/executions/${e.id}`} className="font-mono text-xs text-accent hover:underline" title={e.id}>
                {shortId(e.id)}
              </Link>
            ),
          },
          {
            id: 'workflow',
            header: 'Workflow',
            sortKey: 'workflow_name',
            cell: (e) => (
              <Link href={`/workflows/${encodeURIComponent(e.workflow_name)}`} className="hover:underline">
                {e.workflow_name}
              </Link>
            ),
          },
          { id: 'description', header: 'Description', cell: (e) => <span className="text-muted">{e.description || '—'}</span> },
          { id: 'state', header: 'State', sortKey: 'state', cell: (e) => <StateBadge state={e.state} info={e.state_info} /> },
          {
            id: 'info',
            header: 'State info',
            cell: (e) => <span className="line-clamp-2 max-w-xs text-xs break-words">{e.state_info ?? ''}</span>,
          },
          {
            id: 'created',
            header: 'Created',
            sortKey: 'created_at',
            cell: (e) => <RelativeTime value={e.created_at} />,
          },
          {
            id: 'updated',
            header: 'Updated',
            sortKey: 'updated_at',
            cell: (e) => <RelativeTime value={e.updated_at} />,
          },
        ]}
        rowActions={rowActions}
        batchActions={viewer.canWrite ? [actions.pause, actions.resume, actions.cancel, actions.remove] : []}
        toolbar={
          <FilterBox
            label="Filter executions"
            placeholder="Contains"
            value={filters.q ?? ''}
            onChange={(q) => list.setFilters({ q })}
            fields={TEXT_FIELDS}
            field={field}
            onFieldChange={(f) => list.setFilters({ field: f === DEFAULT_TEXT_FIELD ? '' : f })}
          />
        }
        empty={
          <p className="px-4 py-10 text-center text-sm text-muted">
            No items to display.{' '}
            {onFirstPage && Object.keys(filters).length > 0 ? 'No execution matches these filters.' : ''}
          </p>
        }
      />
      <ResubmitModal execution={resubmit} onClose={() => setResubmit(null)} />
    </>
  );
}
