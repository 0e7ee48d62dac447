import { ASYNC_OUTCOME, type ActionDefinition } from '../action.js';

/** Stays RUNNING until its action execution is completed through the REST API. */
export const asyncNoopAction: ActionDefinition = {
  name: 'std.async_noop',
  description: 'Asynchronous no-op: the task waits until the action execution is completed via the API.',
  params: [],
  // A re-run after a crash would be harmless, but the runtime must not re-run it: an external
  // party may already hold this action execution's id.
  idempotent: false,
  isAsync: true,
  run: () => Promise.resolve(ASYNC_OUTCOME),
};
