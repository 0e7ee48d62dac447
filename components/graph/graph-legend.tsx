import { IdleIcon } from '@/components/ui/icons';
import { TONE_CLASSES, stateAppearance } from '@/components/ui/state-badge';
import { cn } from '@/components/ui/cn';
import { heatColour } from './task-node';

const STATES = ['SUCCESS', 'ERROR', 'RUNNING', 'WAITING', 'PAUSED', 'CANCELLED'] as const;

/** What the node colours, icons and edge styles mean. */
export function GraphLegend({ type, heat }: { readonly type: 'direct' | 'reverse'; readonly heat: boolean }) {
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted" aria-label="Legend">
      {heat ? (
        <span className="flex items-center gap-2">
          Average duration:
          <span className="h-3 w-24 rounded" style={{ background: `linear-gradient(to right, ${heatColour(0)}, ${heatColour(0.5)}, ${heatColour(1)})` }} aria-hidden="true" />
          fast → slow
        </span>
      ) : (
        <>
          {STATES.map((s) => {
            const look = stateAppearance(s);
            return (
              <span key={s} className={cn('inline-flex items-center gap-1 rounded border px-1', TONE_CLASSES[look.tone])}>
                <look.Icon className="h-3 w-3" /> {look.label}
              </span>
            );
          })}
          <span className="inline-flex items-center gap-1 rounded border border-dashed border-zinc-400 px-1">
            <IdleIcon className="h-3 w-3" /> Not run
          </span>
        </>
      )}
      {type === 'direct' ? (
        <span>
          Edges: <span className="text-emerald-800 dark:text-emerald-300">── on-success</span> ·{' '}
          <span className="text-red-800 dark:text-red-300">- - on-error</span> · <span>·· on-complete</span>
        </span>
      ) : (
        <span>Reverse workflow: edges point from a required task to the task that requires it</span>
      )}
    </div>
  );
}
