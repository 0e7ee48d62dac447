'use client';

/** `?` anywhere (outside text fields and dialogs): a short list of the dashboard's keyboard shortcuts. */
import { useEffect, useState } from 'react';
import { isTypingTarget, modalOpen } from '@/components/ui/keyboard';
import { Modal } from '@/components/ui/modal';

const SHORTCUTS: readonly { readonly keys: readonly string[]; readonly action: string }[] = [
  { keys: ['/'], action: 'Focus the filter box of the list' },
  { keys: ['Ctrl+K', '⌘K'], action: 'Go to a panel, workflow or execution' },
  { keys: ['j', 'k'], action: 'Move to the next or previous row of a list' },
  { keys: ['x'], action: 'Select or unselect the current row' },
  { keys: ['Enter'], action: 'Open the current row' },
  { keys: ['?'], action: 'Show this list' },
];

export function ShortcutsHelp() {
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '?' || event.metaKey || event.ctrlKey || event.altKey || isTypingTarget(event.target) || modalOpen()) return;
      event.preventDefault();
      setOpen(true);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <Modal open={open} onClose={() => setOpen(false)} title="Keyboard shortcuts" size="sm">
      <table className="w-full text-sm">
        <caption className="sr-only">Keyboard shortcuts</caption>
        <thead className="sr-only">
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.action} className="border-b border-border last:border-b-0">
              <td className="py-1.5 pr-4 whitespace-nowrap">
                {s.keys.map((key, i) => (
                  <span key={key}>
                    {i > 0 && <span className="text-muted"> or </span>}
                    <kbd className="rounded border border-border bg-surface-alt px-1.5 py-0.5 font-mono text-xs">{key}</kbd>
                  </span>
                ))}
              </td>
              <td className="py-1.5">{s.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
