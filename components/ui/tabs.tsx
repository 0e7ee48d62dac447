'use client';

/**
 * Horizon's tab group, linkable: the selected tab lives in `?<param>=` (default `tab`), so a link
 * restores it. Arrow keys move between tabs (WAI-ARIA tabs pattern); panels render only when shown.
 */
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useId, useRef, type ReactNode } from 'react';
import { cn } from './cn';

export interface TabSpec {
  readonly id: string;
  readonly label: string;
  readonly content: () => ReactNode;
}

export interface TabsProps {
  readonly tabs: readonly TabSpec[];
  readonly param?: string;
  readonly label: string;
}

export function useTabParam(param: string, ids: readonly string[]): [string, (id: string) => void] {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const requested = search.get(param);
  const current = requested !== null && ids.includes(requested) ? requested : (ids[0] ?? '');
  const select = (id: string) => {
    const next = new URLSearchParams(search.toString());
    if (id === ids[0]) next.delete(param);
    else next.set(param, id);
    const query = next.toString();
    router.replace(`${pathname}${query ? `?${query}` : ''}`, { scroll: false });
  };
  return [current, select];
}

export function Tabs({ tabs, param = 'tab', label }: TabsProps) {
  const ids = tabs.map((t) => t.id);
  const [current, select] = useTabParam(param, ids);
  const base = useId();
  const list = useRef<HTMLDivElement>(null);
  const active = tabs.find((t) => t.id === current) ?? tabs[0];

  const onKeyDown = (event: React.KeyboardEvent) => {
    const index = ids.indexOf(current);
    let next: number | undefined;
    if (event.key === 'ArrowRight') next = (index + 1) % ids.length;
    if (event.key === 'ArrowLeft') next = (index - 1 + ids.length) % ids.length;
    if (event.key === 'Home') next = 0;
    if (event.key === 'End') next = ids.length - 1;
    if (next === undefined) return;
    event.preventDefault();
    const id = ids[next] as string;
    select(id);
    list.current?.querySelector<HTMLButtonElement>(`[data-tab="${id}"]`)?.focus();
  };

  return (
    <div>
      <div ref={list} role="tablist" aria-label={label} className="flex flex-wrap gap-1 border-b border-border" onKeyDown={onKeyDown}>
        {tabs.map((tab) => {
          const selected = tab.id === active?.id;
          return (
            <button
              key={tab.id}
              type="button"
              role="tab"
              id={`${base}-tab-${tab.id}`}
              data-tab={tab.id}
              aria-selected={selected}
              aria-controls={`${base}-panel-${tab.id}`}
              tabIndex={selected ? 0 : -1}
              onClick={() => select(tab.id)}
              className={cn(
                '-mb-px border-b-2 px-3 py-2 text-sm font-medium',
                selected ? 'border-accent text-fg' : 'border-transparent text-muted hover:text-fg',
              )}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      {active && (
        <div role="tabpanel" id={`${base}-panel-${active.id}`} aria-labelledby={`${base}-tab-${active.id}`} className="pt-4">
          {active.content()}
        </div>
      )}
    </div>
  );
}
