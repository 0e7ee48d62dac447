import { describe, expect, it, vi } from 'vitest';
import { parseDynamicCommand, parseInlineCommand, parseRetryOneLiner } from '../inline-params.js';
import { PyFloat, toJs } from '../values/value.js';

vi.mock('../expressions/index.js', async () => await import('./testing/expression-stub.js'));

/** [input, name, params (as plain data), problems] */
const CASES: ReadonlyArray<readonly [string, string, Record<string, unknown>, string[]]> = [
  ['std.echo', 'std.echo', {}, []],
  ['std.http url="http://x/a?b=1" method="POST" timeout=10 verify=false', 'std.http', { url: 'http://x/a?b=1', method: 'POST', timeout: 10, verify: false }, []],
  ["std.echo output='single \"quoted\"'", 'std.echo', { output: 'single "quoted"' }, []],
  ['std.echo output="<% $.greeting %>, <% $.name %>!"', 'std.echo', { output: '<% $.greeting %>, <% $.name %>!' }, []],
  ['std.echo output=<% $.x + 1 %>', 'std.echo', { output: '<% $.x + 1 %>' }, []],
  ['std.echo output={{ _.x }}', 'std.echo', { output: '{{ _.x }}' }, []],
  ['std.echo output=[1, 2]', 'std.echo', { output: [1, 2] }, []],
  ['std.echo output=["a", {"b": null}]', 'std.echo', { output: ['a', { b: null }] }, []],
  ['std.echo a=true b=false c=null', 'std.echo', { a: true, b: false, c: null }, []],
  // Mistral json.loads("007") fails, so the value stays the text "007".
  ['std.echo output=007', 'std.echo', { output: '007' }, []],
  ['my-action.v2 a_b-c=1', 'my-action.v2', { 'a_b-c': 1 }, []],
  ['std.echo   output=1   ', 'std.echo', { output: 1 }, []],
  ['fail msg="x"', 'fail', { msg: 'x' }, []],
  ['fail msg=<% $.err %>', 'fail', { msg: '<% $.err %>' }, []],
  ['fail(msg="stop here")', 'fail', { msg: 'stop here' }, []],
  ['fail(msg=<% $.err %>)', 'fail', { msg: '<% $.err %>' }, []],
  ['succeed(msg="done", x=1)', 'succeed', { msg: 'done', x: 1 }, []],
  ['<% $.action %> x=1', '<% $.action %>', { x: 1 }, []],
  ['<% $.action %>', '<% $.action %>', {}, []],
  // Rejected: Mistral would silently drop or misread these.
  ['std.http method=GET url="x"', 'std.http', { url: 'x' }, ['method=GET: an unquoted value is silently dropped by Mistral; quote it: method="GET"']],
  ['std.echo output=1.5', 'std.echo', { output: 1 }, ['output=1.5: Mistral reads the value as 1 and silently drops ".5"; quote it or set it under input:']],
  ['std.echo output=truex', 'std.echo', { output: true }, ['output=truex: Mistral reads the value as true and silently drops "x"; quote it or set it under input:']],
  ['std.echo x=-1', 'std.echo', {}, ['x=-1: only plain digits can be written inline, Mistral would silently drop this; set x under input:']],
  ['std.echo output="a" x', 'std.echo', { output: 'a' }, ['"x" is not a key=value parameter; Mistral would silently drop it']],
  ['std.echo x=', 'std.echo', {}, ['x= has no value; Mistral would silently drop it']],
  ['std.echo output="unterminated', 'std.echo', {}, ['output="unterminated: the quote is not closed; Mistral would silently drop this parameter']],
  ['std.echo output="a" output="b"', 'std.echo', { output: 'b' }, ['parameter "output" is given twice']],
  ['std.echo a=[1] b=[2]', 'std.echo', { a: '[1] b=[2]' }, ['a=[1] b=[2] is not a valid JSON list (unexpected text after the JSON value at offset 4); Mistral would pass it on as text']],
  ['fail(msg="x")', 'fail(msg="x")', {}, ['"fail(msg="x")" contains no space, so Mistral reads all of it as one name and drops the parameters; write it as: fail msg="x"']],
  ['std.echo(output=1)', 'std.echo(output=1)', {}, ['"std.echo(output=1)" contains no space, so Mistral reads all of it as one name and drops the parameters; write it as: std.echo output=1']],
  ['"quoted" x=1', '', {}, ['""quoted" x=1" does not start with a name (letters, digits, "_", "." or an expression)']],
  ['', '', {}, ['is empty; it needs a name']],
];

describe('inline parameters (digest §3.1)', () => {
  it.each(CASES)('%j', (text, name, params, problems) => {
    const r = parseInlineCommand(text);
    expect(r.name).toBe(name);
    expect(toJs(r.params)).toEqual(params);
    expect(r.problems).toEqual(problems);
  });

  it('keeps JSON floats as floats', () => {
    const r = parseInlineCommand('std.echo output=[1.0, 2.5]');
    expect(r.params.get('output')).toEqual([new PyFloat(1), 2.5]);
  });

  it('reads a dynamic name once evaluated, refusing one that is still an expression', () => {
    expect(parseDynamicCommand('std.echo output="x"')).toMatchObject({ name: 'std.echo', problems: [] });
    expect(parseDynamicCommand('<% $.x %>').problems).toEqual(['"<% $.x %>" is still an expression after evaluation; it must yield an action or workflow name']);
  });
});

describe('retry one-liner', () => {
  it('reads count, delay and conditions', () => {
    expect(parseRetryOneLiner('count=3 delay=5 break-on=<% $.x > 1 %>')).toEqual({
      retry: { count: 3, delay: 5, breakOn: '<% $.x > 1 %>', continueOn: null, backoff: 'fixed', maxDelay: null, jitter: null },
      problems: [],
    });
    expect(parseRetryOneLiner('count=<% $.n %> delay=0 continue-on=<% $.again %> backoff="exponential" max-delay=60').retry).toEqual({
      count: '<% $.n %>', delay: 0, breakOn: null, continueOn: '<% $.again %>', backoff: 'exponential', maxDelay: 60, jitter: null,
    });
  });

  it.each([
    ['count=3', ['retry "count=3" has no space, so Mistral reads no parameters from it; write key=value pairs separated by spaces', 'retry needs count (both count and delay are required)', 'retry needs delay (both count and delay are required)']],
    ['count=3 delay="soon"', ['retry delay must be a non-negative integer or an expression, not "soon"']],
    ['count=3 delay=1 break-on="yes"', ['retry break-on must be an expression such as <% … %>, not "yes"']],
    ['count=3 delay=1 tries=2', ['retry has an unknown key "tries" (allowed: count, delay, break-on, continue-on, backoff, max-delay, jitter)']],
  ])('%j is refused', (text, problems) => {
    expect(parseRetryOneLiner(text)).toEqual({ retry: null, problems });
  });
});
