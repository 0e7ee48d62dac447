import { setTimeout as delay } from 'node:timers/promises';
import { ActionError } from './errors.js';

/** Waits `ms`, or throws an ActionError as soon as `signal` aborts (the action was cancelled). */
export async function abortableSleep(ms: number, signal: AbortSignal, action: string): Promise<void> {
  if (ms <= 0) return;
  try {
    await delay(ms, undefined, { signal });
  } catch (err) {
    if (signal.aborted) throw new ActionError(`Action ${action} was cancelled`, { cause: err });
    throw err;
  }
}
