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
    expect((caught as ExpressionError).reason).toMatch(reason);
  });
}

describe('Jinja filters', () => {
  describe('defaults and sequences', () => {
    check([
      ["'' | default('x')", '""'],
      ["'' | default('x', true)", '"x"'],
      ["_.nothing | default('x')", 'null'],
      ["_.nothing | d('x', true)", '"x"'],
      ["_.empty | first | default('none')", '"none"'],
      ['_.empty | first is defined', 'false'],
      ["'ab' | list", '["a", "b"]'],
      ['_.vm | list', '["name", "flavor", "tags", "ram"]'],
      ['_.vm | length', '4'],
      ["'héllo' | count", '5'],
      ["_.servers | map(attribute='missing', default='x') | list", '["x", "x", "x"]'],
      ["_.servers | map(attribute='name') | map('upper') | list", '["S1", "S2", "S3"]'],
      ["[[1, 2], [3, 4]] | map(attribute='1') | list", '[2, 4]'],
      ["_.servers | selectattr('missing', 'defined') | list", '[]'],
      ["_.servers | rejectattr('status', 'eq', 'ACTIVE') | map(attribute='name') | list", '["s2"]'],
      ["[1, 2, 3, 4] | select('>', 2) | list", '[3, 4]'],
      ["[1, 2, 3, 4] | reject('even') | list", '[1, 3]'],
      ["[1, 2, 3] | select('in', [1, 2]) | list", '[1, 2]'],
      ["[0, 1, '', none, 'a'] | select | list", '[1, "a"]'],
      ['_.nothing | map("upper") | list', '[]'],
      ["_.servers | sort(attribute='status,name') | map(attribute='name') | list", '["s1", "s3", "s2"]'],
      ["['B', 'a', 'C'] | sort", '["a", "B", "C"]'],
      ["['B', 'a', 'C'] | sort(case_sensitive=true)", '["B", "C", "a"]'],
      ['[3, 1, 2] | sort(reverse=true)', '[3, 2, 1]'],
      ["['a', 'A', 'b'] | unique | list", '["a", "b"]'],
      ["['a', 'A', 'b'] | unique(case_sensitive=true) | list", '["a", "A", "b"]'],
      ['[1, 1.0, true, 2] | unique | list', '[1, 2]'],
      ["['b', 'A'] | min", '"A"'],
      ["['b', 'A'] | max", '"b"'],
      ["_.servers | max(attribute='ram') | attr('get') is callable", 'true'],
      ["(_.servers | min(attribute='ram')).name", '"s1"'],
      ['[1, 2.5] | sum', '3.5'],
      ['[[1], [2]] | sum(start=[])', '[1, 2]'],
      ["{'b': 1, 'a': 2} | dictsort(by='value', reverse=true)", '[["a", 2], ["b", 1]]'],
      ["{'b': 1, 'A': 2} | dictsort", '[["A", 2], ["b", 1]]'],
      ["_.servers | groupby('status') | map(attribute='list') | map('length') | list", '[2, 1]'],
      ["[1, 2, 3] | batch(2, 'x') | list", '[[1, 2], [3, "x"]]'],
      ['[1, 2, 3, 4, 5] | slice(3, 0) | list', '[[1, 2], [3, 4], [5, 0]]'],
      ["'abc' | reverse", '"cba"'],
      ['[1, 2, 3] | reverse | list', '[3, 2, 1]'],
      ["_.vm | attr('name') is defined", 'false'],
      ['_.missing | items | list', '[]'],
    ]);
    fails([
      ["_.servers | map(attribute='missing') | list", /has no attribute 'missing'/],
      ["_.servers | selectattr('missing') | list", /has no attribute 'missing'/],
      ['[1, "a"] | sort', /'<' not supported between instances of 'str' and 'int'/],
      ['[[1], [1]] | unique | list', /unhashable type: 'list'/],
      ['5 | length', /object of type 'int' has no len\(\)/],
      ['[1] | items', /Can only get item pairs from a mapping/],
      ['[1] | batch(0)', /at least 1/],
      ["[1] | select('nosuchtest') | list", /No test named 'nosuchtest'/],
      ['_.vm | nosuchfilter', /No filter named 'nosuchfilter'/],
      ["_.vm | json_dump", /Mistral function, not a filter/],
      ['_.vm | dictsort(by="x")', /sort by either "key" or "value"/],
    ]);
  });

  describe('numbers', () => {
    check([
      ["'3.9' | int", '3'],
      ["'0x1f' | int(base=16)", '31'],
      ["'0x1f' | int", '0'],
      ["'abc' | int(5)", '5'],
      ['_.nothing | int', '0'],
      ['true | int', '1'],
      ["'1_000' | int", '1000'],
      ["' 42 ' | int", '42'],
      ["'1e3' | int", '1000'],
      ['-3.99 | int', '-3'],
      ["'nan' | int", '0'],
      ["'1.5' | float", '1.5'],
      ["'x' | float", '0.0'],
      ['3 | float', '3.0'],
      ["'x' | float(1)", '1'],
      ["' -inf ' | float < 0", 'true'],
      ['2.5 | round', '2.0'],
      ['3.5 | round', '4.0'],
      ['2.567 | round(2)', '2.57'],
      ['2.675 | round(2)', '2.67'],
      ["2.1 | round(method='ceil')", '3.0'],
      ["2.9 | round(method='floor')", '2.0'],
      ['7 | round', '7'],
      ['1234 | round(-2)', '1200'],
      ['1250 | round(-2)', '1200'],
      ['1350 | round(-2)', '1400'],
      ['-3 | abs', '3'],
      ['-2.5 | abs', '2.5'],
      ['1 | filesizeformat', '"1 Byte"'],
      ['999 | filesizeformat', '"999 Bytes"'],
      ['1000 | filesizeformat', '"1.0 kB"'],
      ['1024 | filesizeformat(true)', '"1.0 KiB"'],
      ['1500000000 | filesizeformat', '"1.5 GB"'],
    ]);
    fails([
      ["'inf' | int", /cannot convert float infinity to integer/],
      ["'x' | round", /type str doesn't define __round__ method/],
      ["1 | round(method='up')", /method must be common, ceil or floor/],
      ["'x' | abs", /bad operand type for abs\(\)/],
    ]);
  });

  describe('strings', () => {
    check([
      ['42 | upper', '"42"'],
      ["'hello world' | capitalize", '"Hello world"'],
      ["'hello-world (x)' | title", '"Hello-World (X)"'],
      ["'hello' | replace('l', 'L', 1)", '"heLlo"'],
      ["'  x ' | trim", '"x"'],
      ["'xxhixx' | trim('x')", '"hi"'],
      ["'foo bar baz qux' | truncate(9)", '"foo..."'],
      ["'foo bar baz qux' | truncate(9, true)", '"foo ba..."'],
      ["'foo bar baz qux' | truncate(11, false, '!', 0)", '"foo bar!"'],
      ["'foo bar' | truncate(5)", '"foo bar"'],
      ["'a\\nb\\n\\nc' | indent(2)", '"a\\n  b\\n\\n  c"'],
      ["'a\\nb\\n\\nc' | indent(2, blank=true)", '"a\\n  b\\n  \\n  c"'],
      ["'a\\nb' | indent('> ', first=true)", '"> a\\n> b"'],
      ["'Hello, world! x_y' | wordcount", '3'],
      ["'ab' | center(7)", '"   ab  "'],
      ["'a&b c' | urlencode", '"a%26b%20c"'],
      ["{'k': 'v w', 'n': 1} | urlencode", '"k=v+w&n=1"'],
      ["[['a', 1]] | urlencode", '"a=1"'],
      ["'é/x' | urlencode", '"%C3%A9/x"'],
      ["'%s - %s' | format('a', 'b')", '"a - b"'],
      ["'%(x)s' | format(x=1)", '"1"'],
      ["'%s' | format([1, 2])", '"[1, 2]"'],
      ["{'b': [1, 'é', '<'], 'a': none} | tojson", '"{\\"a\\": null, \\"b\\": [1, \\"\\\\u00e9\\", \\"\\\\u003c\\"]}"'],
      ["{'a': 1} | tojson(2)", '"{\\n  \\"a\\": 1\\n}"'],
      ["'<b>x</b> &amp; <!-- c -->  y' | striptags", '"x & y"'],
      ["'<a href=\"x\">' | e", '"&lt;a href=&#34;x&#34;&gt;"'],
      ['none | string', '"None"'],
      ['[1, "a"] | string', '"[1, \'a\']"'],
    ]);
    fails([["'%s %s' | format(1, x=2)", /positional and keyword arguments at the same time/]]);
  });

  it('groupby tuples expose grouper and list and unpack in loops', () => {
    expect(renderJinja("{% for g in _.servers | groupby('status') %}{{ g.grouper }}:{{ g.list | map(attribute='name') | join(',') }} {% endfor %}")).toBe(
      'ACTIVE:s1,s3 ERROR:s2 ',
    );
    expect(renderJinja("{% for status, items in _.servers | groupby('status') %}{{ status }}={{ items | length }} {% endfor %}")).toBe(
      'ACTIVE=2 ERROR=1 ',
    );
  });
});

describe('Jinja tests', () => {
  check([
    ["'abc' is lower", 'true'],
    ["'ABC' is upper", 'true'],
    ['[1] is sequence', 'true'],
    ["'x' is sequence", 'true'],
    ['1 is sequence', 'false'],
    ['_.vm is iterable', 'true'],
    ['1 is iterable', 'false'],
    ['true is boolean', 'true'],
    ['1 is boolean', 'false'],
    ['1 is integer', 'true'],
    ['true is integer', 'false'],
    ['1.0 is float', 'true'],
    ['1 is float', 'false'],
    ['true is number', 'true'],
    ['1.5 is number', 'true'],
    ["'1' is number", 'false'],
    ['1 is true', 'false'],
    ['true is true', 'true'],
    ['false is false', 'true'],
    ['2 is eq 2', 'true'],
    ["2 is equalto(2.0)", 'true'],
    ['2 is ne 3', 'true'],
    ['3 is gt 2', 'true'],
    ['3 is ge 3', 'true'],
    ['2 is lt 3', 'true'],
    ['2 is le 2', 'true'],
    ['2 is in [1, 2]', 'true'],
    ["'b' is in 'abc'", 'true'],
    ['3 is odd', 'true'],
    ['4 is even', 'true'],
    ['9 is divisibleby 3', 'true'],
    ['9 is not divisibleby(2)', 'true'],
    ['none is sameas none', 'true'],
    ['1 is sameas 1', 'true'],
    ['[] is sameas []', 'false'],
    ['range is callable', 'true'],
    ['_.vm.get is callable', 'true'],
    ["'upper' is filter", 'true'],
    ["'nope' is filter", 'false'],
    ["'odd' is test", 'true'],
    ["'x' is escaped", 'false'],
    ['_.missing is undefined', 'true'],
    ['_.missing is none', 'false'],
    ['_.missing is string', 'false'],
    ['_.vm.missing is not defined', 'true'],
  ]);
  fails([
    ['_.missing is odd', /'missing'/],
    ['_.missing.x is defined', /has no attribute 'missing'/],
    ['1 is nosuchtest', /No test named 'nosuchtest'/],
  ]);
});
