/**
 * `convection.queue`: hands the action execution to the external workers of a named queue instead
 * of running anything in-process. Workflows use it through an ad-hoc action, so documents stay
 * plain Mistral v2 (real Mistral parses them; it only lacks the base action at run time):
 *
 * ```yaml
 * video.encode:
 *   base: convection.queue
 *   base-input:
 *     queue: video
 *     input:
 *       file: <% $.file %>
 *       preset: <% $.preset %>
 *   input:
 *     - file
 *     - preset: fast
 * ```
 *
 * A worker polling `video` receives the action execution under its ad-hoc name (`video.encode`)
 * with `input` as its input, and completes it with `PUT /v2/action_executions/{id}` presenting its
 * lease. Tasks may also call it directly: `action: convection.queue queue=video input=<% … %>`.
 */
import { ASYNC_OUTCOME, type ActionDefinition } from '../action.js';
import { ActionError } from '../errors.js';
import { readOptionalMap, readString } from '../input-readers.js';
import type { Value } from '../../language/values/value.js';

export const QUEUE_ACTION = 'convection.queue';

/** Letters, digits, `.`, `_` and `-`, as they appear in URLs unescaped. */
export const QUEUE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Where queued action executions go; the runtime's queue service. */
export interface QueueSink {
  /** Puts the RUNNING action execution on `queue` with the worker's `input` (idempotent) and wakes its pollers. */
  enqueue(actionExecutionId: string, queue: string, input: Value): Promise<void>;
}

export function createQueueAction(sink: QueueSink): ActionDefinition {
  return {
    name: QUEUE_ACTION,
    description: 'Hands the action to the external workers polling `queue` (POST /v2/queues/{queue}/poll); they receive `input` and complete it through the API.',
    params: [
      { name: 'queue', required: true },
      { name: 'input', required: false, default: new Map() },
    ],
    // Enqueueing twice is harmless (the second is a no-op), so a crash before the hand-off is retried.
    idempotent: true,
    isAsync: true,
    async run(input, ctx) {
      const queue = readString(input, 'queue', QUEUE_ACTION);
      if (!QUEUE_NAME.test(queue)) {
        throw new ActionError(`Invalid queue name '${queue}' for ${QUEUE_ACTION}: use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit`);
      }
      const workerInput = readOptionalMap(input, 'input', QUEUE_ACTION) ?? new Map();
      await sink.enqueue(ctx.actionExecutionId, queue, workerInput);
      return ASYNC_OUTCOME;
    },
  };
}
