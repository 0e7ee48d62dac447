import { describe, expect, it } from 'vitest';
import { parseJson } from '../../values/json.js';
import type { Value, ValueMap } from '../../values/value.js';
import { ExpressionError } from '../errors.js';
import { staticHost, type EvaluationContext, type MistralHost } from '../host.js';
import { compileJinjaExpression, compileJinjaTemplate } from './index.js';

const task = parseJson('{"id": "t-1", "name": "create_vm", "state": "SUCCESS", "result": [{"len": 5}, {"len": 3}]}');
const ctx: EvaluationContext = {
  data: parseJson('{"s": "{\\"a\\": [1, 2.0]}"}'),
  host: staticHost({
    env: parseJson('{"region": "RegionOne"}') as ValueMap,
    execution: parseJson('{"id": "ex-1", "input": {"x": 1}}') as ValueMap,
    tasks: new Map<string, Value>([['create_vm', task]]),
  }),
};

const run = (expression: string): Value => compileJinjaExpression(expression).evaluate(ctx);

describe('Mistral functions as Jinja globals', () => {
  it('answers from the host, with positional and keyword arguments', () => {
    expect(run("task('create_vm').state")).toBe('SUCCESS');
    expect(run("task(task_name='create_vm').id")).toBe('t-1');
    expect(run("task('create_vm').result | map(attribute='len') | list")).toEqual([5, 3]);
    expect(run("tasks(state='ERROR') | length")).toBe(1);
    expect(run('execution().input.x')).toBe(1);
    expect(run('env().region')).toBe('RegionOne');
    expect(run("global('x')")).toBe(null);
    expect(run('uuid() | length')).toBe(36);
  });

  it('parses and dumps JSON and YAML', () => {
    expect(run('json_parse(_.s).a')).toEqual([1, expect.anything()]);
    expect(run("json_dump({'a': [1, 2]})")).toBe('{\n    "a": [\n        1,\n        2\n    ]\n}');
    expect(run("yaml_dump({'a': 1})")).toBe('a: 1\n');
    expect(run("yaml_parse('a: [1, 2]').a")).toEqual([1, 2]);
    expect(compileJinjaTemplate('{{ json_pp([1]) }}').render(ctx)).toBe('[\n    1\n]');
  });

  it('turns bad calls into evaluation errors', () => {
    expect(() => run('task(1)')).toThrow(/task\(\) expects a string, got int/);
    expect(() => run("tasks(bogus='x')")).toThrow(/unexpected keyword argument 'bogus'/);
    expect(() => run("json_parse('{')")).toThrow(ExpressionError);
    expect(() => run('json_dump(_.missing)')).toThrow(/has no attribute 'missing'/);
    expect(() => run("'x' | yaml_parse")).toThrow(/Mistral function, not a filter/);
  });

  it('lets host failures through unchanged so the runtime can retry them', () => {
    const outage = new Error('database is locked');
    const host: MistralHost = { ...ctx.host, task: () => { throw outage; } };
    expect(() => compileJinjaExpression("task('x')").evaluate({ ...ctx, host })).toThrow(outage);
  });
});
