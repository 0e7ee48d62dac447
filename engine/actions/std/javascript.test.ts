import { describe, expect, it } from 'vitest';
import { PyFloat, type Value } from '../../language/values/value.js';
import { resolveActionsConfig } from '../config.js';
import { executeAction } from '../execute-action.js';
import { errorOf, inputOf, resultOf, testContext } from '../test-support.js';
import { createJavaScriptAction } from './javascript.js';

const js = createJavaScriptAction(resolveActionsConfig({ javascript: { timeoutMs: 300, memoryLimitBytes: 8 * 1024 * 1024 } }).javascript);

async function run(script: string, context: unknown = null) {
  return executeAction(js, new Map<string, Value>([['script', script], ['context', inputOf({ c: context }).get('c') ?? null]]), testContext());
}

describe('std.javascript', () => {
  it('returns ints, floats, strings, booleans and null', async () => {
    expect(resultOf(await run('return 6 * 7'))).toBe(42);
    expect(resultOf(await run('return 0.1 + 0.2'))).toBe(0.30000000000000004);
    expect(resultOf(await run('return "hi"'))).toBe('hi');
    expect(resultOf(await run('return true'))).toBe(true);
    expect(resultOf(await run('return null'))).toBe(null);
  });

  it('returns maps and lists as values', async () => {
    expect(resultOf(await run('return {b: [1, 2.5, {c: null}], a: "x"}'))).toEqual(
      new Map<string, Value>([['b', [1, 2.5, new Map([['c', null]])]], ['a', 'x']]),
    );
  });

  it('gives undefined and functions back as null', async () => {
    expect(resultOf(await run('let x = 1;'))).toBe(null);
    expect(resultOf(await run('return () => 1'))).toBe(null);
  });

  it('binds context to $', async () => {
    const context = { items: [1, 2, 3], factor: 1.5 };
    expect(resultOf(await run('return $.items.map(i => i * $.factor)', context))).toEqual([1.5, 3, 4.5]);
    expect(resultOf(await run('return $', null))).toBe(null);
  });

  it('passes integral floats in as numbers', async () => {
    const input = new Map<string, Value>([['script', 'return [$ * 2, Number.isInteger($)]'], ['context', new PyFloat(2)]]);
    expect(resultOf(await executeAction(js, input, testContext()))).toEqual([4, true]);
  });

  it('settles a returned promise', async () => {
    expect(resultOf(await run('return Promise.resolve(5).then(x => x + 1)'))).toBe(6);
    expect(errorOf(await run('return (async () => { throw new RangeError("later") })()'))).toBe('JavaScriptAction failed: RangeError: later');
  });

  it('turns thrown errors into action errors with the JavaScript message', async () => {
    expect(await run('throw new TypeError("bad thing")')).toEqual({ ok: false, error: 'JavaScriptAction failed: TypeError: bad thing' });
    expect(errorOf(await run('throw "plain"'))).toBe('JavaScriptAction failed: plain');
    expect(errorOf(await run('return undefinedVariable + 1'))).toBe("JavaScriptAction failed: ReferenceError: 'undefinedVariable' is not defined");
    expect(errorOf(await run('return (('))).toMatch(/^JavaScriptAction failed: SyntaxError: /);
  });

  it('stops an infinite loop at the deadline', async () => {
    const started = performance.now();
    expect(await run('while (true) {}')).toEqual({
      ok: false,
      error: 'JavaScriptAction failed: script exceeded the time limit of 300 ms (javascript.timeoutMs in the actions configuration)',
    });
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('cannot catch the deadline interrupt', async () => {
    expect(errorOf(await run('for (;;) { try { while (true) {} } catch (e) {} }'))).toContain('time limit');
  });

  it('stops a memory bomb at the memory limit', async () => {
    const message = 'JavaScriptAction failed: script exceeded the memory limit of 8 MiB (javascript.memoryLimitBytes in the actions configuration)';
    expect(await run('const a = []; while (true) a.push(new Array(100000).fill(1));')).toEqual({ ok: false, error: message });
    expect(await run('const a = []; while (true) a.push("x".repeat(100000) + a.length);')).toEqual({ ok: false, error: message });
    expect(errorOf(await run('const o = {}; let i = 0; while (true) o["k" + i++] = {i};'))).toBe(message);
  });

  it('still works after a script exhausted its memory', async () => {
    await run('const a = []; while (true) a.push(new Array(100000).fill(1));');
    expect(resultOf(await run('return 1'))).toBe(1);
  });

  it('fails deep recursion cleanly', async () => {
    expect(errorOf(await run('function f(n) { return f(n + 1) + 1 } return f(0)'))).toBe('JavaScriptAction failed: InternalError: stack overflow');
    const recursion = 'let d = 0; function f(n) { d = n; return f(n + 1) } try { f(0) } catch (e) { return d }';
    expect(resultOf(await run(recursion))).toBeGreaterThan(1000);
  });

  it('reports a stack overflow even when the host stack runs out first', async () => {
    const generous = createJavaScriptAction(resolveActionsConfig({ javascript: { maxStackBytes: 4 * 1024 * 1024 } }).javascript);
    const outcome = await executeAction(generous, inputOf({ script: 'function f() { return f() + 1 } return f()' }), testContext());
    expect(errorOf(outcome)).toMatch(/^JavaScriptAction failed: InternalError: stack overflow/);
    expect(resultOf(await executeAction(generous, inputOf({ script: 'return 2' }), testContext()))).toBe(2);
  });

  it('does not mistake a thrown null for running out of memory', async () => {
    expect(errorOf(await run('throw null'))).toBe('JavaScriptAction failed: null');
  });

  it('has no access to the host', async () => {
    expect(resultOf(await run('return [typeof require, typeof process, typeof fetch, typeof globalThis.module, typeof setTimeout]'))).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'undefined',
    ]);
    expect(errorOf(await run('return require("fs")'))).toBe("JavaScriptAction failed: ReferenceError: 'require' is not defined");
  });

  it('does not leak state between runs', async () => {
    await run('globalThis.leak = 1; return 1');
    expect(resultOf(await run('return typeof leak'))).toBe('undefined');
  });

  it('is also registered as std.js', () => {
    expect(createJavaScriptAction(resolveActionsConfig().javascript, 'std.js').name).toBe('std.js');
  });

  it('requires a script', async () => {
    expect(errorOf(await executeAction(js, inputOf({}), testContext()))).toBe("Invalid input for action std.javascript: missing required parameter 'script'");
  });
});
