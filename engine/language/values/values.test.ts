import { describe, expect, it } from 'vitest';
import { pyCompare, pyEquals } from './compare.js';
import { dumpJson, JsonSyntaxError, parseJson } from './json.js';
import { formatFloat, pyRepr, pyStr } from './python-format.js';
import { PyFloat, fromJs, isFloat, isInt, makeFloat, truthy, typeName, type Value } from './value.js';

describe('python formatting', () => {
  it.each([
    [3, '3.0'],
    [0.1, '0.1'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1e16, '1e+16'],
    [123456789012345.6, '123456789012345.6'],
    [-2.5, '-2.5'],
    [Infinity, 'inf'],
    [NaN, 'nan'],
  ])('formats float %s as %s', (n, text) => {
    expect(formatFloat(n)).toBe(text);
  });

  it('prints interpolation values like Python str()', () => {
    expect(pyStr(true)).toBe('True');
    expect(pyStr(null)).toBe('None');
    expect(pyStr([3, 1, 2])).toBe('[3, 1, 2]');
    expect(pyStr(fromJs({ name: 'web-1', tags: ['a', 'b'], ram: 2048 }))).toBe("{'name': 'web-1', 'tags': ['a', 'b'], 'ram': 2048}");
    expect(pyStr(new PyFloat(6))).toBe('6.0');
    expect(pyStr('plain')).toBe('plain');
  });

  it('quotes strings like Python repr', () => {
    expect(pyRepr("it's")).toBe('"it\'s"');
    expect(pyRepr('say "hi"')).toBe("'say \"hi\"'");
    expect(pyRepr('both \' and "')).toBe("'both \\' and \"'");
    expect(pyRepr('a\nb')).toBe("'a\\nb'");
  });

  it('renders lists as tuples for YAQL str()', () => {
    expect(pyStr([1, 2], { listsAsTuples: true })).toBe('(1, 2)');
    expect(pyStr([1], { listsAsTuples: true })).toBe('(1,)');
  });
});

describe('value kinds', () => {
  it('keeps int and float apart', () => {
    expect(isInt(3)).toBe(true);
    expect(isFloat(makeFloat(3))).toBe(true);
    expect(isFloat(2.5)).toBe(true);
    expect(typeName(makeFloat(3))).toBe('float');
    expect(typeName(fromJs({}))).toBe('dict');
  });

  it('follows Python truthiness', () => {
    const falsy: Value[] = [null, false, 0, new PyFloat(0), '', [], new Map()];
    for (const v of falsy) expect(truthy(v)).toBe(false);
    expect(truthy(fromJs({ a: 1 }))).toBe(true);
  });
});

describe('equality and ordering', () => {
  it('compares like Python', () => {
    expect(pyEquals(1, new PyFloat(1))).toBe(true);
    expect(pyEquals('1', 1)).toBe(false);
    expect(pyEquals(fromJs({ a: 1, b: 2 }), fromJs({ b: 2, a: 1 }))).toBe(true);
    expect(pyEquals([1, [2]], [1, [2]])).toBe(true);
    expect(pyCompare('a', 'b')).toBeLessThan(0);
    expect(pyCompare([1, 2], [1, 3])).toBeLessThan(0);
    expect(pyCompare('a', 1)).toBeUndefined();
  });
});

describe('json codec', () => {
  it('keeps key order, including integer-like keys', () => {
    const v = parseJson('{"b": 1, "2": 2, "a": 3}');
    expect([...(v as Map<string, Value>).keys()]).toEqual(['b', '2', 'a']);
    expect(dumpJson(v)).toBe('{"b": 1, "2": 2, "a": 3}');
  });

  it('keeps floats as floats', () => {
    const v = parseJson('[3.0, 3, 1e2, 0.5]') as Value[];
    expect(v[0]).toBeInstanceOf(PyFloat);
    expect(v[1]).toBe(3);
    expect(v[2]).toBeInstanceOf(PyFloat);
    expect(dumpJson(v)).toBe('[3.0, 3, 100.0, 0.5]');
  });

  it('dumps like json.dumps with indent and sorted keys', () => {
    expect(dumpJson(['a', 'b'], { indent: 4 })).toBe('[\n    "a",\n    "b"\n]');
    expect(dumpJson(fromJs({ name: 'x', flavor: 'y' }), { sortKeys: true })).toBe('{"flavor": "y", "name": "x"}');
    expect(dumpJson('é', { ensureAscii: true })).toBe('"\\u00e9"');
  });

  it('reports syntax errors with an offset', () => {
    expect(() => parseJson('{"a": }')).toThrow(JsonSyntaxError);
    try {
      parseJson('[1, 2');
    } catch (e) {
      expect((e as JsonSyntaxError).offset).toBe(5);
    }
  });

  it('round-trips unicode escapes and nesting', () => {
    const text = '{"s": "a\\u00e9\\n", "l": [{"x": null}, true, false]}';
    expect(dumpJson(parseJson(text))).toBe('{"s": "aé\\n", "l": [{"x": null}, true, false]}');
  });
});
