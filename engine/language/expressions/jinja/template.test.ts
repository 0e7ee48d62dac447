import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../errors.js';
import { compileJinjaTemplate } from './index.js';
import { renderJinja } from './test-support.js';

describe('Jinja templates', () => {
  it.each([
    ['for loop', '{% for s in _.servers %}{{ s.name }};{% endfor %}', 's1;s2;s3;'],
    [
      'loop variables',
      '{% for x in [1,2,3] %}{{ loop.index }}/{{ loop.length }}{% if not loop.last %},{% endif %}{% endfor %}',
      '1/3,2/3,3/3',
    ],
    ['loop.index0, revindex, first', '{% for x in "ab" %}{{ loop.index0 }}{{ loop.revindex }}{{ loop.first }} {% endfor %}', '02True 11False '],
    ['loop.cycle', "{% for x in [1,2,3] %}{{ loop.cycle('a','b') }}{% endfor %}", 'aba'],
    ['loop previtem / nextitem', '{% for x in [1,2,3] %}{{ loop.previtem is defined }}{% endfor %}', 'FalseTrueTrue'],
    ['for k, v in d.items()', '{% for k, v in _.vm.items() %}{{ k }}={{ v }};{% endfor %}', "name=web-1;flavor=m1.small;tags=['a', 'b'];ram=2048;"],
    ['for over dict keys', '{% for k in _.vm %}{{ k }} {% endfor %}', 'name flavor tags ram '],
    ['for with a filter', '{% for x in [1,2,3,4] if x is even %}{{ loop.index }}:{{ x }} {% endfor %}', '1:2 2:4 '],
    ['for else', '{% for x in _.empty %}a{% else %}empty{% endfor %}{{ "" }}', 'empty'],
    ['nested loops', '{% for a in [1,2] %}{% for b in "xy" %}{{ a }}{{ b }} {% endfor %}{% endfor %}', '1x 1y 2x 2y '],
    ['if / elif / else', '{% if _.count > 10 %}big{% elif _.count > 5 %}mid{% else %}small{% endif %}{{ "" }}', 'mid'],
    ['set', '{% set n = _.nums | length %}{{ n * 2 }}', '6'],
    ['set in a loop does not leak', '{% set x = 1 %}{% for i in [1] %}{% set x = 2 %}{% endfor %}{{ x }}', '1'],
    ['namespace accumulates', '{% set ns = namespace(t=0) %}{% for s in _.servers %}{% set ns.t = ns.t + s.ram %}{% endfor %}{{ ns.t }}', '3584'],
    ['set with tuple unpacking', '{% set a, b = [1, 2] %}{{ b }}{{ a }}', '21'],
    ['set block with filter', '{% set x | upper %}hi {{ 1 }}{% endset %}{{ x }}', 'HI 1'],
    ['with', '{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}', '3'],
    ['filter block', '{% filter upper %}abc{% endfilter %}{{ "" }}', 'ABC'],
    ['raw', '{% raw %}{{ x }}{% endraw %} {{ 1 }}', '{{ x }} 1'],
    ['comments', 'a{# hidden #}b{{ "" }}', 'ab'],
    ['print tag', '{% print 1, 2 %}{{ "" }}', '12'],
    ['tuple print', '{{ 1, 2 }}', '(1, 2)'],
  ])('%s', (_name, template, expected) => {
    expect(renderJinja(template)).toBe(expected);
  });

  it('prints values with Python str()', () => {
    expect(renderJinja("{{ _.nothing }} {{ _.flag }} {{ false }} {{ _.nums }} {{ {'a': 1, 'b': 'x'} }}")).toBe(
      "None True False [3, 1, 2] {'a': 1, 'b': 'x'}",
    );
    expect(renderJinja('{{ 7 / 2 }} {{ 6 / 2 }} {{ 0.1 + 0.2 }} {{ 1e20 }} {{ 1e-5 }}')).toBe('3.5 3.0 0.30000000000000004 1e+20 1e-05');
    expect(renderJinja('{{ (1,) }} {{ _.vm | dictsort | first }} {{ [none, true, "it\'s"] }}')).toBe(
      `(1,) ('flavor', 'm1.small') [None, True, "it's"]`,
    );
    expect(renderJinja('{{ {"a": 1}.items() }} {{ {"a": 1}.keys() }}')).toBe("dict_items([('a', 1)]) dict_keys(['a'])");
    expect(renderJinja('msg={{ _.msg }}')).toBe('msg=Hello, World');
  });

  it('prints the result of map/select as a list', () => {
    expect(renderJinja("{{ _.servers | map(attribute='name') }}")).toBe("['s1', 's2', 's3']");
  });

  describe('whitespace control (trim_blocks + lstrip_blocks)', () => {
    it.each([
      ['trim_blocks drops the newline after a block tag', '{% for s in _.servers %}\n- {{ s.name }}\n{% endfor %}', '- s1\n- s2\n- s3\n'],
      ['lstrip_blocks drops indentation before a block tag', '  {% if true %}\n  x\n  {% endif %}\ndone{{ "" }}', '  x\ndone'],
      ['indentation after text on the same line is kept', '{{ "" }}  {% if true %}x{% endif %}', '  x'],
      ['nested indented blocks', '{{ "" }}{% if true %}\n    {% if true %}x{% endif %}\n{% endif %}', 'x'],
      ['text before a tag on the same line is kept', 'a {% if true %}b{% endif %} c{{ "" }}', 'a b c'],
      ['variables keep their newline', '{{ 1 }}\n{{ 2 }}', '1\n2'],
      ['comments are trimmed too', 'a\n  {# c #}\nb{{ "" }}', 'a\nb'],
      ['{%- and -%} strip all whitespace', 'a  {%- if true -%}  b  {%- endif -%}  c{{ "" }}', 'abc'],
      ['{{- and -}} strip around a variable', 'x {{- " y " -}} z', 'x y z'],
      ['{%+ keeps the indentation', '  {%+ if true %}x{% endif %}{{ "" }}', '  x'],
      ['+%} keeps the newline', '{% if true +%}\nx{% endif %}{{ "" }}', '\nx'],
      ['one trailing newline is dropped', '{{ 1 }}\n', '1'],
      ['only one trailing newline is dropped', '{{ 1 }}\n\n', '1\n'],
      ['CRLF line breaks become \\n', 'a\r\n{{ 1 }}\r\nb', 'a\n1\nb'],
      ['raw keeps its body', '{% raw %}\n  {% x %}\n{% endraw %}\n{{ 1 }}', '\n  {% x %}\n1'],
    ])('%s', (_name, template, expected) => {
      expect(renderJinja(template)).toBe(expected);
    });
  });

  describe('Mistral quirk: statements without any {{ }}', () => {
    it('is refused at compile time with a plain-words reason', () => {
      let caught: unknown;
      try {
        compileJinjaTemplate('{% if true %}x{% endif %}');
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ExpressionError);
      expect((caught as ExpressionError).code).toBe('syntax');
      expect((caught as ExpressionError).reason).toMatch(/no \{\{ \}\} expression/);
      expect((caught as ExpressionError).reason).toMatch(/list index out of range/);
    });

    it('counts only a {{ }} on one line, as Mistral\'s regex does', () => {
      expect(() => compileJinjaTemplate('{% set x = 1 %}{{ x\n}}')).toThrow(ExpressionError);
      expect(compileJinjaTemplate('{% set x = 1 %}{{ x }}').render({ data: null, host: { ...hostStub } })).toBe('1');
    });

    it('plain text renders as is', () => {
      expect(renderJinja('just text')).toBe('just text');
    });
  });

  it('fails on undefined values when printing', () => {
    expect(() => renderJinja('x={{ _.missing }}')).toThrow("'dict object' has no attribute 'missing'");
    expect(() => renderJinja('{% if _.missing %}x{% endif %}{{ 1 }}')).toThrow(ExpressionError);
    expect(renderJinja('{% if _.missing is defined %}x{% else %}y{% endif %}{{ "" }}')).toBe('y');
  });

  it('refuses tuple unpacking of the wrong size', () => {
    expect(() => renderJinja('{% for a, b in [[1, 2], [3]] %}{{ a }}{% endfor %}')).toThrow('not enough values to unpack (expected 2, got 1)');
  });
});

const hostStub = {
  task: () => null,
  tasks: () => [],
  execution: () => new Map(),
  executions: () => [],
  env: () => new Map(),
  global: () => null,
};
