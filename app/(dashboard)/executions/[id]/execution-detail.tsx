'use client';
/**
 * The execution detail page: header with state and actions, then the linkable tabs. Everything
 * live comes from {@link useLiveExecution}; actions only send the request, their effect arrives by
 * the stream like anyone else's change.
 */
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';
import { PageHeader } from '@/components/ui/page-header';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Skeleton } from '@/components/ui/skeleton';
import { StateBadge } from '@/components/ui/state-badge';
import { Tabs } from '@/components/ui/tabs';
import { useViewer } from '@/components/shell/viewer-context';
import { DETAIL_TABS } from './detail-tabs';
import type { DetailTab } from './detail-tabs';
import { ExecutionActions } from './execution-actions';
import { GraphTab } from './graph-tab';
import { HistoryTab } from './history-tab';
import { IoTab } from './io-tab';
import { ReportTab } from './report-tab';
import { TasksTab } from './tasks-tab';
import { TimelineTab } from './timeline-tab';
import { useLiveExecution } from './use-live-execution';

const STREAM_WORDS = { connecting: 'Connecting…', open: 'Live', reconnecting: 'Reconnecting…', closed: 'Final: no more updates' } as const;

export function ExecutionDetail({ id }: { readonly id: string }) {
  const { canWrite } = useViewer();
  const live = useLiveExecution(id);
  const search = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const task = search.get('task') ?? undefined;

  const hrefWith = useCallback(
    (changes: Readonly<Record<string, string | null>>) => {
      const next = new URLSearchParams(search.toString());
      for (const [k, v] of Object.entries(changes)) {
        if (v === null) next.delete(k);
        else next.set(k, v);
      }
      const q = next.toString();
      return q === '' ? pathname : `${pathname}?${q}`;
    },
    [pathname, search],
  );
  const selectTask = useCallback((name: string | null) => router.replace(hrefWith({ task: name }), { scroll: false }), [router, hrefWith]);

  const execution = live.execution;
  const liveState = live.tree?.executions[id]?.state ?? execution?.state;
  const liveInfo = live.tree?.executions[id]?.stateInfo ?? execution?.state_info ?? null;

  if (live.executionError) {
    return (
      <div className="space-y-4">
        <PageHeader title="Execution" crumbs={[{ label: 'Workflow' }, { label: 'Executions', href: '/executions' }, { label: id }]} />
        <ErrorPanel title="Could not load this execution" error={live.executionError} />
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <PageHeader
        title={execution ? `${execution.workflow_name} · ${id}` : id}
        crumbs={[{ label: 'Workflow' }, { label: 'Executions', href: '/executions' }, { label: id }]}
        actions={
          execution && liveState && canWrite ? (
            <ExecutionActions id={id} state={liveState} onChanged={live.follow} />
          ) : undefined
        }
      >
        <div className="flex flex-wrap items-center gap-3 text-sm">
          {liveState ? <StateBadge state={liveState} info={liveInfo} /> : <Skeleton className="h-5 w-20" />}
          <span data-testid="execution-state" className="sr-only">
            {liveState}
          </span>
          {liveInfo && <span className="max-w-3xl truncate text-muted" title={liveInfo}>{liveInfo}</span>}
          <span className="text-xs text-muted" aria-live="polite" data-testid="stream-status">
            {STREAM_WORDS[live.stream]}
          </span>
          {execution?.task_execution_id && execution.root_execution_id && (
            <Link className="text-accent underline" href={`/executions/${execution.root_execution_id}`}>
              Root execution
            </Link>
          )}
        </div>
      </PageHeader>

      <Tabs
        label="Execution views"
        tabs={DETAIL_TABS.map((t) => ({
          id: t.id,
          label: t.label,
          content: () => <TabBody tab={t.id} id={id} live={live} task={task} selectTask={selectTask} canWrite={canWrite} hrefWith={hrefWith} />,
        }))}
      />
    </div>
  );
}

interface TabBodyProps {
  readonly tab: DetailTab;
  readonly id: string;
  readonly live: ReturnType<typeof useLiveExecution>;
  readonly task: string | undefined;
  readonly selectTask: (name: string | null) => void;
  readonly canWrite: boolean;
  readonly hrefWith: (changes: Readonly<Record<string, string | null>>) => string;
}

function TabBody({ tab, id, live, task, selectTask, canWrite, hrefWith }: TabBodyProps) {
  switch (tab) {
    case 'graph':
      return <GraphTab id={id} live={live} task={task} selectTask={selectTask} canWrite={canWrite} />;
    case 'timeline':
      return <TimelineTab id={id} />;
    case 'tasks':
      return <TasksTab id={id} live={live} taskHref={(name) => hrefWith({ tab: 'graph', task: name })} />;
    case 'io':
      return <IoTab execution={live.execution} />;
    case 'history':
      return <HistoryTab history={live.history} stream={live.stream} />;
    case 'report':
      return <ReportTab id={id} />;
  }
}
