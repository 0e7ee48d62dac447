import { describe, expect, it } from 'vitest';
import { parseJson } from '../../values/json.js';
import { pyRepr } from '../../values/python-format.js';
import { ExpressionError } from '../errors.js';
import { evalJinja, renderJinja, sameValue } from './test-support.js';

/** yaql-subset.md §7.1, one row per expression; `expected` is the JSON result, or null for an error. */
const GOLDEN: readonly (readonly [string, string | null])[] = [
  ['_.vm.name', '"web-1"'],
  ['_.vm.missing', null],
  ["_.vm.missing | default('d')", '"d"'],
  ['_.vm.missing is defined', 'false'],
  ['_.nothing', 'null'],
  ['_.nothing is none', 'true'],
  ['_.nums | sort', '[1, 2, 3]'],
  ['_.nums | length', '3'],
  ['_.nums | sum', '6'],
  ['_.nums | max', '3'],
  ['_.nums | first', '3'],
  ['_.nums | last', '2'],
  ["_.servers | map(attribute='name') | list", '["s1", "s2", "s3"]'],
  ["_.servers | selectattr('status', 'equalto', 'ACTIVE') | map(attribute='name') | list", '["s1", "s3"]'],
  ["_.servers | selectattr('ram', 'gt', 600) | map(attribute='name') | list", '["s2", "s3"]'],
  ["_.servers | sum(attribute='ram')", '3584'],
  ["_.vm.tags | join(',')", '"a,b"'],
  ["_.vm.name ~ '-' ~ _.vm.ram", '"web-1-2048"'],
  ["'%s-%d' % (_.vm.name, _.count)", '"web-1-7"'],
  ['_.count is number', 'true'],
  ['_.vm is mapping', 'true'],
  ['7 / 2', '3.5'],
  ['7 // 2', '3'],
  ['2 ** 3', '8'],
  ['[1, 2] + [3]', '[1, 2, 3]'],
  ["_.vm.get('disk', 20)", '20'],
  ['_.vm | dictsort', '[["flavor","m1.small"],["name","web-1"],["ram",2048],["tags",["a","b"]]]'],
  ['_.vm | tojson', '"{\\"flavor\\": \\"m1.small\\", \\"name\\": \\"web-1\\", \\"ram\\": 2048, \\"tags\\": [\\"a\\", \\"b\\"]}"'],
  ['json_dump(_.vm.tags)', '"[\\n    \\"a\\",\\n    \\"b\\"\\n]"'],
  ['_.nums | unique | list', '[3, 1, 2]'],
  ["_.nums | select('odd') | list", '[3, 1]'],
  ["_.servers | groupby('status') | map(attribute='grouper') | list", '["ACTIVE", "ERROR"]'],
  ["'42' | int + 1", '43'],
  ['_.nums[1:]', '[1, 2]'],
  ['_.msg[0:5]', '"Hello"'],
  ['_.vm.name.upper()', '"WEB-1"'],
  ["_.vm.name.startswith('web')", 'true'],
  ["'1' == 1", 'false'],
  ['1 == 1.0', 'true'],
  ['env().region', '"RegionOne"'],
  ['null', null],
  ["_.msg | regex_replace('o','0')", null],
  ['\'{"a":1}\' | json_parse', null],
];

describe('Jinja golden examples (yaql-subset §7.1)', () => {
  it.each(GOLDEN.filter(([, r]) => r !== null))('{{ %s }} → %s', (expression, expected) => {
    const actual = evalJinja(` ${expression} `);
    const want = parseJson(expected as string);
    expect(sameValue(actual, want), `got ${pyRepr(actual)}`).toBe(true);
  });

  it.each(GOLDEN.filter(([, r]) => r === null))('{{ %s }} fails', (expression) => {
    let caught: unknown;
    try {
      evalJinja(` ${expression} `);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ExpressionError);
    expect((caught as ExpressionError).code).toBe('evaluation');
    expect((caught as ExpressionError).language).toBe('jinja');
  });

  it('reports the undefined attribute the way Jinja does', () => {
    expect(() => evalJinja('_.vm.missing')).toThrow("'dict object' has no attribute 'missing'");
    expect(() => evalJinja('null')).toThrow("'null' is undefined");
    expect(() => evalJinja("'x' | json_parse")).toThrow(/Mistral function, not a filter/);
  });

  it('renders the for-loop row as a template', () => {
    expect(renderJinja('{% for s in _.servers %}{{ s.name }};{% endfor %}')).toBe('s1;s2;s3;');
  });
});
