'use client';

/**
 * Horizon's server-side filter box: an optional field choice ("Description", "Error message" …) and
 * the text, applied on Enter or after a short pause. `/` anywhere on the page focuses it.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { isTypingTarget, modalOpen } from './keyboard';
import { SearchIcon } from './icons';

export interface FilterField {
  readonly value: string;
  readonly label: string;
}

export interface FilterBoxProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly placeholder?: string;
  readonly label?: string;
  readonly fields?: readonly FilterField[];
  readonly field?: string;
  readonly onFieldChange?: (field: string) => void;
}

const DEBOUNCE_MS = 350;

export function FilterBox({ value, onChange, placeholder = 'Filter', label = 'Filter', fields, field, onFieldChange }: FilterBoxProps) {
  const [draft, setDraft] = useState(value);
  const input = useRef<HTMLInputElement>(null);
  const fieldId = useId();
  // The parent re-renders often (live rows); a new onChange must not restart the pause.
  const latest = useRef(onChange);
  latest.current = onChange;

  useEffect(() => setDraft(value), [value]);

  useEffect(() => {
    if (draft === value) return;
    const timer = setTimeout(() => latest.current(draft), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft, value]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.metaKey || event.ctrlKey || isTypingTarget(event.target) || modalOpen()) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="flex items-center rounded border border-border bg-surface text-sm" role="search">
      {fields && onFieldChange && (
        <>
          <label htmlFor={fieldId} className="sr-only">
            Filter on
          </label>
          <select
            id={fieldId}
            value={field}
            onChange={(e) => onFieldChange(e.target.value)}
            className="h-8 rounded-l border-r border-border bg-surface-alt px-2 text-sm"
          >
            {fields.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </>
      )}
      <SearchIcon className="ml-2 h-4 w-4 text-muted" />
      <input
        ref={input}
        type="search"
        aria-label={label}
        aria-keyshortcuts="/"
        placeholder={`${placeholder} (press /)`}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onChange(draft);
          if (e.key === 'Escape') (e.target as HTMLInputElement).blur();
        }}
        className="h-8 w-56 bg-transparent px-2 outline-none placeholder:text-muted"
        data-filter-box
      />
    </div>
  );
}
