/**
 * A Mistral state shown the Horizon way (a label in the status column) but never by colour alone:
 * every state has its own icon and its text. Transitional states spin. `stateAppearance` is shared
 * with the graph and timeline so a state looks the same everywhere.
 */
import type { ComponentType, SVGProps } from 'react';
import { cn } from './cn';
import {
  CancelIcon,
  CheckIcon,
  ClockIcon,
  ErrorIcon,
  HourglassIcon,
  IdleIcon,
  PauseIcon,
  QuestionIcon,
  SpinnerIcon,
} from './icons';

export const MISTRAL_STATES = ['IDLE', 'WAITING', 'RUNNING', 'RUNNING_DELAYED', 'PAUSED', 'SUCCESS', 'ERROR', 'CANCELLED'] as const;
export type MistralState = (typeof MISTRAL_STATES)[number];

export type StateTone = 'neutral' | 'info' | 'progress' | 'warning' | 'success' | 'danger' | 'muted';

export interface StateAppearance {
  readonly label: string;
  readonly tone: StateTone;
  readonly Icon: ComponentType<SVGProps<SVGSVGElement>>;
  /** Still moving: spins in badges, re-fetches in lists. */
  readonly transitional: boolean;
}

const APPEARANCE: Readonly<Record<MistralState, StateAppearance>> = {
  IDLE: { label: 'Idle', tone: 'neutral', Icon: IdleIcon, transitional: false },
  WAITING: { label: 'Waiting', tone: 'info', Icon: HourglassIcon, transitional: true },
  RUNNING: { label: 'Running', tone: 'progress', Icon: SpinnerIcon, transitional: true },
  RUNNING_DELAYED: { label: 'Running (delayed)', tone: 'warning', Icon: ClockIcon, transitional: true },
  PAUSED: { label: 'Paused', tone: 'warning', Icon: PauseIcon, transitional: false },
  SUCCESS: { label: 'Success', tone: 'success', Icon: CheckIcon, transitional: false },
  ERROR: { label: 'Error', tone: 'danger', Icon: ErrorIcon, transitional: false },
  CANCELLED: { label: 'Cancelled', tone: 'muted', Icon: CancelIcon, transitional: false },
};

const UNKNOWN: StateAppearance = { label: 'Unknown', tone: 'neutral', Icon: QuestionIcon, transitional: false };

export function isMistralState(value: string): value is MistralState {
  return (MISTRAL_STATES as readonly string[]).includes(value);
}

export function stateAppearance(state: string | null | undefined): StateAppearance {
  return state && isMistralState(state) ? APPEARANCE[state] : { ...UNKNOWN, label: state || UNKNOWN.label };
}

/** Badge colours per tone; each pair passes WCAG AA contrast in both themes. */
export const TONE_CLASSES: Readonly<Record<StateTone, string>> = {
  neutral: 'bg-slate-100 text-slate-800 border-slate-300 dark:bg-slate-800 dark:text-slate-100 dark:border-slate-600',
  info: 'bg-sky-50 text-sky-900 border-sky-300 dark:bg-sky-950 dark:text-sky-100 dark:border-sky-700',
  progress: 'bg-blue-50 text-blue-900 border-blue-300 dark:bg-blue-950 dark:text-blue-100 dark:border-blue-700',
  warning: 'bg-amber-50 text-amber-900 border-amber-300 dark:bg-amber-950 dark:text-amber-100 dark:border-amber-700',
  success: 'bg-green-50 text-green-900 border-green-300 dark:bg-green-950 dark:text-green-100 dark:border-green-700',
  danger: 'bg-red-50 text-red-900 border-red-300 dark:bg-red-950 dark:text-red-100 dark:border-red-700',
  muted: 'bg-zinc-100 text-zinc-700 border-zinc-300 line-through decoration-1 dark:bg-zinc-800 dark:text-zinc-200 dark:border-zinc-600',
};

export interface StateBadgeProps {
  readonly state: string | null | undefined;
  readonly className?: string;
  /** Shown as a tooltip (Mistral's state_info). */
  readonly info?: string | null;
}

export function StateBadge({ state, className, info }: StateBadgeProps) {
  const look = stateAppearance(state);
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1 rounded border px-1.5 py-0.5 text-xs font-medium whitespace-nowrap no-underline',
        TONE_CLASSES[look.tone],
        className,
      )}
      title={info ?? undefined}
      data-state={state ?? ''}
    >
      <look.Icon className={cn('h-3.5 w-3.5 shrink-0', look.Icon === SpinnerIcon && 'animate-spin')} />
      <span className={look.tone === 'muted' ? 'no-underline' : undefined}>{look.label}</span>
    </span>
  );
}
