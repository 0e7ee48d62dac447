'use client';

/**
 * A server-side list filter as a labelled `<select>`, the Horizon way: "All states" (value '') means
 * no filter. Beside a table's filter box the label is for screen readers only (the first option says
 * what the list is); in a row of filters above a table it stands visibly over the select.
 */
import { useId } from 'react';
import { stateAppearance } from './state-badge';

export interface SelectOption {
  readonly value: string;
  readonly label: string;
}

export interface SelectFilterProps {
  readonly label: string;
  readonly options: readonly SelectOption[];
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** The text of a first option with value '' (no filter); none when the options hold their own. */
  readonly allLabel?: string;
  readonly showLabel?: boolean;
}

const SELECT = 'h-8 rounded border border-border bg-surface px-2 text-sm';

export function SelectFilter({ label, options, value, onChange, allLabel, showLabel = false }: SelectFilterProps) {
  const id = useId();
  const select = (
    <select id={id} className={SELECT} value={value} onChange={(e) => onChange(e.target.value)}>
      {allLabel !== undefined && <option value="">{allLabel}</option>}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
  const labelElement = (
    <label htmlFor={id} className={showLabel ? 'text-xs font-medium text-muted' : 'sr-only'}>
      {label}
    </label>
  );
  return showLabel ? (
    <div className="flex flex-col gap-1">
      {labelElement}
      {select}
    </div>
  ) : (
    <>
      {labelElement}
      {select}
    </>
  );
}

/** Mistral states as options, labelled as their badges are. */
export function stateOptions(states: readonly string[]): SelectOption[] {
  return states.map((s) => ({ value: s, label: stateAppearance(s).label }));
}

/**
 * A value from the URL that the list does not hold (a workflow since deleted, a custom time range)
 * still shows as chosen instead of the select silently falling back to its first option.
 */
export function withCurrentValue(options: readonly SelectOption[], value: string, label: (value: string) => string = (v) => v): readonly SelectOption[] {
  return value === '' || options.some((o) => o.value === value) ? options : [{ value, label: label(value) }, ...options];
}
