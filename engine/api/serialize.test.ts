import { describe, expect, it } from 'vitest';
import { parseJson } from '../language/values/json.js';
import { bodyField, jsonObjectField, parseWireTime, pickFields, wireTags, wireTime } from './serialize.js';

describe('wire formats', () => {
  it('formats epoch milliseconds as Mistral timestamps in UTC', () => {
    expect(wireTime(Date.UTC(2024, 4, 1, 2, 3, 4, 567))).toBe('2024-05-01 02:03:04');
    expect(wireTime(null)).toBeNull();
  });

  it.each([
    ['2024-01-01', Date.UTC(2024, 0, 1)],
    ['2024-01-01 10:20', Date.UTC(2024, 0, 1, 10, 20)],
    ['2024-01-01 10:20:30', Date.UTC(2024, 0, 1, 10, 20, 30)],
    ['2024-01-01T10:20:30.123456', Date.UTC(2024, 0, 1, 10, 20, 30, 123)],
    ['2024-01-01T10:20:30Z', Date.UTC(2024, 0, 1, 10, 20, 30)],
    ['2024-01-01T12:20:30+02:00', Date.UTC(2024, 0, 1, 10, 20, 30)],
  ])('reads the filter time %s', (text, ms) => {
    expect(parseWireTime(text)).toBe(ms);
  });

  it.each(['yesterday', '2024-02-31', '2024-01-01 25:00', '1700000000'])('refuses the filter time %s', (text) => {
    expect(parseWireTime(text)).toBeUndefined();
  });

  it('keeps floats and key order of JSON-typed fields, given as an object or as a string', () => {
    const body = parseJson('{"variables": {"b": 1.0, "2": [1.50, 3], "a": null}, "text": "{\\"x\\": 2.0, \\"1\\": 1}"}');
    expect(jsonObjectField(bodyField(body, 'variables'), 'variables')).toBe('{"b": 1.0, "2": [1.5, 3], "a": null}');
    expect(jsonObjectField(bodyField(body, 'text'), 'text')).toBe('{"x": 2.0, "1": 1}');
    expect(jsonObjectField(bodyField(body, 'missing'), 'missing')).toBeUndefined();
  });

  it.each([
    ['[1, 2]', 'got a list'],
    ['"[1, 2]"', 'got a JSON string of a non-object'],
    ['"{not json"', 'JSON object or a JSON string of an object: expected a string key'],
    ['3', 'got a number'],
  ])('refuses the JSON-typed value %s', (json, message) => {
    expect(() => jsonObjectField(parseJson(json), 'env')).toThrow(expect.objectContaining({ statusCode: 400, message: expect.stringContaining(message) }));
  });

  it('reads tags and picks requested fields', () => {
    expect(wireTags('["a", "b"]')).toEqual(['a', 'b']);
    expect(pickFields({ id: 1, name: 'x', scope: 'private' }, ['id', 'name'])).toEqual({ id: 1, name: 'x' });
    expect(pickFields({ id: 1 }, undefined)).toEqual({ id: 1 });
  });
});
