/** The Input / Output tab: what the execution was started with and what it produced. */
import { Skeleton } from '@/components/ui/skeleton';
import { JsonView } from './json-view';
import type { ExecutionWire } from './wire';

export function IoTab({ execution }: { readonly execution: ExecutionWire | undefined }) {
  if (execution === undefined) return <Skeleton className="h-48 w-full" />;
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <JsonView label="Input" text={execution.input} />
      <JsonView label="Output" text={execution.output ?? null} />
      <JsonView label="Params" text={execution.params} />
      <JsonView label="Published (global)" text={execution.published_global ?? null} />
    </div>
  );
}
