'use client';
/**
 * One task on the graph: its state as colour AND icon AND word, what it runs, with-items progress,
 * the engine commands it may end in, and (heat overlay) its average duration. Tasks that have not
 * run are drawn dashed and faded.
 */
import type { Node, NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { GraphNode } from '@/lib/graph/graph-model';
import { cn } from '@/components/ui/cn';
import { IdleIcon, SpinnerIcon } from '@/components/ui/icons';
import { TONE_CLASSES, stateAppearance } from '@/components/ui/state-badge';
import { formatDuration } from '@/lib/analytics/format-duration';

export interface TaskNodeData extends Record<string, unknown> {
  readonly task: GraphNode;
  readonly selected: boolean;
}

export type TaskFlowNode = Node<TaskNodeData, 'task'>;

/** Light yellow → deep red: the heat overlay's background for a 0..1 share of the slowest average. */
export function heatColour(heat: number): string {
  const hue = 50 - 50 * heat;
  const light = 88 - 38 * heat;
  return `hsl(${hue} 90% ${light}%)`;
}

function TaskNodeView({ data }: NodeProps<TaskFlowNode>) {
  const { task, selected } = data;
  const look = task.state === undefined ? { label: 'Not run', tone: 'neutral' as const, Icon: IdleIcon } : stateAppearance(task.state);
  const heat = task.heat;
  const dark = heat !== undefined && heat > 0.6;
  return (
    <div
      data-testid={`task-node-${task.id}`}
      data-state={task.state ?? 'NOT_RUN'}
      className={cn(
        'relative flex h-full w-full flex-col justify-center gap-0.5 rounded-md border-2 px-2 py-1 text-left text-xs',
        heat === undefined && TONE_CLASSES[look.tone],
        heat !== undefined && (dark ? 'border-red-900 text-white' : 'border-amber-800 text-zinc-950'),
        task.faded && heat === undefined && 'border-dashed opacity-60',
        selected && 'ring-2 ring-accent ring-offset-2',
      )}
      style={heat === undefined ? undefined : { background: heatColour(heat) }}
      title={task.stateInfo ?? undefined}
    >
      {/* Where edges attach, for when React Flow measures the node in the DOM (execution-graph.tsx
          gives the same points up front). Plain marks: nothing connects here, and React Flow's
          Handle components would each subscribe to its store. */}
      <span aria-hidden="true" className="target pointer-events-none absolute top-1/2 -left-0.5 h-px w-px" data-handlepos="left" />
      <span aria-hidden="true" className="source pointer-events-none absolute top-1/2 -right-0.5 h-px w-px" data-handlepos="right" />
      <div className="flex min-w-0 items-center gap-1 font-semibold">
        <look.Icon className={cn('h-3.5 w-3.5 shrink-0', look.Icon === SpinnerIcon && 'animate-spin')} />
        <span className="truncate">{task.id}</span>
      </div>
      <div className="flex min-w-0 items-center gap-1">
        <span className="shrink-0">{look.label}</span>
        {task.withItems && (
          <span className="shrink-0 font-mono" aria-label="items done of total">
            · {task.items === undefined ? '–' : `${task.items.done}/${task.items.total}`}
          </span>
        )}
        {task.runCount > 1 && <span className="shrink-0">· ×{task.runCount}</span>}
        {heat !== undefined && task.avgMs !== undefined && <span className="shrink-0 font-mono">· avg {formatDuration(task.avgMs)}</span>}
      </div>
      <div className="truncate opacity-80">
        {task.kind === 'workflow' ? '⤷ ' : ''}
        {task.runs}
        {task.commands.length > 0 && ` · ${task.commands.join(', ')}`}
      </div>
    </div>
  );
}

export const TaskNode = memo(TaskNodeView);
