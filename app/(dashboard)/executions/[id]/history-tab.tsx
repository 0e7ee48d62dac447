'use client';
/**
 * The History tab: every state change of the execution tree, as the engine recorded it (the stream
 * replays the stored history before going live), newest first, filterable by kind.
 */
import { useId, useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { StateBadge } from '@/components/ui/state-badge';
import type { StreamStatus } from '@/lib/dashboard/use-event-stream';
import type { HistoryEntry } from './use-live-execution';

const PAGE = 200;
const KINDS = ['all', 'workflow', 'task', 'action'] as const;

export function HistoryTab({ history, stream }: { readonly history: readonly HistoryEntry[]; readonly stream: StreamStatus }) {
  const [kind, setKind] = useState<(typeof KINDS)[number]>('all');
  const [shown, setShown] = useState(PAGE);
  const selectId = useId();
  const rows = useMemo(() => history.filter((h) => kind === 'all' || h.event.entity_type === kind).reverse(), [history, kind]);
  return (
    <div className="space-y-2">
      <div className="flex items-center gap-2 text-sm">
        <label htmlFor={selectId}>Show</label>
        <select id={selectId} value={kind} onChange={(e) => setKind(e.target.value as (typeof KINDS)[number])} className="rounded border border-border bg-surface px-2 py-1">
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {k === 'all' ? 'all events' : `${k} events`}
            </option>
          ))}
        </select>
        <span className="text-xs text-muted">{history.length} events</span>
      </div>
      {rows.length === 0 ? (
        <EmptyState title={stream === 'connecting' ? 'Loading the history…' : 'No events yet'} />
      ) : (
        <div className="overflow-x-auto rounded border border-border bg-surface">
          <table className="w-full text-sm" data-testid="history">
            <caption className="sr-only">Event history, newest first</caption>
            <thead className="bg-surface-alt text-left text-xs text-muted">
              <tr>
                <th scope="col" className="px-3 py-2">#</th>
                <th scope="col" className="px-3 py-2">Time (UTC)</th>
                <th scope="col" className="px-3 py-2">Kind</th>
                <th scope="col" className="px-3 py-2">Name</th>
                <th scope="col" className="px-3 py-2">State</th>
                <th scope="col" className="px-3 py-2">State info</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, shown).map((h) => (
                <tr key={h.id} className="border-t border-border">
                  <td className="px-3 py-1 font-mono text-xs">{h.id}</td>
                  <td className="px-3 py-1 font-mono text-xs whitespace-nowrap">{h.event.time}</td>
                  <td className="px-3 py-1">{h.event.entity_type}</td>
                  <td className="px-3 py-1 font-mono">{h.event.name}</td>
                  <td className="px-3 py-1">
                    <StateBadge state={h.event.state} />
                  </td>
                  <td className="max-w-md truncate px-3 py-1 text-muted" title={h.event.state_info ?? undefined}>
                    {h.event.state_info ?? ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown < rows.length && (
            <div className="border-t border-border px-3 py-2">
              <Button size="sm" onClick={() => setShown((n) => n + PAGE)}>
                Show older events
              </Button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
