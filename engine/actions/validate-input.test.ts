import { describe, expect, it } from 'vitest';
import { fromJs, type ValueMap } from '../language/values/value.js';
import { echoAction } from './std/echo.js';
import { HTTP_PARAMS } from './http/http-request-spec.js';
import { formatActionInput, validateActionInput } from './validate-input.js';

const map = (o: Record<string, unknown>): ValueMap => fromJs(o) as ValueMap;

describe('validateActionInput', () => {
  it('applies defaults and keeps declaration order', () => {
    const res = validateActionInput(echoAction, map({ output: 'hi' }));
    expect(res).toEqual({ ok: true, input: new Map<string, unknown>([['output', 'hi'], ['delay', 0]]) });
  });

  it('keeps an explicit null instead of the default', () => {
    const res = validateActionInput(echoAction, map({ output: null, delay: null }));
    expect(res.ok && [...res.input.entries()]).toEqual([['output', null], ['delay', null]]);
  });

  it('reports a missing required parameter', () => {
    expect(validateActionInput(echoAction, map({}))).toEqual({
      ok: false,
      error: "Invalid input for action std.echo: missing required parameter 'output'",
    });
  });

  it('reports unexpected parameters', () => {
    expect(validateActionInput(echoAction, map({ output: 1, foo: 2 }))).toEqual({
      ok: false,
      error: "Invalid input for action std.echo: unexpected parameter 'foo'",
    });
  });

  it('reports every problem at once', () => {
    const res = validateActionInput({ name: 'x.y', params: [{ name: 'a', required: true }, { name: 'b', required: true }] }, map({ c: 1, d: 2 }));
    expect(res).toEqual({
      ok: false,
      error: "Invalid input for action x.y: missing required parameters 'a', 'b'; unexpected parameters 'c', 'd'",
    });
  });

  it('treats null input as empty', () => {
    expect(validateActionInput(echoAction, null).ok).toBe(false);
    expect(validateActionInput({ name: 'std.noop', params: [] }, null)).toEqual({ ok: true, input: new Map() });
  });

  it('rejects non-string keys as unexpected', () => {
    const res = validateActionInput({ name: 'std.noop', params: [] }, new Map([[1, 'x']]));
    expect(res).toEqual({ ok: false, error: "Invalid input for action std.noop: unexpected parameter '1'" });
  });
});

describe('formatActionInput', () => {
  it('writes defaults as JSON, like the Mistral API', () => {
    expect(formatActionInput(echoAction.params)).toBe('output, delay=0');
    expect(formatActionInput(HTTP_PARAMS)).toBe(
      'url, method="GET", params=null, body=null, json=null, headers=null, cookies=null, auth=null, ' +
        'timeout=null, allow_redirects=null, proxies=null, verify=null',
    );
  });
});
