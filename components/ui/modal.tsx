'use client';

/**
 * Horizon's modal form, on the native `<dialog>`: `showModal()` makes the page behind inert (so
 * focus stays inside), Esc closes it, and focus returns to where it was when it closes.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Button } from './button';
import { cn } from './cn';
import { CloseIcon } from './icons';

export interface ModalProps {
  readonly open: boolean;
  readonly onClose: () => void;
  readonly title: string;
  readonly children: ReactNode;
  /** Buttons at the bottom right (Cancel first, the action last). */
  readonly footer?: ReactNode;
  readonly size?: 'sm' | 'md' | 'lg' | 'xl';
  /** Closing on Esc or the × is refused while busy. */
  readonly busy?: boolean;
}

const WIDTHS = { sm: 'max-w-md', md: 'max-w-xl', lg: 'max-w-3xl', xl: 'max-w-5xl' } as const;

export function Modal({ open, onClose, title, children, footer, size = 'md', busy = false }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
      if (opener.current instanceof HTMLElement) opener.current.focus();
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
      className={cn(
        'm-auto w-[calc(100%-2rem)] rounded-md border border-border bg-surface p-0 text-fg shadow-xl backdrop:bg-black/50',
        WIDTHS[size],
      )}
    >
      {open && (
        <div className="flex max-h-[85vh] flex-col">
          <div className="flex items-center justify-between border-b border-border px-4 py-3">
            <h2 id={titleId} className="text-lg font-semibold">
              {title}
            </h2>
            <Button variant="ghost" size="sm" aria-label="Close" onClick={onClose} disabled={busy}>
              <CloseIcon className="h-4 w-4" />
            </Button>
          </div>
          <div className="overflow-y-auto px-4 py-3">{children}</div>
          {footer && <div className="flex justify-end gap-2 border-t border-border px-4 py-3">{footer}</div>}
        </div>
      )}
    </dialog>
  );
}

export interface ConfirmDialogProps {
  readonly open: boolean;
  readonly onClose: () => void;
  readonly onConfirm: () => void;
  /** e.g. "Confirm Cancel Executions". */
  readonly title: string;
  /** e.g. "You have selected:". */
  readonly intro?: string;
  /** What will change, one line each (Horizon lists the selected names). */
  readonly items: readonly string[];
  readonly confirmLabel: string;
  readonly danger?: boolean;
  readonly busy?: boolean;
  /** Defaults to Horizon's warning for destructive actions. */
  readonly warning?: string;
}

export function ConfirmDialog({
  open,
  onClose,
  onConfirm,
  title,
  intro = 'You have selected:',
  items,
  confirmLabel,
  danger = false,
  busy = false,
  warning,
}: ConfirmDialogProps) {
  const note = warning ?? (danger ? 'Please confirm your selection. This action cannot be undone.' : 'Please confirm your selection.');
  return (
    <Modal
      open={open}
      onClose={onClose}
      title={title}
      size="sm"
      busy={busy}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button variant={danger ? 'danger' : 'primary'} onClick={onConfirm} busy={busy} autoFocus>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <p className="text-sm">{intro}</p>
      <ul className="my-2 max-h-60 list-disc overflow-y-auto pl-6 text-sm break-all" aria-label="Selected items">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      <p className="text-sm text-muted">{note}</p>
    </Modal>
  );
}
