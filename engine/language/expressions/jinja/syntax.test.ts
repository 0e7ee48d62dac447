import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../errors.js';
import { compileJinjaExpression, compileJinjaTemplate } from './index.js';

function syntaxError(compile: () => unknown): ExpressionError {
  try {
    compile();
  } catch (e) {
    expect(e).toBeInstanceOf(ExpressionError);
    return e as ExpressionError;
  }
  throw new Error('expected a syntax error');
}

describe('Jinja syntax errors', () => {
  it.each([
    ['_.a +', 5, /unexpected end of expression/],
    ['_.a )', 4, /unexpected '\)'/],
    ['(1, 2', 5, /expected '\)'/],
    ['[1, 2)', 5, /unexpected '\)', expected '\]'/],
    ['1 2', 2, /unexpected 'integer' after the expression/],
    ["'abc", 0, /unterminated string/],
    ['a $ b', 2, /unexpected char "\$"/],
    ['a }} b', 2, /unexpected 'end of print statement'/],
    ['x | ', 4, /expected token 'name'|unexpected end/],
    ['f(a=1, 2)', 1, /invalid syntax for function call expression/],
    ['x is y is z', 7, /You cannot chain multiple tests with is/],
    ['a.', 2, /expected name or number/],
    ['', 0, /unexpected end of expression/],
  ])('expression %j fails at offset %i', (source, offset, reason) => {
    const e = syntaxError(() => compileJinjaExpression(source));
    expect(e.code).toBe('syntax');
    expect(e.language).toBe('jinja');
    expect(e.expression).toBe(source);
    expect(e.reason).toMatch(reason);
    expect(e.offset).toBe(offset);
    expect(e.message).toMatch(/^Invalid Jinja expression \[expression=/);
  });

  it.each([
    ['ab {{ x + }}', 10, /unexpected 'end of print statement'/],
    ['{% for x in y %}{{ x }}', 23, /Unexpected end of template. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'./],
    ['{{ 1 }}{% foo %}', 10, /Encountered unknown tag 'foo'/],
    ['{{ 1 }}{% endif %}', 10, /Encountered unknown tag 'endif'/],
    ['{% if x %}{{ 1 }}{% endfor %}', 20, /unknown tag 'endfor'. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'/],
    ['{% for x in y %}{% if x %}{{ 1 }}{% endfor %}', 36, /You probably made a nesting mistake.*currently looking for 'elif' or 'else' or 'endif'/],
    ['{{ 1 }}{# open', 7, /Missing end of comment tag/],
    ['{{ 1 }}{% raw %}x', 7, /Missing end of raw directive/],
    ['{{ 1 }}{% macro m() %}{% endmacro %}', 10, /'macro' tag is not supported/],
    ['{{ 1 }}{% set 1 = 2 %}', 14, /can't assign to 'const'/],
    ['{{ 1 }}{% for x in y recursive %}{% endfor %}', 21, /recursive loops are not supported/],
    ['{{ {"a": 1} }', 12, /unexpected '\}'/],
  ])('template %j fails at offset %i', (source, offset, reason) => {
    const e = syntaxError(() => compileJinjaTemplate(source));
    expect(e.code).toBe('syntax');
    expect(e.reason).toMatch(reason);
    expect(e.offset).toBe(offset);
  });

  it('refuses absurd nesting at compile time', () => {
    const deep = '('.repeat(500) + '1' + ')'.repeat(500);
    expect(syntaxError(() => compileJinjaExpression(deep)).reason).toMatch(/nested deeper/);
    const blocks = '{% if true %}'.repeat(150) + '{{ 1 }}' + '{% endif %}'.repeat(150);
    expect(syntaxError(() => compileJinjaTemplate(blocks)).reason).toMatch(/nested deeper/);
  });

  it('accepts what Jinja accepts', () => {
    for (const ok of [
      "{'a': {'b': 1}}",
      'x.0.1',
      'a if b',
      'a if b else c if d else e',
      'not not a',
      '-x | abs',
      'f(*args, **kwargs)',
      'x[1:2:3]',
      'x[::-1]',
      "'a' 'b'",
      'x is divisibleby 3',
      'x is not none and y',
      '1_000 + 0x1f + 0o7 + 0b1 + 1.5e3',
      'a.b(c)[d].e | f(g=h) | i',
    ]) {
      expect(() => compileJinjaExpression(ok), ok).not.toThrow();
    }
  });
});
