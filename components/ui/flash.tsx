'use client';

/**
 * Horizon's flash messages ("Success: Deleted Execution: …", "Error: Unable to …"): a stack at the
 * top of the page, announced to screen readers, dismissed by hand or after a while (errors stay).
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { Button } from './button';
import { cn } from './cn';
import { CheckIcon, CloseIcon, WarningIcon } from './icons';

export interface FlashMessage {
  readonly id: number;
  readonly kind: 'success' | 'error' | 'info';
  readonly text: string;
}

interface FlashApi {
  readonly flash: (kind: FlashMessage['kind'], text: string) => void;
}

const FlashContext = createContext<FlashApi>({ flash: () => undefined });

export function useFlash(): FlashApi['flash'] {
  return useContext(FlashContext).flash;
}

let nextId = 1;
const SUCCESS_MS = 8_000;

export function FlashProvider({ children }: { readonly children: ReactNode }) {
  const [messages, setMessages] = useState<readonly FlashMessage[]>([]);
  const dismiss = useCallback((id: number) => setMessages((all) => all.filter((m) => m.id !== id)), []);
  const flash = useCallback(
    (kind: FlashMessage['kind'], text: string) => {
      const id = nextId++;
      setMessages((all) => [...all.slice(-4), { id, kind, text }]);
      if (kind !== 'error') setTimeout(() => dismiss(id), SUCCESS_MS);
    },
    [dismiss],
  );
  const api = useMemo(() => ({ flash }), [flash]);
  return (
    <FlashContext.Provider value={api}>
      {children}
      <div className="pointer-events-none fixed top-14 right-4 z-50 flex w-96 max-w-[calc(100%-2rem)] flex-col gap-2" aria-live="polite">
        {messages.map((m) => (
          <div
            key={m.id}
            role={m.kind === 'error' ? 'alert' : 'status'}
            data-flash={m.kind}
            className={cn(
              'pointer-events-auto flex items-start gap-2 rounded border p-3 text-sm shadow',
              m.kind === 'success' && 'border-green-300 bg-green-50 text-green-900 dark:border-green-700 dark:bg-green-950 dark:text-green-100',
              m.kind === 'error' && 'border-red-300 bg-red-50 text-red-900 dark:border-red-700 dark:bg-red-950 dark:text-red-100',
              m.kind === 'info' && 'border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-700 dark:bg-sky-950 dark:text-sky-100',
            )}
          >
            {m.kind === 'error' ? <WarningIcon className="mt-0.5 h-4 w-4 shrink-0" /> : <CheckIcon className="mt-0.5 h-4 w-4 shrink-0" />}
            <p className="min-w-0 flex-1 break-words">
              <strong>{m.kind === 'success' ? 'Success: ' : m.kind === 'error' ? 'Error: ' : 'Info: '}</strong>
              {m.text}
            </p>
            <Button variant="ghost" size="sm" aria-label="Dismiss message" onClick={() => dismiss(m.id)}>
              <CloseIcon className="h-3.5 w-3.5" />
            </Button>
          </div>
        ))}
      </div>
    </FlashContext.Provider>
  );
}
