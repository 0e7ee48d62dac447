/**
 * Execution states and the transitions allowed between them (language digest §14).
 */

export const STATES = ['IDLE', 'WAITING', 'RUNNING', 'DELAYED', 'PAUSED', 'SUCCESS', 'ERROR', 'CANCELLED', 'SKIPPED'] as const;
export type State = (typeof STATES)[number];

export type WorkflowState = Extract<State, 'IDLE' | 'RUNNING' | 'PAUSED' | 'SUCCESS' | 'ERROR' | 'CANCELLED'>;
export type TaskState = State;
export type RunState = Extract<State, 'RUNNING' | 'PAUSED' | 'SUCCESS' | 'ERROR' | 'CANCELLED'>;

const ALLOWED: Readonly<Record<State, readonly State[]>> = {
  IDLE: ['RUNNING', 'ERROR', 'CANCELLED'],
  WAITING: ['RUNNING', 'ERROR', 'CANCELLED'],
  RUNNING: ['PAUSED', 'DELAYED', 'SUCCESS', 'ERROR', 'CANCELLED'],
  DELAYED: ['RUNNING', 'ERROR', 'CANCELLED'],
  PAUSED: ['RUNNING', 'ERROR', 'CANCELLED'],
  SUCCESS: [],
  ERROR: ['RUNNING', 'SKIPPED'],
  CANCELLED: ['RUNNING'],
  SKIPPED: [],
};

/** Whether `from → to` is allowed; staying in the same state always is. */
export function canTransition(from: State, to: State): boolean {
  return from === to || ALLOWED[from].includes(to);
}

export function isCompleted(s: State): boolean {
  return s === 'SUCCESS' || s === 'ERROR' || s === 'CANCELLED' || s === 'SKIPPED';
}

export function isTerminal(s: State): boolean {
  return s === 'SUCCESS' || s === 'ERROR' || s === 'CANCELLED';
}

export function isState(s: string): s is State {
  return (STATES as readonly string[]).includes(s);
}
