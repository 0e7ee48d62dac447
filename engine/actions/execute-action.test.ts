import { describe, expect, it } from 'vitest';
import { success, type ActionDefinition } from './action.js';
import { executeAction } from './execute-action.js';
import { echoAction } from './std/echo.js';
import { inputOf, testContext } from './test-support.js';

const throwing: ActionDefinition = {
  name: 'test.throws',
  description: '',
  params: [],
  idempotent: true,
  isAsync: false,
  run: () => {
    throw new TypeError('something broke');
  },
};

describe('executeAction', () => {
  it('returns the action outcome for valid input', async () => {
    expect(await executeAction(echoAction, inputOf({ output: [1, 2] }), testContext())).toEqual(success([1, 2]));
  });

  it('turns invalid input into an error outcome without running the action', async () => {
    expect(await executeAction(echoAction, inputOf({ bogus: 1 }), testContext())).toEqual({
      ok: false,
      error: "Invalid input for action std.echo: missing required parameter 'output'; unexpected parameter 'bogus'",
    });
  });

  it('turns a thrown error into its message, without a stack', async () => {
    const outcome = await executeAction(throwing, inputOf({}), testContext());
    expect(outcome).toEqual({ ok: false, error: 'something broke' });
  });

  it('turns a rejected non-Error into text', async () => {
    const rejecting: ActionDefinition = { ...throwing, run: () => Promise.reject('plain string') };
    expect(await executeAction(rejecting, inputOf({}), testContext())).toEqual({ ok: false, error: 'plain string' });
  });

  it('does not start an action whose signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const outcome = await executeAction(echoAction, inputOf({ output: 1 }), testContext({ signal: controller.signal }));
    expect(outcome.ok).toBe(false);
  });
});
