import { describe, expect, it } from 'vitest';
import { PyFloat } from '../../language/values/value.js';
import { ASYNC_OUTCOME } from '../action.js';
import { executeAction } from '../execute-action.js';
import { inputOf, testContext } from '../test-support.js';
import { asyncNoopAction } from './async-noop.js';
import { echoAction } from './echo.js';
import { failAction } from './fail.js';
import { noopAction } from './noop.js';
import { sleepAction, sleepSeconds } from './sleep.js';
import { testDictAction } from './test-dict.js';

describe('std.noop and std.async_noop', () => {
  it('std.noop returns null', async () => {
    expect(await executeAction(noopAction, inputOf({}), testContext())).toEqual({ ok: true, result: null });
  });

  it('std.async_noop leaves the result to the outside', async () => {
    expect(await executeAction(asyncNoopAction, inputOf({}), testContext())).toBe(ASYNC_OUTCOME);
  });
});

describe('std.echo', () => {
  it('returns its output unchanged, floats included', async () => {
    const output = new Map<string, unknown>([['x', new PyFloat(3)]]);
    const outcome = await executeAction(echoAction, new Map([['output', output as never]]), testContext());
    expect(outcome).toEqual({ ok: true, result: output });
  });

  it('waits for a fractional delay', async () => {
    const started = performance.now();
    await executeAction(echoAction, inputOf({ output: 1, delay: 0.15 }), testContext());
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('accepts a numeric string delay and ignores a nonsensical one, as Mistral does', async () => {
    expect((await executeAction(echoAction, inputOf({ output: 1, delay: '0.01' }), testContext())).ok).toBe(true);
    expect((await executeAction(echoAction, inputOf({ output: 1, delay: 'soon' }), testContext())).ok).toBe(true);
    expect((await executeAction(echoAction, inputOf({ output: 1, delay: -5 }), testContext())).ok).toBe(true);
  });

  it('stops waiting when cancelled', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const pending = executeAction(echoAction, inputOf({ output: 1, delay: 30 }), testContext({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    expect(await pending).toEqual({ ok: false, error: 'Action std.echo was cancelled' });
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('std.fail', () => {
  it('fails with the fixed message when no error data is given', async () => {
    expect(await executeAction(failAction, inputOf({}), testContext())).toEqual({ ok: false, error: 'Fail action expected exception.' });
  });

  it('fails with error_data as the error value', async () => {
    expect(await executeAction(failAction, inputOf({ error_data: 'disk full' }), testContext())).toEqual({ ok: false, error: 'disk full' });
    const data = inputOf({ error_data: { code: 7 } });
    expect(await executeAction(failAction, data, testContext())).toEqual({ ok: false, error: data.get('error_data') });
  });

  it('treats falsy error_data like none (Python truthiness)', async () => {
    expect(await executeAction(failAction, inputOf({ error_data: '' }), testContext())).toEqual({ ok: false, error: 'Fail action expected exception.' });
  });
});

describe('std.sleep', () => {
  it('computes whole seconds like int()', () => {
    expect(sleepSeconds(inputOf({ seconds: 2.7 }))).toBe(2);
    expect(sleepSeconds(inputOf({ seconds: '3' }))).toBe(3);
    expect(sleepSeconds(inputOf({ seconds: '1.5' }))).toBe(0);
    expect(sleepSeconds(inputOf({ seconds: -4 }))).toBe(0);
  });

  it('sleeps when run directly and returns null', async () => {
    expect(await executeAction(sleepAction, inputOf({ seconds: 0 }), testContext())).toEqual({ ok: true, result: null });
  });

  it('can be cancelled while sleeping', async () => {
    const controller = new AbortController();
    const pending = executeAction(sleepAction, inputOf({ seconds: 60 }), testContext({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 10);
    expect(await pending).toEqual({ ok: false, error: 'Action std.sleep was cancelled' });
  });
});

describe('std.test_dict', () => {
  it('builds prefixed keys with the value', async () => {
    const outcome = await executeAction(testDictAction, inputOf({ size: 3, key_prefix: 'k', val: 'v' }), testContext());
    expect(outcome).toEqual({ ok: true, result: new Map([['k0', 'v'], ['k1', 'v'], ['k2', 'v']]) });
  });

  it('returns an empty map by default', async () => {
    expect(await executeAction(testDictAction, inputOf({}), testContext())).toEqual({ ok: true, result: new Map() });
  });

  it('rejects a size that is not an int, or absurdly large', async () => {
    expect(await executeAction(testDictAction, inputOf({ size: 'ten' }), testContext())).toEqual({
      ok: false,
      error: "Invalid value for parameter 'size' of std.test_dict: expected an int, got str",
    });
    expect((await executeAction(testDictAction, inputOf({ size: 1e9 }), testContext())).ok).toBe(false);
  });
});
