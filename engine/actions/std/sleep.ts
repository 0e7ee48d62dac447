import type { ValueMap } from '../../language/values/value.js';
import { abortableSleep } from '../abortable-sleep.js';
import { success, type ActionDefinition } from '../action.js';
import { pythonInt, readParam } from '../input-readers.js';

/**
 * Whole seconds std.sleep waits for, as Mistral computes them: `int(seconds)`, 0 when invalid or
 * negative. Exported for the runtime, which implements std.sleep as a durable timer.
 */
export function sleepSeconds(input: ValueMap): number {
  const n = pythonInt(readParam(input, 'seconds'));
  return n !== undefined && n > 0 ? n : 0;
}

export const sleepAction: ActionDefinition = {
  name: 'std.sleep',
  description: 'Waits `seconds` (whole seconds) and returns null.',
  params: [{ name: 'seconds', required: false, default: 1 }],
  idempotent: true,
  isAsync: false,
  durationHint: 'timer',
  async run(input, ctx) {
    await abortableSleep(sleepSeconds(input) * 1000, ctx.signal, 'std.sleep');
    return success(null);
  },
};
