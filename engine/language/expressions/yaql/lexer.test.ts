import { describe, expect, test } from 'vitest';
import { PyFloat } from '../../values/value.js';
import { YaqlSyntaxError } from './errors.js';
import { tokenize } from './lexer.js';
import type { Token } from './tokens.js';

const brief = (t: Token): string => (t.kind === 'end' ? 'end' : `${t.kind}:${String(t.value)}@${t.offset}`);
const lex = (source: string): string[] => tokenize(source).map(brief);

function lexError(source: string): YaqlSyntaxError {
  try {
    tokenize(source);
  } catch (e) {
    if (e instanceof YaqlSyntaxError) return e;
    throw e;
  }
  throw new Error(`${source} lexed without error`);
}

describe('lexer', () => {
  test('records the offset of every token', () => {
    expect(lex('$.vm.name')).toEqual(['variable:@0', 'operator:.@1', 'keyword:vm@2', 'operator:.@4', 'keyword:name@5', 'end']);
  });

  test('tells keyword strings, operator words and constants apart', () => {
    expect(lex('ERROR and not x in y mod z or true')).toEqual([
      'keyword:ERROR@0',
      'operator:and@6',
      'operator:not@10',
      'keyword:x@14',
      'operator:in@16',
      'keyword:y@19',
      'operator:mod@21',
      'keyword:z@25',
      'operator:or@27',
      'constant:true@30',
      'end',
    ]);
  });

  test('makes a name followed directly by ( a function token, whatever the name', () => {
    expect(lex('len($x)')).toEqual(['function:len@0', 'variable:x@4', 'punctuation:)@6', 'end']);
    expect(lex('not(x)')[0]).toBe('function:not@0');
    expect(lex('len ($x)').slice(0, 2)).toEqual(['keyword:len@0', 'punctuation:(@4']);
  });

  test('keeps int and float literals distinct', () => {
    const [i, f, g] = tokenize('12 1.5 2.0');
    expect(i).toMatchObject({ kind: 'number', value: 12 });
    expect(f).toMatchObject({ kind: 'number', value: 1.5 });
    expect(g).toMatchObject({ kind: 'number', value: new PyFloat(2) });
  });

  test('lexes `3.foo()` as a number followed by a method call', () => {
    expect(lex('1.repeat(2)')).toEqual(['number:1@0', 'operator:.@1', 'function:repeat@2', 'number:2@9', 'punctuation:)@10', 'end']);
  });

  test('takes the longest operator', () => {
    expect(lex('a>=b=>c=~d!~e!=f->g?.h')).toEqual([
      'keyword:a@0',
      'operator:>=@1',
      'keyword:b@3',
      'punctuation:=>@4',
      'keyword:c@6',
      'operator:=~@7',
      'keyword:d@9',
      'operator:!~@10',
      'keyword:e@12',
      'operator:!=@13',
      'keyword:f@15',
      'operator:->@16',
      'keyword:g@18',
      'operator:?.@19',
      'keyword:h@21',
      'end',
    ]);
  });

  test.each([
    [`'a\\'b'`, "a'b"],
    [`"a\\"b"`, 'a"b'],
    [`'tab\\there'`, 'tab\there'],
    [`'\\u00e9\\x41\\101'`, 'éAA'],
    [`'\\d+'`, '\\d+'],
    [`'\\\\d+'`, '\\d+'],
    ['`\\d+\\`x`', '\\d+`x'],
    [`'multi\nline'`, 'multi\nline'],
    [`'\u{1F600}'`, '\u{1F600}'],
  ])('decodes the string %s', (source, value) => {
    expect(tokenize(source)[0]).toMatchObject({ kind: 'string', value });
  });

  test('reads Unicode identifiers as keyword strings', () => {
    expect(lex('$.größe')).toEqual(['variable:@0', 'operator:.@1', 'keyword:größe@2', 'end']);
  });

  test.each([
    ["'%s' % 1", 5, "Lexical error: illegal character '%' at position 5"],
    ['__proto__', 0, "Lexical error: illegal character '_' at position 0"],
    ["'unterminated", 0, "Lexical error: illegal character ''' at position 0"],
    ['3mod 2', 0, "Lexical error: illegal character '3' at position 0"],
    ['a ! b', 2, "Lexical error: illegal character '!' at position 2"],
    ['a == b @', 7, "Lexical error: illegal character '@' at position 7"],
  ])('rejects %s at offset %i', (source, offset, reason) => {
    const error = lexError(source);
    expect(error.offset).toBe(offset);
    expect(error.reason).toBe(reason);
  });

  test('rejects a malformed \\x escape', () => {
    expect(lexError("'ab\\xZZ'").offset).toBe(3);
  });
});
