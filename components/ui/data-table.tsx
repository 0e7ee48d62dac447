'use client';

/**
 * Horizon's index table: caption with the table-actions bar (filter box, "+ Create", batch buttons),
 * a checkbox column, sortable headers (the sort goes to the server: `onSort`), a row-action split
 * button at the row end (first allowed action visible, the rest in a dropdown, destructive ones last
 * and red), batch actions behind a confirmation that lists what will change, a flash message with
 * the outcome, and the "Displaying N items" footer with « Prev / Next » keyset paging.
 * Keyboard: `j`/`k` move between rows, `x` toggles the row's checkbox, Enter opens it.
 */
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Button, buttonClasses } from './button';
import { cn } from './cn';
import { EmptyState } from './empty-state';
import { ErrorPanel } from './error-panel';
import { useFlash } from './flash';
import { ChevronDownIcon, SortIcon } from './icons';
import { isTypingTarget, modalOpen } from './keyboard';
import { Menu } from './menu';
import { ConfirmDialog } from './modal';
import { TableSkeleton } from './skeleton';

export interface Column<Row> {
  readonly id: string;
  readonly header: string;
  readonly cell: (row: Row) => ReactNode;
  /** The engine's sort key; the header becomes a sort button. */
  readonly sortKey?: string;
  readonly className?: string;
}

/** Words for flash messages and confirmations: "Cancelled Executions: a, b". */
export interface ActionWording {
  /** Button/menu label, e.g. "Cancel Executions" (batch) or "Cancel" (row). */
  readonly label: string;
  /** e.g. "Cancelled". */
  readonly pastTense: string;
  /** e.g. "cancel" in "Unable to cancel: …". */
  readonly verb: string;
}

export interface TableAction<Row> extends ActionWording {
  readonly id: string;
  readonly danger?: boolean;
  /** Whether the action applies to this row (state, permissions); default all. */
  readonly allowed?: (row: Row) => boolean;
  /** Does it for one row; throw to report a failure for that row. */
  readonly perform: (row: Row) => Promise<unknown>;
  /** Ask before doing it (always true for `danger`). */
  readonly confirm?: boolean;
}

/** A row action that opens something instead of performing at once (Resubmit, Edit, Execute). */
export interface RowLink<Row> {
  readonly id: string;
  readonly label: string;
  readonly allowed?: (row: Row) => boolean;
  readonly onSelect: (row: Row) => void;
  readonly danger?: false;
}

export type RowAction<Row> = TableAction<Row> | RowLink<Row>;

function isTableAction<Row>(action: RowAction<Row>): action is TableAction<Row> {
  return 'perform' in action;
}

export interface Paging {
  readonly hasPrev: boolean;
  readonly hasNext: boolean;
  readonly onPrev: () => void;
  readonly onNext: () => void;
}

export interface Noun {
  readonly singular: string;
  readonly plural: string;
}

export interface DataTableProps<Row> {
  /** The table caption (Horizon puts the title there). */
  readonly caption: string;
  readonly noun: Noun;
  readonly rows: readonly Row[] | undefined;
  readonly columns: readonly Column<Row>[];
  readonly rowId: (row: Row) => string;
  /** How a row is named in confirmations and messages. */
  readonly rowLabel: (row: Row) => string;
  /** Where Enter (and `j`/`k` + Enter) goes. */
  readonly rowHref?: (row: Row) => string;
  readonly loading?: boolean;
  readonly error?: unknown;
  readonly onRetry?: () => void;
  readonly empty?: ReactNode;
  readonly sort?: { readonly key: string; readonly dir: 'asc' | 'desc' };
  readonly onSort?: (key: string) => void;
  readonly rowActions?: readonly RowAction<Row>[];
  readonly batchActions?: readonly TableAction<Row>[];
  /** Filter box and create button, left of the batch buttons. */
  readonly toolbar?: ReactNode;
  readonly paging?: Paging;
  /** Highlights rows that changed live (e.g. by the event stream). */
  readonly rowClassName?: (row: Row) => string | undefined;
}

interface PendingAction<Row> {
  readonly action: TableAction<Row>;
  readonly rows: readonly Row[];
}

const CONCURRENCY = 4;

