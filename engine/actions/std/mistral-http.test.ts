import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMap, type ValueMap } from '../../language/values/value.js';
import { ASYNC_OUTCOME } from '../action.js';
import { resolveActionsConfig } from '../config.js';
import { executeAction } from '../execute-action.js';
import { errorOf, inputOf, testContext } from '../test-support.js';
import { startTestServer, type RecordedRequest, type TestServer } from './http-test-server.js';
import { createMistralHttpAction } from './mistral-http.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const action = createMistralHttpAction(resolveActionsConfig({ http: { allowedPrivateTargets: ['127.0.0.1'] } }).http);

function lastRequest(): RecordedRequest {
  const req = server.requests.at(-1);
  if (!req) throw new Error('the server received no request');
  return req;
}

describe('std.mistral_http', () => {
  it('sends the Mistral callback headers and leaves the action running', async () => {
    const ctx = testContext({
      workflowName: 'wb.deploy',
      executionId: 'ex-1',
      taskExecutionId: 'task-1',
      actionExecutionId: 'ae-9',
      callbackUrl: 'http://convection:8989/v2/action_executions/ae-9',
    });
    const outcome = await executeAction(action, inputOf({ url: `${server.url}/echo`, method: 'POST', json: { x: 1 }, headers: { 'X-Mine': 'kept' } }), ctx);
    expect(outcome).toBe(ASYNC_OUTCOME);
    const headers = lastRequest().headers;
    expect(headers).toMatchObject({
      'X-Mine': 'kept',
      'Mistral-Workflow-Name': 'wb.deploy',
      'Mistral-Workflow-Execution-Id': 'ex-1',
      'Mistral-Task-Id': 'task-1',
      'Mistral-Action-Execution-Id': 'ae-9',
      'Mistral-Callback-URL': 'http://convection:8989/v2/action_executions/ae-9',
    });
  });

  it('omits the workflow headers for a standalone action execution', async () => {
    expect(await executeAction(action, inputOf({ url: `${server.url}/echo` }), testContext({ actionExecutionId: 'solo' }))).toBe(ASYNC_OUTCOME);
    const names = Object.keys(lastRequest().headers).filter((h) => h.startsWith('Mistral-'));
    expect(names).toEqual(['Mistral-Action-Execution-Id']);
  });

  it('fails at once when the receiver answers with an error status', async () => {
    const error = errorOf(await executeAction(action, inputOf({ url: `${server.url}/status?code=503` }), testContext()));
    expect(isMap(error) && (error as ValueMap).get('status')).toBe(503);
  });

  it('applies the private-target guard like std.http', async () => {
    const guarded = createMistralHttpAction(resolveActionsConfig().http);
    const error = errorOf(await executeAction(guarded, inputOf({ url: `${server.url}/echo` }), testContext()));
    expect(error).toMatch(/^Refusing to send an HTTP request to 127\.0\.0\.1/);
  });
});
