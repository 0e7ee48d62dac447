import { abortableSleep } from '../abortable-sleep.js';
import { success, type ActionDefinition } from '../action.js';
import { pythonFloat, readParam } from '../input-readers.js';

export const echoAction: ActionDefinition = {
  name: 'std.echo',
  description: 'Returns `output` unchanged, after an optional `delay` in seconds.',
  params: [
    { name: 'output', required: true },
    { name: 'delay', required: false, default: 0 },
  ],
  idempotent: true,
  isAsync: false,
  async run(input, ctx) {
    // Mistral treats an unparsable or negative delay as 0 rather than failing.
    const seconds = pythonFloat(readParam(input, 'delay')) ?? 0;
    if (Number.isFinite(seconds) && seconds > 0) await abortableSleep(seconds * 1000, ctx.signal, 'std.echo');
    return success(readParam(input, 'output'));
  },
};
