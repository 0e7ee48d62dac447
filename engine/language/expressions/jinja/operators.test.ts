import { describe, expect, it } from 'vitest';
import { parseJson } from '../../values/json.js';
import { pyRepr } from '../../values/python-format.js';
import { ExpressionError } from '../errors.js';
import { evalJinja, renderJinja, sameValue } from './test-support.js';

function check(rows: readonly (readonly [string, string])[]): void {
  it.each(rows)('{{ %s }} → %s', (expression, expected) => {
    const actual = evalJinja(expression);
    expect(sameValue(actual, parseJson(expected)), `got ${pyRepr(actual)}`).toBe(true);
  });
}

function fails(rows: readonly (readonly [string, RegExp])[]): void {
  it.each(rows)('{{ %s }} fails', (expression, reason) => {
    let caught: unknown;
    try {
      evalJinja(expression);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ExpressionError);
    expect((caught as ExpressionError).code).toBe('evaluation');
    expect((caught as ExpressionError).reason).toMatch(reason);
  });
}

describe('Jinja operators (Python semantics)', () => {
  check([
    ['7 % 3', '1'],
    ['-7 % 3', '2'],
    ['7 % -3', '-2'],
    ['7.5 % 2', '1.5'],
    ['-7 // 2', '-4'],
    ['7.5 // 2', '3.0'],
    ['10 / 4', '2.5'],
    ['6 / 2', '3.0'],
    ['2 ** 0.5', '1.4142135623730951'],
    ['2 ** 3 ** 2', '64'],
    ['10 ** -2', '0.01'],
    ['2 ** 10', '1024'],
    ['1e308 * 10 > 1e308', 'true'],
    ['true + 1', '2'],
    ['1 + 2.0', '3.0'],
    ['-true', '-1'],
    ['- -3', '3'],
    ["'ab' * 3", '"ababab"'],
    ["3 * 'ab'", '"ababab"'],
    ["'ab' * -1", '""'],
    ['[1] * 3', '[1, 1, 1]'],
    ['(1, 2) + (3,)', '[1, 2, 3]'],
    ["{'a': 1} == {'a': 1}", 'true'],
    ['[1, 2] == (1, 2)', 'false'],
    ['(1, 2) == (1, 2)', 'true'],
    ["'a' < 'b'", 'true'],
    ['[1, 2] < [1, 3]', 'true'],
    ['1 < 2 > 1', 'true'],
    ['1 == true', 'true'],
    ["'b' in _.vm", 'false'],
    ['1 not in [2]', 'true'],
    ['not 0', 'true'],
    ["'' or 0 or none", 'null'],
    ['0 and 1', '0'],
    ["_.vm.name ~ 1.0", '"web-11.0"'],
    ["'ab' ~ none", '"abNone"'],
    ["'a' if _.flag else 'b'", '"a"'],
    ['_.nums[::-1]', '[2, 1, 3]'],
    ['_.nums[-2:]', '[1, 2]'],
    ['_.nums[5:]', '[]'],
    ["'héllo'[1]", '"é"'],
    ["'a😀b'[1]", '"😀"'],
    ["'a😀b' | length", '3'],
    ["'a😀b'[::-1]", '"b😀a"'],
    ["{'a': 1}['a']", '1'],
    ['{1: "x"}[1.0]', '"x"'],
    ['{1: "x"}[true]', '"x"'],
    ['{"a": 1, "a": 2}', '{"a": 2}'],
    ['{"b": 1, "a": 2, "2": 3}', '{"b": 1, "a": 2, "2": 3}'],
    ['_.vm["name"]', '"web-1"'],
    ['_.servers.0.name', '"s1"'],
  ]);
  fails([
    ["'a' + 1", /can only concatenate str \(not "int"\) to str/],
    ['[1] + (2,)', /can only concatenate list \(not "tuple"\) to list/],
    ['none + 1', /unsupported operand type\(s\) for \+: 'NoneType' and 'int'/],
    ['5 // 0', /integer division or modulo by zero/],
    ['5 / 0', /division by zero/],
    ['5.0 % 0', /float modulo/],
    ['0 ** -1', /cannot be raised to a negative power/],
    ['(-8) ** (1/3)', /fractional power/],
    ["'ab' * 1.5", /can't multiply sequence by non-int of type 'float'/],
    ["1 < 'a'", /'<' not supported between instances of 'int' and 'str'/],
    ['none < 1', /'<' not supported between instances of 'NoneType' and 'int'/],
    ["1 in 'abc'", /'in <string>' requires string as left operand, not int/],
    ['1 in 5', /argument of type 'int' is not iterable/],
    ["-'a'", /bad operand type for unary -: 'str'/],
    ["_.nums['x']", /'list object' has no attribute 'x'/],
    ['_.nums[10]', /list object has no element 10/],
    ['_.nothing.name', /'None' has no attribute 'name'/],
    ['_.nums[::0]', /slice step cannot be zero/],
    ["_.nums['a':]", /slice indices must be integers/],
    ['{[1]: 2}', /unhashable type: 'list'/],
    ['_.vm()', /'dict' object is not callable/],
    ['missing()', /'missing' is undefined/],
    ['_.missing + 1', /has no attribute 'missing'/],
    ['_.missing == 1', /has no attribute 'missing'/],
    ['[_.missing]', /has no attribute 'missing'/],
    ['10.0 ** 400', /out of range/],
  ]);
});

describe('string formatting', () => {
  check([
    ["'%.2f' % 2.675", '"2.67"'],
    ["'%.1f' % 0.25", '"0.2"'],
    ["'%.0f' % 0.5", '"0"'],
    ["'%.0f' % 1.5", '"2"'],
    ["'%5.1f|%-5d|%05d|%x|%#o|%X' % (3.14159, 42, -42, 255, 8, 255)", '"  3.1|42   |-0042|ff|0o10|FF"'],
    ["'%e|%g|%g|%g|%g' % (12345.678, 0.0001, 1e-05, 100000.0, 1e6)", '"1.234568e+04|0.0001|1e-05|100000|1e+06"'],
    ["'%+d % d' % (5, 5)", '"+5  5"'],
    ["'%s' % [1, 2]", '"[1, 2]"'],
    ["'%s' % ((1, 2),)", '"(1, 2)"'],
    ["'%r' % 'x'", '"\'x\'"'],
    ["'%(a)s-%(b)d' % {'a': 'x', 'b': 2}", '"x-2"'],
    ["'%d%%' % 50", '"50%"'],
    ["'%.3s' % 'abcdef'", '"abc"'],
    ["'%*d' % (5, 42)", '"   42"'],
    ["'%c' % 65", '"A"'],
    ["'%d' % 3.9", '"3"'],
    ["'%s' % none", '"None"'],
    ["'{} {}'.format(1, 'x')", '"1 x"'],
    ["'{0}{1}{0}'.format('a', 'b')", '"aba"'],
    ["'{:,}'.format(1234567)", '"1,234,567"'],
    ["'{:.2%}'.format(0.5)", '"50.00%"'],
    ["'{:08.3f}'.format(-3.14159)", '"-003.142"'],
    ["'{:^9}|'.format('ab')", '"   ab    |"'],
    ["'{:*>6}'.format('ab')", '"****ab"'],
    ["'{:#x} {:b}'.format(255, 5)", '"0xff 101"'],
    ["'{!r}'.format('a')", '"\'a\'"'],
    ["'{0[name]}/{0.flavor}'.format(_.vm)", '"web-1/m1.small"'],
    ["'{name}-{n:03d}'.format(name='x', n=7)", '"x-007"'],
    ["'{:g}'.format(1e-05)", '"1e-05"'],
    ["'{}'.format(1.0)", '"1.0"'],
    ["'{:.3}'.format(1.0)", '"1.0"'],
    ["'{:.3}'.format(100.0)", '"1e+02"'],
    ["'{:05}'.format(-42)", '"-0042"'],
    ["'{:05}'.format('ab')", '"ab000"'],
    ["'{{x}}'.format()", '"{x}"'],
    ["'{:{w}}|'.format('a', w=3)", '"a  |"'],
    ["'{a}'.format_map({'a': 1})", '"1"'],
  ]);
  fails([
    ["'%s %s' % (1,)", /not enough arguments for format string/],
    ["'%s' % (1, 2)", /not all arguments converted/],
    ["'hello' % 5", /not all arguments converted/],
    ["'%d' % 'x'", /%d format: a real number is required, not str/],
    ["'%x' % 1.5", /%x format: an integer is required, not float/],
    ["'%z' % 1", /unsupported format character 'z'/],
    ["'%' % ()", /incomplete format/],
    ["'%(a)s' % {'b': 1}", /'a'/],
    ["'{}'.format()", /Replacement index 0 out of range/],
    ["'{0}{}'.format(1, 2)", /cannot switch from manual field specification to automatic field numbering/],
    ["'{x}'.format()", /'x'/],
    ["'{'.format()", /expected '}' before end of string/],
    ["'}'.format()", /Single '}' encountered/],
    ["'{:d}'.format('x')", /Unknown format code 'd' for object of type 'str'/],
    ["'{:>5}'.format(none)", /unsupported format string passed to NoneType.__format__/],
  ]);
});

describe('Python methods', () => {
  check([
    ["'a,b,,c'.split(',')", '["a", "b", "", "c"]'],
    ["'a b  c'.split(None, 1)", '["a", "b  c"]'],
    ["'  a b  c  '.split(maxsplit=1)", '["a", "b  c  "]'],
    ["'a,b,c'.rsplit(',', 1)", '["a,b", "c"]'],
    ["'  a b  c  '.rsplit(None, 1)", '["  a b", "c"]'],
    ["'a,b,c'.split(',', 1)", '["a", "b,c"]'],
    ["' x '.strip()", '"x"'],
    ["'xxhixx'.lstrip('x')", '"hixx"'],
    ["'hello world'.title()", '"Hello World"'],
    ["\"they're bill's\".title()", '"They\'Re Bill\'S"'],
    ["'hELLO'.capitalize()", '"Hello"'],
    ["'aBc'.swapcase()", '"AbC"'],
    ["'abcabc'.replace('b', 'B', 1)", '"aBcabc"'],
    ["'abc'.replace('', '-')", '"-a-b-c-"'],
    ["'abcabc'.find('c')", '2'],
    ["'abcabc'.rfind('c')", '5'],
    ["'abc'.find('z')", '-1'],
    ["'abcabc'.find('a', 1)", '3'],
    ["'a😀bc'.find('b')", '2'],
    ["'a-b-c'.partition('-')", '["a", "-", "b-c"]'],
    ["'a-b-c'.rpartition('-')", '["a-b", "-", "c"]'],
    ["'abc'.center(7, '*')", '"**abc**"'],
    ["'ab'.ljust(4, '.')", '"ab.."'],
    ["'42'.zfill(5)", '"00042"'],
    ["'-42'.zfill(5)", '"-0042"'],
    ["'abcb'.count('b')", '2'],
    ["'abc'.endswith(('x', 'c'))", 'true'],
    ["'abc'.startswith('b', 1)", 'true'],
    ["'123'.isdigit()", 'true'],
    ["'ab1'.isalpha()", 'false'],
    ["'Ab'.islower()", 'false'],
    ["'AB1'.isupper()", 'true'],
    ["' \\t'.isspace()", 'true'],
    ["'a\\nb\\r\\nc'.splitlines()", '["a", "b", "c"]'],
    ["'-'.join(['a', 'b'])", '"a-b"'],
    ["'v1.2'.removeprefix('v')", '"1.2"'],
    ["'a\\tb'.expandtabs(4)", '"a   b"'],
    ["_.vm.get('name')", '"web-1"'],
    ["_.vm.get('missing')", 'null'],
    ['_.vm.keys() | list', '["name", "flavor", "tags", "ram"]'],
    ['_.vm.values() | list | length', '4'],
    ['_.vm.items() | list | first', '["name", "web-1"]'],
    ['_.vm.copy()', '{"name": "web-1", "flavor": "m1.small", "tags": ["a", "b"], "ram": 2048}'],
    ['[1, 2, 1].count(1)', '2'],
    ['[1, 2].index(2)', '1'],
    ['(1, 2).index(2)', '1'],
  ]);
  fails([
    ["'abc'.index('z')", /substring not found/],
    ['[1].index(5)', /not in list/],
    ["'-'.join([1])", /sequence item 0: expected str instance, int found/],
    ["'a'.split('')", /empty separator/],
    ["'a'.upper(1)", /takes at most 0 arguments/],
    ["'a'.encode()", /not supported/],
    ["_.vm.get()", /missing required argument 'key'/],
    ["_.vm.get('a', x=1)", /unexpected keyword argument 'x'/],
  ]);

  it('prefers methods over keys for attribute access, like Python', () => {
    const ctx = { data: parseJson('{"d": {"items": [1], "get": 2, "x": 3}}'), host: { task: () => null, tasks: () => [], execution: () => new Map(), executions: () => [], env: () => new Map(), global: () => null } };
    expect(renderJinja('{{ _.d.items }}', ctx)).toBe('<built-in method items of dict object>');
    expect(renderJinja("{{ _.d['items'] }} {{ _.d['get'] }} {{ _.d.x }}", ctx)).toBe('[1] 2 3');
  });
});
