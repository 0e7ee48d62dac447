/** A JSON value (or JSON text) pretty-printed in a scrollable block. */
import { parseJsonText } from './wire';

export function JsonView({ value, label, text }: { readonly value?: unknown; readonly text?: string | null; readonly label: string }) {
  const data = text !== undefined ? parseJsonText(text) : value;
  const shown = data === null || data === undefined ? 'null' : typeof data === 'string' ? data : JSON.stringify(data, null, 2);
  return (
    <figure className="space-y-1">
      <figcaption className="text-xs font-semibold text-muted">{label}</figcaption>
      <pre tabIndex={0} className="max-h-64 overflow-auto rounded border border-border bg-surface-alt p-2 font-mono text-xs whitespace-pre-wrap break-all">
        {shown}
      </pre>
    </figure>
  );
}
