/** The action layer's public surface. */
export {
  ASYNC_OUTCOME,
  failure,
  success,
  type ActionContext,
  type ActionDefinition,
  type ActionFailure,
  type ActionOutcome,
  type ActionParam,
  type ActionSuccess,
} from './action.js';
export {
  DEFAULT_ACTIONS_CONFIG,
  resolveActionsConfig,
  type ActionsConfig,
  type ActionsConfigInput,
  type EmailActionsConfig,
  type HttpActionsConfig,
  type JavaScriptActionsConfig,
  type SshActionsConfig,
} from './config.js';
export { ActionError, errorMessage } from './errors.js';
export { executeAction } from './execute-action.js';
export { ActionRegistry, createStandardRegistry, describeAction, type ActionSummary } from './registry.js';
export { sleepSeconds } from './std/sleep.js';
export { formatActionInput, validateActionInput, type ActionSignature, type InputValidation } from './validate-input.js';
