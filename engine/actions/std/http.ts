import type { ValueMap } from '../../language/values/value.js';
import { failure, success, type ActionContext, type ActionDefinition, type ActionOutcome } from '../action.js';
import type { HttpActionsConfig } from '../config.js';
import { sendHttpRequest } from '../http/http-client.js';
import { HTTP_PARAMS, buildHttpRequestSpec } from '../http/http-request-spec.js';
import { httpResultValue, isSuccessStatus } from '../http/http-result.js';
import { createTargetGuard, type TargetGuard } from '../http/private-target-guard.js';

/** Sends the request described by std.http-style `input`; shared by std.http and std.mistral_http. */
export async function runHttpRequest(
  input: ValueMap,
  ctx: ActionContext,
  action: string,
  config: HttpActionsConfig,
  guard: TargetGuard,
  extraHeaders: readonly (readonly [string, string])[] = [],
): Promise<{ readonly status: number; readonly outcome: ActionOutcome }> {
  const spec = await buildHttpRequestSpec(input, action, config, extraHeaders);
  const res = await sendHttpRequest(spec, {
    guard,
    maxResponseBytes: config.maxResponseBytes,
    maxRedirects: config.maxRedirects,
    signal: ctx.signal,
  });
  const result = httpResultValue(res);
  return { status: res.status, outcome: isSuccessStatus(res.status) ? success(result) : failure(result) };
}

export function createHttpAction(config: HttpActionsConfig): ActionDefinition {
  const guard = createTargetGuard(config);
  return {
    name: 'std.http',
    description:
      'Sends an HTTP request and returns {content, status, headers, url, history, encoding, reason, cookies, elapsed}; ' +
      'a status outside 200-306 fails the action with that map as error data.',
    params: HTTP_PARAMS,
    idempotent: false,
    isAsync: false,
    async run(input, ctx) {
      return (await runHttpRequest(input, ctx, 'std.http', config, guard)).outcome;
    },
  };
}
