'use client';

/**
 * ⌘K / Ctrl+K: jump to a panel, a workflow (by name) or an execution (by id, or the latest ones of
 * a workflow). Searches the engine as the user types.
 */
import { useRouter } from 'next/navigation';
import { useEffect, useId, useMemo, useState } from 'react';
import { Modal } from '@/components/ui/modal';
import { cn } from '@/components/ui/cn';
import { useEngineQuery } from '@/lib/dashboard/use-engine';
import type { Execution, Workflow } from '@/lib/engine-client/wire';
import { NAV } from './nav-items';

interface Entry {
  readonly key: string;
  readonly label: string;
  readonly hint: string;
  readonly href: string;
}

interface Workflows {
  readonly workflows?: readonly Pick<Workflow, 'id' | 'name'>[];
}
interface Executions {
  readonly executions?: readonly Pick<Execution, 'id' | 'workflow_name' | 'state'>[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function CommandPalette() {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [cursor, setCursor] = useState(0);
  const router = useRouter();
  const listId = useId();

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setOpen((v) => !v);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const query = text.trim();
  const workflows = useEngineQuery<Workflows>(open ? '/v2/workflows' : null, {
    fields: 'name',
    limit: 8,
    ...(query ? { name: `has:${query}` } : {}),
  });
  const executions = useEngineQuery<Executions>(open && query !== '' ? '/v2/executions' : null, {
    fields: 'workflow_name,state',
    limit: 8,
    sort_keys: 'created_at',
    sort_dirs: 'desc',
    workflow_name: `has:${query}`,
  });
  const byId = useEngineQuery<Execution>(
    open && UUID.test(query) ? `/v2/executions/${query}` : null,
    {},
    { retry: false },
  );

  const entries = useMemo<Entry[]>(() => {
    const lower = query.toLowerCase();
    const panels = NAV.flatMap((g) => g.items)
      .filter((i) => i.label.toLowerCase().includes(lower))
      .map((i) => ({ key: `panel:${i.href}`, label: i.label, hint: 'Panel', href: i.href }));
    const exact = byId.data ? [{ key: `exec:${byId.data.id}`, label: byId.data.id, hint: `Execution of ${byId.data.workflow_name}`, href: `/executions/${byId.data.id}` }] : [];
    const wf = (workflows.data?.workflows ?? []).map((w) => ({
      key: `wf:${w.id}`,
      label: w.name,
      hint: 'Workflow',
      href: `/workflows/${encodeURIComponent(w.name)}`,
    }));
    const ex = (executions.data?.executions ?? []).map((e) => ({
      key: `exec:${e.id}`,
      label: `${e.workflow_name} · ${e.id.slice(0, 8)}`,
      hint: `Execution (${e.state})`,
      href: `/executions/${e.id}`,
    }));
    return [...exact, ...panels, ...wf, ...ex].slice(0, 20);
  }, [query, byId.data, workflows.data, executions.data]);

  useEffect(() => setCursor(0), [query]);

  const go = (entry: Entry | undefined) => {
    if (!entry) return;
    setOpen(false);
    setText('');
    router.push(entry.href);
  };

  return (
    <Modal open={open} onClose={() => setOpen(false)} title="Go to…" size="md">
      <input
        autoFocus
        type="text"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={entries[cursor] ? `${listId}-${cursor}` : undefined}
        aria-label="Workflow name, execution id or panel"
        placeholder="Workflow name, execution id or panel"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setCursor((c) => Math.min(c + 1, entries.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setCursor((c) => Math.max(c - 1, 0));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            go(entries[cursor]);
          }
        }}
        className="h-10 w-full rounded border border-border bg-surface px-3"
      />
      <ul id={listId} role="listbox" aria-label="Results" className="mt-2 max-h-80 overflow-y-auto">
        {entries.map((entry, index) => (
          <li
            key={entry.key}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === cursor}
            onMouseEnter={() => setCursor(index)}
            onClick={() => go(entry)}
            className={cn('flex cursor-pointer justify-between gap-2 rounded px-3 py-2 text-sm', index === cursor && 'bg-surface-alt')}
          >
            <span className="truncate font-medium">{entry.label}</span>
            <span className="shrink-0 text-muted">{entry.hint}</span>
          </li>
        ))}
        {entries.length === 0 && <li className="px-3 py-2 text-sm text-muted">Nothing matches.</li>}
      </ul>
    </Modal>
  );
}