async function runAll<Row>(rows: readonly Row[], perform: (row: Row) => Promise<unknown>) {
  const results: { row: Row; error?: unknown }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++] as Row;
      try {
        await perform(row);
        results.push({ row });
      } catch (error) {
        results.push({ row, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, rows.length) }, worker));
  return results;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function DataTable<Row>({
  caption,
  noun,
  rows,
  columns,
  rowId,
  rowLabel,
  rowHref,
  loading = false,
  error,
  onRetry,
  empty,
  sort,
  onSort,
  rowActions = [],
  batchActions = [],
  toolbar,
  paging,
  rowClassName,
}: DataTableProps<Row>) {
  const flash = useFlash();
  const router = useRouter();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [pending, setPending] = useState<PendingAction<Row> | null>(null);
  const [busy, setBusy] = useState(false);
  const [active, setActive] = useState(-1);
  const body = useRef<HTMLTableSectionElement>(null);
  const list = useMemo(() => rows ?? [], [rows]);
  const selectable = batchActions.length > 0;

  // Selection follows the rows on screen: a row that left the page is no longer selected.
  useEffect(() => {
    setSelected((current) => {
      const ids = new Set(list.map(rowId));
      const kept = [...current].filter((id) => ids.has(id));
      return kept.length === current.size ? current : new Set(kept);
    });
    setActive((i) => Math.min(i, list.length - 1));
  }, [list, rowId]);

  const selectedRows = list.filter((row) => selected.has(rowId(row)));
  const allSelected = list.length > 0 && selectedRows.length === list.length;

  const toggle = useCallback(
    (id: string) =>
      setSelected((current) => {
        const next = new Set(current);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );

  const start = (action: TableAction<Row>, targets: readonly Row[]) => {
    const applicable = targets.filter((row) => action.allowed?.(row) ?? true);
    if (applicable.length === 0) return;
    setPending({ action, rows: applicable });
    if (!(action.confirm || action.danger)) void execute(action, applicable);
  };

  const execute = async (action: TableAction<Row>, targets: readonly Row[]) => {
    setBusy(true);
    try {
      const results = await runAll(targets, action.perform);
      const done = results.filter((r) => r.error === undefined).map((r) => rowLabel(r.row));
      const failed = results.filter((r) => r.error !== undefined);
      if (done.length > 0) {
        flash('success', `${action.pastTense} ${done.length === 1 ? noun.singular : noun.plural}: ${done.join(', ')}`);
      }
      for (const f of failed) flash('error', `Unable to ${action.verb}: ${rowLabel(f.row)} (${message(f.error)})`);
      setSelected(new Set());
    } finally {
      setBusy(false);
      setPending(null);
    }
  };

  // j / k / x / Enter on the page, unless the user is typing or a dialog is open.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || isTypingTarget(event.target) || modalOpen()) return;
      if (list.length === 0) return;
      const focusRow = (index: number) => {
        setActive(index);
        body.current?.querySelector<HTMLTableRowElement>(`tr[data-row-index="${index}"]`)?.focus();
      };
      if (event.key === 'j') {
        event.preventDefault();
        focusRow(Math.min(active + 1, list.length - 1));
      } else if (event.key === 'k') {
        event.preventDefault();
        focusRow(Math.max(active - 1, 0));
      } else if (event.key === 'x' && selectable && active >= 0) {
        const row = list[active];
        if (row !== undefined) toggle(rowId(row));
      } else if (event.key === 'Enter' && rowHref && active >= 0 && event.target instanceof HTMLTableRowElement) {
        const row = list[active];
        if (row !== undefined) router.push(rowHref(row));
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [list, active, selectable, rowHref, rowId, toggle, router]);

  const showActionsColumn = rowActions.length > 0;
  const columnCount = columns.length + (selectable ? 1 : 0) + (showActionsColumn ? 1 : 0);

  return (
    <section className="rounded border border-border bg-surface" aria-label={caption}>
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-border px-3 py-2">
        <h2 className="text-base font-semibold">{caption}</h2>
        <div className="flex flex-wrap items-center gap-2">
          {toolbar}
          {batchActions.map((action) => {
            const count = selectedRows.filter((row) => action.allowed?.(row) ?? true).length;
            return (
              <Button
                key={action.id}
                size="sm"
                variant={action.danger ? 'danger' : 'secondary'}
                disabled={count === 0 || busy}
                onClick={() => start(action, selectedRows)}
              >
                {action.label}
                {count > 0 && <span className="sr-only"> ({count} selected)</span>}
              </Button>
            );
          })}
        </div>
      </div>

      {error !== undefined && error !== null ? (
        <div className="p-3">
          <ErrorPanel error={error} onRetry={onRetry} />
        </div>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-sm">
            <caption className="sr-only">{caption}</caption>
            <thead className="bg-surface-alt text-left">
              <tr>
                {selectable && (
                  <th scope="col" className="w-8 border-b border-border px-3 py-2">
                    <input
                      type="checkbox"
                      aria-label="Select all rows"
                      checked={allSelected}
                      disabled={list.length === 0}
                      onChange={() => setSelected(allSelected ? new Set() : new Set(list.map(rowId)))}
                    />
                  </th>
                )}
                {columns.map((column) => {
                  const direction = sort && column.sortKey === sort.key ? sort.dir : null;
                  return (
                    <th
                      key={column.id}
                      scope="col"
                      className={cn('border-b border-border px-3 py-2 font-semibold', column.className)}
                      aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : undefined}
                    >
                      {column.sortKey && onSort ? (
                        <button type="button" className="inline-flex items-center gap-1 hover:underline" onClick={() => onSort(column.sortKey as string)}>
                          {column.header}
                          <SortIcon current={direction} className="h-3.5 w-3.5" />
                        </button>
                      ) : (
                        column.header
                      )}
                    </th>
                  );
                })}
                {showActionsColumn && (
                  <th scope="col" className="border-b border-border px-3 py-2 text-right font-semibold">
                    Actions
                  </th>
                )}
              </tr>
            </thead>
            <tbody ref={body}>
              {loading && rows === undefined ? (
                <tr>
                  <td colSpan={columnCount}>
                    <TableSkeleton columns={Math.min(columnCount, 6)} />
                  </td>
                </tr>
              ) : list.length === 0 ? (
                <tr>
                  <td colSpan={columnCount}>{empty ?? <EmptyState />}</td>
                </tr>
              ) : (
                list.map((row, index) => {
                  const id = rowId(row);
                  const label = rowLabel(row);
                  return (
                    <tr
                      key={id}
                      data-row-index={index}
                      data-row-id={id}
                      tabIndex={-1}
                      onFocus={() => setActive(index)}
                      className={cn(
                        'border-b border-border last:border-b-0 hover:bg-surface-alt focus:bg-surface-alt focus:outline-2 focus:-outline-offset-2 focus:outline-accent',
                        selected.has(id) && 'bg-surface-alt',
                        rowClassName?.(row),
                      )}
                    >
                      {selectable && (
                        <td className="px-3 py-1.5">
                          <input type="checkbox" aria-label={`Select ${label}`} checked={selected.has(id)} onChange={() => toggle(id)} />
                        </td>
                      )}
                      {columns.map((column) => (
                        <td key={column.id} className={cn('px-3 py-1.5 align-middle', column.className)}>
                          {column.cell(row)}
                        </td>
                      ))}
                      {showActionsColumn && (
                        <td className="px-3 py-1.5 text-right">
                          <RowActions row={row} label={label} actions={rowActions} onAction={(action) => start(action, [row])} busy={busy} />
                        </td>
                      )}
                    </tr>
                  );
                })
              )}
            </tbody>
          </table>
        </div>
      )}

      <div className="flex items-center justify-between gap-2 border-t border-border px-3 py-2 text-sm text-muted">
        <span aria-live="polite">
          Displaying {list.length} {list.length === 1 ? 'item' : 'items'}
          {selectedRows.length > 0 && `, ${selectedRows.length} selected`}
        </span>
        {paging && (paging.hasPrev || paging.hasNext) && (
          <nav aria-label={`${caption} pages`} className="flex gap-2">
            <Button size="sm" onClick={paging.onPrev} disabled={!paging.hasPrev}>
              « Prev
            </Button>
            <Button size="sm" onClick={paging.onNext} disabled={!paging.hasNext}>
              Next »
            </Button>
          </nav>
        )}
      </div>

      {pending && (pending.action.confirm || pending.action.danger) && (
        <ConfirmDialog
          open
          title={`Confirm ${pending.action.label}`}
          items={pending.rows.map(rowLabel)}
          confirmLabel={pending.action.label}
          danger={pending.action.danger}
          busy={busy}
          onClose={() => setPending(null)}
          onConfirm={() => void execute(pending.action, pending.rows)}
        />
      )}
    </section>
  );
}

interface RowActionsProps<Row> {
  readonly row: Row;
  readonly label: string;
  readonly actions: readonly RowAction<Row>[];
  readonly onAction: (action: TableAction<Row>) => void;
  readonly busy: boolean;
}

/** The split button: the first allowed action as a button, the others in a caret menu, destructive last. */
function RowActions<Row>({ row, label, actions, onAction, busy }: RowActionsProps<Row>) {
  const allowed = actions.filter((a) => a.allowed?.(row) ?? true);
  const ordered = [...allowed.filter((a) => !a.danger), ...allowed.filter((a) => a.danger)];
  const [first, ...rest] = ordered;
  if (first === undefined) return null;
  const run = (action: RowAction<Row>) => (isTableAction(action) ? onAction(action) : action.onSelect(row));
  return (
    <div className="inline-flex">
      <button
        type="button"
        disabled={busy}
        className={buttonClasses(first.danger ? 'danger' : 'secondary', 'sm', rest.length > 0 ? 'rounded-r-none' : undefined)}
        onClick={() => run(first)}
        aria-label={`${first.label} ${label}`}
      >
        {first.label}
      </button>
      {rest.length > 0 && (
        <Menu
          ariaLabel={`More actions for ${label}`}
          triggerClassName={buttonClasses('secondary', 'sm', 'rounded-l-none border-l-0 px-1.5')}
          label={<ChevronDownIcon className="h-3.5 w-3.5" />}
          items={rest.map((action) => ({ id: action.id, label: action.label, danger: action.danger === true, onSelect: () => run(action) }))}
        />
      )}
    </div>
  );
}
