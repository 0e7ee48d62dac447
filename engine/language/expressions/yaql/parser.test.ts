import { describe, expect, test } from 'vitest';
import { pyRepr } from '../../values/python-format.js';
import type { Argument, Node } from './ast.js';
import { YaqlSyntaxError } from './errors.js';
import { compileYaql } from './index.js';
import { parseYaql } from './parser.js';
import { catchError } from './test-support.js';

/** A compact, fully parenthesised rendering of the tree, to assert grouping. */
function show(node: Node): string {
  const args = (list: readonly Argument[]): string =>
    list.map((a) => (a.kind === 'positional' ? show(a.value) : a.kind === 'skipped' ? '_' : `${show(a.key)} => ${show(a.value)}`)).join(', ');
  switch (node.type) {
    case 'literal':
      return pyRepr(node.value);
    case 'keyword':
      return node.name;
    case 'variable':
      return `$${node.name}`;
    case 'list':
      return `[${args(node.args)}]`;
    case 'map':
      return `{${args(node.args)}}`;
    case 'call':
      return `${node.name}(${args(node.args)})`;
    case 'member':
      return `(${show(node.object)}${node.nullSafe ? '?.' : '.'}${node.name})`;
    case 'method':
      return `(${show(node.receiver)}${node.nullSafe ? '?.' : '.'}${node.name}(${args(node.args)}))`;
    case 'invalid-member':
      return `(${show(node.object)}.<invalid>)`;
    case 'index':
      return `(${show(node.object)}[${args(node.args)}])`;
    case 'unary':
      return `(${node.operator} ${show(node.operand)})`;
    case 'binary':
    case 'logical':
      return `(${show(node.left)} ${node.operator} ${show(node.right)})`;
    case 'chain':
      return `(${show(node.left)} -> ${show(node.right)})`;
  }
}

function syntaxError(source: string): YaqlSyntaxError {
  try {
    parseYaql(source);
  } catch (e) {
    if (e instanceof YaqlSyntaxError) return e;
    throw e;
  }
  throw new Error(`${source} parsed`);
}

describe('parser', () => {
  test.each([
    ['2 + 3 * 4', '(2 + (3 * 4))'],
    ['-2 * 3', '((- 2) * 3)'],
    ['-$.count + 1', '((- ($1.count)) + 1)'],
    ['-$.nums[0]', '(- (($1.nums)[0]))'],
    ['not $.count = 7', '(not (($1.count) = 7))'],
    ['not a and b', '((not a) and b)'],
    ['a = not b', '(a = (not b))'],
    ['true or false and false', '(True or (False and False))'],
    ['a - b - c', '((a - b) - c)'],
    ['a -> b -> c', '(a -> (b -> c))'],
    ['let(x => 3) -> $x * $x', '(let(x => 3) -> ($x * $x))'],
    ["$.a =~ 'x' + 'y'", "((($1.a) =~ 'x') + 'y')"],
    ['a * b mod c / d', '(((a * b) mod c) / d)'],
    ['a in b = c', '((a in b) = c)'],
    ['$.a?.b.c()', '((($1.a)?.b).c())'],
    ['$.d[k, 1]', '(($1.d)[k, 1])'],
    ['f(1,,3)', 'f(1, _, 3)'],
    ['f(,2)', 'f(_, 2)'],
    ['f(1, a => 2, b => 3)', 'f(1, a => 2, b => 3)'],
    ['{a => 1, $.k => [1, 2]}', '{a => 1, ($1.k) => [1, 2]}'],
    ['[]', '[]'],
    ['$', '$1'],
    ['$2', '$2'],
    ["$.'x'", '($1.<invalid>)'],
    ['(1)', '1'],
    ['x [0]', '(x[0])'],
  ])('parses %s as %s', (source, tree) => {
    expect(show(parseYaql(source))).toBe(tree);
  });

  test('the precedence table matches yaql-subset §3.1 row for row', async () => {
    const { PRECEDENCE } = await import('./parser.js');
    expect(PRECEDENCE.map((level) => level.operators.join(' '))).toEqual([
      '. ?.',
      '[',
      '+ -',
      '=~ !~',
      '* / mod',
      '+ -',
      '> < >= <= != = in',
      'not',
      'and',
      'or',
      '->',
    ]);
  });

  test.each([
    ['$.a +', 'Parse error: unexpected end of statement', 5],
    ['', 'Parse error: unexpected end of statement', 0],
    ['f(1,)', "Parse error: unexpected ')' at position 4 of expression 'f(1,)'", 4],
    ['f(a => 1, 2)', "Parse error: unexpected '2' at position 10 of expression 'f(a => 1, 2)'", 10],
    ['len ($x)', "Parse error: unexpected '(' at position 4 of expression 'len ($x)'", 4],
    ['a b', "Parse error: unexpected 'b' at position 2 of expression 'a b'", 2],
    ['1 2.5', "Parse error: unexpected '2.5' at position 2 of expression '1 2.5'", 2],
    ['(1', 'Parse error: unexpected end of statement', 2],
    ['a == b', "Parse error: unexpected '=' at position 3 of expression 'a == b'", 3],
    ['[1, 2', 'Parse error: unexpected end of statement', 5],
    ['true true', "Parse error: unexpected 'True' at position 5 of expression 'true true'", 5],
    ['$.a.', 'Parse error: unexpected end of statement', 4],
  ])('rejects %s', (source, reason, offset) => {
    const error = syntaxError(source);
    expect(error.reason).toBe(reason);
    expect(error.offset).toBe(offset);
  });

  test('rejects nesting deep enough to threaten the stack', () => {
    expect(syntaxError('('.repeat(5000) + '1' + ')'.repeat(5000)).reason).toBe('Parse error: expression is nested too deeply');
    expect(() => parseYaql('('.repeat(200) + '1' + ')'.repeat(200))).not.toThrow();
  });

  test('compileYaql reports syntax errors as ExpressionErrors with the offset', () => {
    const error = catchError(() => compileYaql('$.a + )'));
    expect(error.code).toBe('syntax');
    expect(error.language).toBe('yaql');
    expect(error.expression).toBe('$.a + )');
    expect(error.offset).toBe(6);
    expect(error.message).toBe("Invalid YAQL expression [expression=$.a + ), error=Parse error: unexpected ')' at position 6 of expression '$.a + )']");
  });
});
