'use client';
/**
 * The execution tree of the detail page, live: the report seeds it, the event stream patches it the
 * moment a state changes, and a debounced refetch fills in details (results, timings, new sub-
 * workflows). Events that arrive while a report is in flight are replayed on top of it, so a slow
 * report never rolls a state back.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { engineFetch } from '@/lib/dashboard/engine-fetch';
import type { EngineRequestError } from '@/lib/dashboard/engine-fetch';
import { engineKey, executionPath as executionPathOf, executionReportPath } from '@/lib/dashboard/engine-queries';
import { useEngineQuery } from '@/lib/dashboard/use-engine';
import { useEventStream } from '@/lib/dashboard/use-event-stream';
import type { StreamMessage, StreamStatus } from '@/lib/dashboard/use-event-stream';
import { applyEvents, treeFromReport } from '@/lib/graph/live-tree';
import type { ExecutionReport, LiveTree, StreamEvent } from '@/lib/graph/live-tree';
import type { ExecutionWire, TaskWire } from './wire';
import { itemsTotalOf } from './wire';

const REFRESH_DELAY_MS = 400;
const LOG_LIMIT = 20_000;

interface TimedReport {
  readonly report: ExecutionReport;
  /** performance.now() when the request left: events logged after it are replayed on top. */
  readonly requestedAt: number;
}

export interface LiveExecution {
  readonly execution: ExecutionWire | undefined;
  readonly executionError: EngineRequestError | null;
  readonly tree: LiveTree | null;
  readonly treeError: EngineRequestError | null;
  readonly stream: StreamStatus;
  /** Every event of the tree so far, oldest first (the stream replays the stored history first). */
  readonly history: readonly HistoryEntry[];
  /** The newest engine event id seen (for resuming). */
  readonly lastEventId: string | null;
  /** Reopens a stream that ended (the execution was final) after the user changed something. */
  readonly follow: () => void;
}

export interface HistoryEntry {
  readonly id: string;
  readonly event: StreamEvent;
}

function isStreamEvent(data: unknown): data is StreamEvent {
  return typeof data === 'object' && data !== null && typeof Reflect.get(data, 'entity_id') === 'string' && typeof Reflect.get(data, 'state') === 'string';
}

function snapshotEvents(data: unknown): { events: StreamEvent[]; totals: Record<string, number> } {
  const events: StreamEvent[] = [];
  const totals: Record<string, number> = {};
  if (typeof data !== 'object' || data === null) return { events, totals };
  const execution = Reflect.get(data, 'execution') as ExecutionWire | undefined;
  const tasks = (Reflect.get(data, 'tasks') ?? []) as TaskWire[];
  for (const t of tasks) {
    const total = itemsTotalOf(t);
    if (total !== undefined) totals[t.id] = total;
    events.push({ execution_id: t.workflow_execution_id, entity_type: 'task', entity_id: t.id, name: t.name, state: t.state, state_info: t.state_info, time: t.created_at });
  }
  if (execution !== undefined) {
    events.push({ execution_id: execution.id, entity_type: 'workflow', entity_id: execution.id, name: execution.workflow_name, state: execution.state, state_info: execution.state_info, time: execution.created_at });
  }
  return { events, totals };
}

export function useLiveExecution(id: string): LiveExecution {
  const client = useQueryClient();
  const executionPath = executionPathOf(id);
  const reportPath = executionReportPath(id);
  const execution = useEngineQuery<ExecutionWire>(executionPath);
  const report = useQuery<TimedReport, EngineRequestError>({
    queryKey: engineKey(reportPath),
    queryFn: async ({ signal }) => {
      const requestedAt = performance.now();
      return { report: await engineFetch<ExecutionReport>(reportPath, { signal }), requestedAt };
    },
    staleTime: Infinity,
  });

  const log = useRef<{ at: number; event: StreamEvent }[]>([]);
  const totals = useRef<Record<string, number>>({});
  const [tree, setTree] = useState<LiveTree | null>(null);
  const [lastEventId, setLastEventId] = useState<string | null>(null);
  const [resumeFrom, setResumeFrom] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refreshSoon = useCallback(() => {
    if (timer.current !== null) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      // Everything on this page derives from the execution: refresh what is on screen.
      void client.invalidateQueries({
        predicate: (q) => q.queryKey[0] === 'engine' && (String(q.queryKey[1]).startsWith(executionPath) || String(q.queryKey[1]).startsWith('/v2/tasks/')),
      });
    }, REFRESH_DELAY_MS);
  }, [client, executionPath]);

  useEffect(() => () => {
    if (timer.current !== null) clearTimeout(timer.current);
  }, []);

  // A new report: the tree is the report plus every event that may have happened after it was read.
  useEffect(() => {
    if (report.data === undefined) return;
    const { report: body, requestedAt } = report.data;
    const since = log.current.filter((entry) => entry.at >= requestedAt).map((entry) => entry.event);
    setTree(applyEvents(treeFromReport(body, totals.current), since).tree);
  }, [report.data]);

  // Events are applied once per animation frame: a replayed history of thousands of events costs
  // one tree copy per frame, not one per event.
  const pending = useRef<{ events: StreamEvent[]; history: HistoryEntry[] }>({ events: [], history: [] });
  const frame = useRef<number | null>(null);
  const [history, setHistory] = useState<readonly HistoryEntry[]>([]);

  const flush = useCallback(() => {
    frame.current = null;
    const { events, history: entries } = pending.current;
    pending.current = { events: [], history: [] };
    if (entries.length > 0) setHistory((h) => [...h, ...entries]);
    setTree((current) => (current === null ? current : applyEvents(current, events).tree));
    refreshSoon();
  }, [refreshSoon]);

  useEffect(() => () => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
  }, []);

  const onMessage = useCallback(
    (message: StreamMessage) => {
      if (message.id !== '') setLastEventId(message.id);
      let events: StreamEvent[];
      if (message.event === 'snapshot') {
        const snap = snapshotEvents(message.data);
        Object.assign(totals.current, snap.totals);
        events = snap.events;
      } else if (isStreamEvent(message.data)) {
        events = [message.data];
        pending.current.history.push({ id: message.id, event: message.data });
      } else {
        return;
      }
      const at = performance.now();
      for (const event of events) log.current.push({ at, event });
      if (log.current.length > LOG_LIMIT) log.current.splice(0, log.current.length - LOG_LIMIT);
      pending.current.events.push(...events);
      frame.current ??= requestAnimationFrame(flush);
    },
    [flush],
  );

  const stream = useEventStream(`/v2/executions/${id}/events`, onMessage, {
    events: ['snapshot', 'workflow', 'task', 'action'],
    closeOnEnd: true,
    params: resumeFrom === null ? {} : { last_event_id: resumeFrom },
  });

  const follow = useCallback(() => {
    // A changed URL makes the stream hook reconnect; resuming from the last id loses nothing.
    setResumeFrom((prev) => (lastEventId !== null && lastEventId !== prev ? lastEventId : prev));
    refreshSoon();
  }, [lastEventId, refreshSoon]);

  return {
    execution: execution.data,
    executionError: execution.error,
    tree,
    treeError: report.error,
    stream,
    history,
    lastEventId,
    follow,
  };
}
