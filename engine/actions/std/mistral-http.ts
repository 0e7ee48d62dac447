import { ASYNC_OUTCOME, type ActionContext, type ActionDefinition } from '../action.js';
import type { HttpActionsConfig } from '../config.js';
import { HTTP_PARAMS } from '../http/http-request-spec.js';
import { createTargetGuard } from '../http/private-target-guard.js';
import { runHttpRequest } from './http.js';

/** The headers that tell the receiver which action execution to complete, and where. */
export function mistralHeaders(ctx: ActionContext): [string, string][] {
  const headers: [string, string | undefined][] = [
    ['Mistral-Workflow-Name', ctx.workflowName],
    ['Mistral-Workflow-Execution-Id', ctx.executionId],
    ['Mistral-Task-Id', ctx.taskExecutionId],
    ['Mistral-Action-Execution-Id', ctx.actionExecutionId],
    ['Mistral-Callback-URL', ctx.callbackUrl],
  ];
  // Standalone action executions have no workflow; requests drops None-valued headers likewise.
  return headers.filter((h): h is [string, string] => h[1] !== undefined);
}

export function createMistralHttpAction(config: HttpActionsConfig): ActionDefinition {
  const guard = createTargetGuard(config);
  return {
    name: 'std.mistral_http',
    description:
      'Sends an HTTP request carrying Mistral-* callback headers; the action then stays RUNNING until the ' +
      'receiver completes it through the API. A status outside 200-306 fails it at once.',
    params: HTTP_PARAMS,
    idempotent: false,
    isAsync: true,
    async run(input, ctx) {
      const { outcome } = await runHttpRequest(input, ctx, 'std.mistral_http', config, guard, mistralHeaders(ctx));
      return outcome.ok ? ASYNC_OUTCOME : outcome;
    },
  };
}
