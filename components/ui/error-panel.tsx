import { Button } from './button';
import { WarningIcon } from './icons';

export interface ErrorPanelProps {
  readonly title?: string;
  /** The error; its message is shown as is (the proxy already put it in plain words). */
  readonly error: unknown;
  readonly onRetry?: () => void;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return 'Something went wrong.';
}

export function ErrorPanel({ title = 'Could not load this', error, onRetry }: ErrorPanelProps) {
  return (
    <div role="alert" className="flex items-start gap-3 rounded border border-red-300 bg-red-50 p-3 text-red-900 dark:border-red-700 dark:bg-red-950 dark:text-red-100">
      <WarningIcon className="mt-0.5 h-5 w-5 shrink-0" />
      <div className="min-w-0 flex-1">
        <p className="font-semibold">{title}</p>
        <p className="text-sm break-words">{errorMessage(error)}</p>
      </div>
      {onRetry && (
        <Button size="sm" onClick={onRetry}>
          Try again
        </Button>
      )}
    </div>
  );
}
