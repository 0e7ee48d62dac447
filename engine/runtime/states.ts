/**
 * Execution states (language digest §14). The decisions in flow/ move entities only along the
 * transitions §14 allows; there is no separate table to consult.
 */

export const STATES = ['IDLE', 'WAITING', 'RUNNING', 'DELAYED', 'PAUSED', 'SUCCESS', 'ERROR', 'CANCELLED', 'SKIPPED'] as const;
export type State = (typeof STATES)[number];

export type WorkflowState = Extract<State, 'IDLE' | 'RUNNING' | 'PAUSED' | 'SUCCESS' | 'ERROR' | 'CANCELLED'>;
export type TaskState = State;
export type RunState = Extract<State, 'RUNNING' | 'PAUSED' | 'SUCCESS' | 'ERROR' | 'CANCELLED'>;

export function isCompleted(s: State): boolean {
  return s === 'SUCCESS' || s === 'ERROR' || s === 'CANCELLED' || s === 'SKIPPED';
}

export function isTerminal(s: State): boolean {
  return s === 'SUCCESS' || s === 'ERROR' || s === 'CANCELLED';
}
