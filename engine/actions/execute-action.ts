/**
 * The single entry point the runtime (and the REST API's standalone action runs) use to run an
 * action: validate, run, and turn anything thrown into error data.
 */
import type { ValueMap } from '../language/values/value.js';
import { failure, type ActionContext, type ActionDefinition, type ActionOutcome } from './action.js';
import { errorMessage } from './errors.js';
import { validateActionInput } from './validate-input.js';

/**
 * Runs `def` with `input`. Never rejects: invalid input, a thrown error or a cancelled signal all
 * come back as `{ ok: false, error: <message> }`, the message only (stacks stay out of results).
 */
export async function executeAction(
  def: ActionDefinition,
  input: ValueMap | null | undefined,
  ctx: ActionContext,
): Promise<ActionOutcome> {
  const checked = validateActionInput(def, input);
  if (!checked.ok) return failure(checked.error);
  if (ctx.signal.aborted) return failure(`Action ${def.name} was cancelled before it started`);
  try {
    return await def.run(checked.input, ctx);
  } catch (err) {
    return failure(errorMessage(err));
  }
}
