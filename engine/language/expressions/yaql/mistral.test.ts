import { describe, expect, test } from 'vitest';
import { staticHost } from '../host.js';
import { parseJson } from '../../values/json.js';
import { fromJs, type Value } from '../../values/value.js';
import { catchError, expectSameValue, run } from './test-support.js';

const host = staticHost({
  env: new Map([['region', 'RegionOne']]),
  execution: fromJs({ id: 'ex-1', name: 'wf', input: { n: 1 } }) as ReadonlyMap<string, Value>,
  tasks: new Map<string, Value>([['t1', fromJs({ id: 'task-1', name: 't1', state: 'SUCCESS', result: { id: 42 } })]]),
});
const ok = (expression: string, json: string): void => expectSameValue(run(expression, { host }), parseJson(json));

describe('Mistral functions', () => {
  test('env() returns the environment', () => {
    ok('env()', '{"region": "RegionOne"}');
    ok('env().region', '"RegionOne"');
  });

  test('execution() returns the current execution', () => {
    ok('execution().id', '"ex-1"');
    ok('execution().input.n', '1');
  });

  test('task() takes a keyword string as its name', () => {
    ok('task(t1).result.id', '42');
    ok("task('t1').state", '"SUCCESS"');
    ok('task(unknown)', 'null');
    ok('task()', 'null');
    ok('tasks().name', '["t1"]');
    ok('tasks(state => ERROR).len()', '1');
  });

  test('json_parse keeps floats and key order', () => {
    ok(`json_parse('{"b": 1.0, "a": [1, 2]}')`, '{"b": 1.0, "a": [1, 2]}');
    ok(`json_parse('{"k": [1, 2]}').k`, '[1, 2]');
  });

  test('json_dump and json_pp indent by four spaces', () => {
    expect(run('json_dump($.vm.tags)')).toBe('[\n    "a",\n    "b"\n]');
    expect(run('json_pp({a => 1})')).toBe('{\n    "a": 1\n}');
  });

  test('yaml_dump and yaml_parse', () => {
    expect(run('yaml_dump({a => 1})')).toBe('a: 1\n');
    ok("yaml_parse('a: [1, 2.0]')", '{"a": [1, 2.0]}');
  });

  test('uuid() returns a fresh UUID', () => {
    expect(run('uuid()')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(run('uuid() = uuid()')).toBe(false);
  });

  test('global() asks the host', () => {
    ok('global(x)', 'null');
  });

  test.each([
    ['json_parse(1)', 'json_parse() expects a string, got int'],
    ['env(1)', 'env() takes at most 0 arguments (1 given)'],
    ['task(name => 1)', "task() got an unexpected keyword argument 'name'"],
    ["'{}'.json_parse()", 'Unknown method "json_parse" for receiver {}'],
  ])('%s fails as an evaluation error', (expression, reason) => {
    const error = catchError(() => run(expression, { host }));
    expect(error.code).toBe('evaluation');
    expect(error.reason).toBe(reason);
  });

  test('an invalid JSON text fails with the parser message', () => {
    expect(catchError(() => run("json_parse('{')")).reason).toMatch(/^json_parse\(\): /);
  });

  test('a host failure becomes an evaluation error that keeps its cause', () => {
    const failing = { ...staticHost(), env: (): Value => { throw new Error('db down'); } };
    const error = catchError(() => run('env()', { host: failing }));
    expect(error.code).toBe('evaluation');
    expect(error.reason).toBe('db down');
    expect((error.cause as Error).message).toBe('db down');
  });
});
