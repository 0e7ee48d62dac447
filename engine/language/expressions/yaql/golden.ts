/**
 * Conformance vectors for YAQL, as data. `GOLDEN` is yaql-subset.md §4.1 (results produced by
 * Mistral 15 with yaql 2.0.0), one row per alternative; the other tables are the spec's error
 * vectors and its operator, keyword-string and number facts. Results are JSON text so that float-ness
 * (`2.0`) and key order are part of the expectation.
 */

/** The §4 context every vector is evaluated against. */
export const CONTEXT_JSON = `{"vm": {"name": "web-1", "flavor": "m1.small", "tags": ["a", "b"], "ram": 2048},
 "servers": [{"name": "s1", "status": "ACTIVE", "ram": 512},
             {"name": "s2", "status": "ERROR",  "ram": 1024},
             {"name": "s3", "status": "ACTIVE", "ram": 2048}],
 "nums": [3, 1, 2], "msg": "Hello, World", "count": 7, "empty": [], "nothing": null,
 "flag": true, "csv": "x,y,z"}`;

export interface ResultCase {
  readonly expression: string;
  /** The expected value as JSON text (`2.0` is a float, `2` an int). */
  readonly json: string;
}

export interface ErrorCase {
  readonly expression: string;
  readonly code: 'syntax' | 'evaluation' | 'limit';
  /** The exact reason, when the spec or yaql fixes it. */
  readonly reason?: string;
  readonly offset?: number;
}

export const GOLDEN: readonly (ResultCase & { readonly id: string })[] = [
  { id: '1', expression: '$.vm.name', json: '"web-1"' },
  { id: '2', expression: '$.vm.tags[0]', json: '"a"' },
  { id: '3', expression: '$.nums[-1]', json: '2' },
  { id: '4', expression: '$.servers.name', json: '["s1", "s2", "s3"]' },
  { id: '5', expression: '$.servers[1].status', json: '"ERROR"' },
  { id: '6', expression: "$.servers.where($.status = 'ACTIVE').name", json: '["s1", "s3"]' },
  { id: '7', expression: '$.servers.select($.ram * 2)', json: '[1024, 2048, 4096]' },
  { id: '8', expression: '$.servers.where($.ram > 600).len()', json: '2' },
  { id: '9', expression: 'len($.servers)', json: '3' },
  { id: '10', expression: '$.nums.orderBy($)', json: '[1, 2, 3]' },
  { id: '11', expression: '$.nums.orderByDescending($)', json: '[3, 2, 1]' },
  { id: '12a', expression: '$.nums.sum()', json: '6' },
  { id: '12b', expression: '$.nums.max()', json: '3' },
  { id: '12c', expression: '$.nums.min()', json: '1' },
  { id: '13', expression: '$.servers.toDict($.name, $.status)', json: '{"s1": "ACTIVE", "s2": "ERROR", "s3": "ACTIVE"}' },
  { id: '14', expression: '$.servers.first().name', json: '"s1"' },
  { id: '15', expression: '$.empty.first(null)', json: 'null' },
  { id: '16', expression: "$.servers.any($.status = 'ERROR')", json: 'true' },
  { id: '17', expression: '$.servers.all($.ram >= 512)', json: 'true' },
  { id: '18', expression: '2 in $.nums', json: 'true' },
  { id: '19', expression: '$.nums + [4, 5]', json: '[3, 1, 2, 4, 5]' },
  { id: '20', expression: '{a => 1} + {b => 2}', json: '{"a": 1, "b": 2}' },
  { id: '21', expression: 'dict(a => 1, b => [1, 2])', json: '{"a": 1, "b": [1, 2]}' },
  { id: '22', expression: '$.msg.toUpper()', json: '"HELLO, WORLD"' },
  { id: '23', expression: "$.csv.split(',')", json: '["x", "y", "z"]' },
  { id: '24a', expression: "$.vm.tags.join(', ')", json: '"a, b"' },
  { id: '24b', expression: "', '.join($.vm.tags)", json: '"a, b"' },
  { id: '25', expression: "$.msg.replace('World', 'Mistral')", json: '"Hello, Mistral"' },
  { id: '26', expression: '$.msg.substring(0, 5)', json: '"Hello"' },
  { id: '27', expression: "'{0}-{1}'.format($.vm.name, $.count)", json: '"web-1-7"' },
  { id: '28', expression: "str($.count) + '!'", json: '"7!"' },
  { id: '29', expression: "int('42') + 1", json: '43' },
  { id: '30a', expression: '7 / 2', json: '3' },
  { id: '30b', expression: '7 mod 3', json: '1' },
  { id: '31', expression: '2 + 3 * 4', json: '14' },
  { id: '32', expression: 'not $.flag or true', json: 'true' },
  { id: '33', expression: '$.nothing = null', json: 'true' },
  { id: '34', expression: "$.nothing or 'default'", json: '"default"' },
  { id: '35', expression: "coalesce($.nothing, 'fallback')", json: '"fallback"' },
  { id: '36', expression: "switch($.count > 5 => 'big', true => 'small')", json: '"big"' },
  { id: '37', expression: "$.vm.name =~ '^web-[0-9]+$'", json: 'true' },
  { id: '38', expression: 'let(x => 3) -> $x * $x', json: '9' },
  { id: '39', expression: "$.vm.get('disk', 20)", json: '20' },
  { id: '40', expression: '$.vm.set(disk => 40).disk', json: '40' },
  { id: '41', expression: 'range(1, 4).select($ * 10)', json: '[10, 20, 30]' },
  { id: '42', expression: '$.servers.groupBy($.status, $.name)', json: '[["ACTIVE", ["s1", "s3"]], ["ERROR", ["s2"]]]' },
  { id: '43', expression: '[[1, 2], [3]].flatten()', json: '[1, 2, 3]' },
  { id: '44', expression: '$.servers.name.zip($.servers.ram)', json: '[["s1", 512], ["s2", 1024], ["s3", 2048]]' },
  { id: '45', expression: '$.nums.aggregate($1 + $2, 0)', json: '6' },
  { id: '46', expression: 'dict($.servers.select([$.name, $.ram]))', json: '{"s1": 512, "s2": 1024, "s3": 2048}' },
  {
    id: '47',
    expression: '$.vm.mergeWith({ram => 4096, disk => 10})',
    json: '{"name": "web-1", "flavor": "m1.small", "tags": ["a", "b"], "ram": 4096, "disk": 10}',
  },
  { id: '48', expression: '$.vm.delete(tags)', json: '{"name": "web-1", "flavor": "m1.small", "ram": 2048}' },
  { id: '49', expression: "$.servers.select($.name + ':' + $.status).join(';')", json: '"s1:ACTIVE;s2:ERROR;s3:ACTIVE"' },
  { id: '50', expression: `json_parse('{"k": [1, 2]}').k`, json: '[1, 2]' },
  { id: '51a', expression: 'ERROR', json: '"ERROR"' },
  { id: '51b', expression: '[ERROR, OK]', json: '["ERROR", "OK"]' },
  { id: '52a', expression: 'str(null)', json: '"null"' },
  { id: '52b', expression: 'str(true)', json: '"true"' },
  { id: '52c', expression: 'str([1, 2])', json: '"(1, 2)"' },
  { id: '52d', expression: 'str({a => 1})', json: `"{'a': 1}"` },
  { id: '53', expression: "regex('(\\\\d+)').search('abc123def')", json: '"123"' },
  { id: '54', expression: 'round(2.567, 2)', json: '2.57' },
];

/** The spec's "must fail" vectors. */
export const ERROR_VECTORS: readonly ErrorCase[] = [
  { expression: '$.vm.missing', code: 'evaluation', reason: "'missing'", offset: 4 },
  { expression: '$.notthere', code: 'evaluation', reason: "'notthere'" },
  { expression: '$.nothing.name', code: 'evaluation', reason: 'No function "#operator_." matches supplied arguments' },
  { expression: '$.msg[0]', code: 'evaluation', reason: 'No function "#indexer" matches supplied arguments' },
  { expression: '$.vm.name + 1', code: 'evaluation', reason: 'No function "#operator_+" matches supplied arguments' },
  { expression: 'null + 1', code: 'evaluation', reason: 'No function "#operator_+" matches supplied arguments' },
  { expression: '3 > 2 > 1', code: 'evaluation', reason: 'No function "#operator_>" matches supplied arguments' },
  { expression: "$.servers.first($.status = 'ERROR')", code: 'evaluation', reason: "'status'" },
  { expression: '$.empty.isEmpty()', code: 'evaluation', reason: 'No method "isEmpty" for receiver () matches supplied arguments' },
  { expression: '$.count.toString()', code: 'evaluation', reason: 'Unknown method "toString" for receiver 7' },
  { expression: "'%s' % 1", code: 'syntax', reason: "Lexical error: illegal character '%' at position 5", offset: 5 },
];

/** §3.1 precedence and associativity facts. */
export const PRECEDENCE_CASES: readonly ResultCase[] = [
  { expression: '2 + 3 * 4', json: '14' },
  { expression: '(2 + 3) * 4', json: '20' },
  { expression: '2 * 3 + 4', json: '10' },
  { expression: '10 - 2 - 3', json: '5' },
  { expression: '100 / 10 / 5', json: '2' },
  { expression: '-2 * 3', json: '-6' },
  { expression: '-$.count + 1', json: '-6' },
  { expression: '-$.nums[0]', json: '-3' },
  { expression: 'not $.count = 7', json: 'false' },
  { expression: 'not true = false', json: 'true' },
  { expression: 'true or false and false', json: 'true' },
  { expression: '(true or false) and false', json: 'false' },
  { expression: 'not $.flag or true', json: 'true' },
  { expression: '1 + 2 = 3', json: 'true' },
  { expression: '$.count > 5 and $.count < 10', json: 'true' },
  { expression: '2 in $.nums and 9 in $.nums', json: 'false' },
  { expression: '$.nums.len() * 2', json: '6' },
  { expression: "'web' in $.vm.name", json: 'true' },
  { expression: "$.vm.name =~ 'web' and $.vm.name !~ 'db'", json: 'true' },
  { expression: '2 * 3 mod 4', json: '2' },
  { expression: 'let(x => 1) -> let(y => 2) -> $x + $y', json: '3' },
  { expression: 'let(x => 2) -> $x * 10 + 1', json: '21' },
  { expression: '$.nothing?.name', json: 'null' },
  { expression: '$.vm?.name', json: '"web-1"' },
];

export const PRECEDENCE_ERRORS: readonly ErrorCase[] = [
  // `=~` binds tighter than `+`: this is 'ab' + ('c' =~ 'abc').
  { expression: "'ab' + 'c' =~ 'abc'", code: 'evaluation', reason: 'No function "#operator_+" matches supplied arguments' },
  { expression: '1 < 2 < 3', code: 'evaluation', reason: 'No function "#operator_<" matches supplied arguments' },
];

export const UNARY_CASES: readonly ResultCase[] = [
  { expression: '-1', json: '-1' },
  { expression: '-1.5', json: '-1.5' },
  { expression: '-2.0', json: '-2.0' },
  { expression: '- 3', json: '-3' },
  { expression: '-$.count', json: '-7' },
  { expression: '+5', json: '5' },
  { expression: '-(-5)', json: '5' },
  { expression: '--5', json: '5' },
  { expression: '1 - -1', json: '2' },
  { expression: '1--1', json: '2' },
  { expression: '-(2 + 3)', json: '-5' },
  { expression: '2 * -3', json: '-6' },
  { expression: '$.nums[-2]', json: '1' },
];

export const UNARY_ERRORS: readonly ErrorCase[] = [
  { expression: '-null', code: 'evaluation', reason: 'No function "#unary_operator_-" matches supplied arguments' },
  { expression: "-'a'", code: 'evaluation', reason: 'No function "#unary_operator_-" matches supplied arguments' },
  { expression: '-true', code: 'evaluation', reason: 'No function "#unary_operator_-" matches supplied arguments' },
];

export const KEYWORD_CASES: readonly ResultCase[] = [
  { expression: 'ERROR', json: '"ERROR"' },
  { expression: '[ERROR, OK]', json: '["ERROR", "OK"]' },
  { expression: "ERROR = 'ERROR'", json: 'true' },
  { expression: '$.vm.get(name)', json: '"web-1"' },
  { expression: '{a => b}', json: '{"a": "b"}' },
  { expression: '_private', json: '"_private"' },
  { expression: 'snake_case1', json: '"snake_case1"' },
  { expression: '$.servers.where($.status = ACTIVE).len()', json: '2' },
  { expression: 'true', json: 'true' },
  { expression: 'null', json: 'null' },
  { expression: 'modulo', json: '"modulo"' },
  { expression: 'index', json: '"index"' },
];

export const KEYWORD_ERRORS: readonly ErrorCase[] = [
  { expression: '__proto__', code: 'syntax', reason: "Lexical error: illegal character '_' at position 0", offset: 0 },
  { expression: '$.__proto__', code: 'syntax', offset: 2 },
  { expression: '$.constructor', code: 'evaluation', reason: "'constructor'" },
  { expression: "$.vm['__proto__']", code: 'evaluation', reason: "'__proto__'" },
  { expression: 'constructor()', code: 'evaluation', reason: 'Unknown function "constructor"' },
  { expression: '$.vm.toString()', code: 'evaluation' },
  { expression: 'not(true)', code: 'evaluation', reason: 'Unknown function "not"' },
];

/** int/float behaviour; JSON `2.0` means the result must be a float. */
export const NUMBER_CASES: readonly ResultCase[] = [
  { expression: '7 / 2', json: '3' },
  { expression: '-7 / 2', json: '-4' },
  { expression: '10 / 4', json: '2' },
  { expression: 'float(10) / 4', json: '2.5' },
  { expression: '2.0 * 3', json: '6.0' },
  { expression: '7.0 / 2', json: '3.5' },
  { expression: '6.0 / 2', json: '3.0' },
  { expression: '1 + 1.0', json: '2.0' },
  { expression: '3.0', json: '3.0' },
  { expression: '7 mod 3', json: '1' },
  { expression: '-7 mod 3', json: '2' },
  { expression: '7 mod -3', json: '-2' },
  { expression: '7.5 mod 2', json: '1.5' },
  { expression: '1 = 1.0', json: 'true' },
  { expression: "'1' = 1", json: 'false' },
  { expression: 'int(1.9)', json: '1' },
  { expression: 'int(-1.9)', json: '-1' },
  { expression: 'int(null)', json: '0' },
  { expression: "int(' 42 ')", json: '42' },
  { expression: "float('2')", json: '2.0' },
  { expression: 'float(null)', json: '0.0' },
  { expression: 'str(2.0)', json: '"2.0"' },
  { expression: 'str(0.1 + 0.2)', json: '"0.30000000000000004"' },
  { expression: 'str(1.0 / 3)', json: '"0.3333333333333333"' },
  { expression: 'abs(-2.0)', json: '2.0' },
  { expression: 'abs(-2)', json: '2' },
  { expression: 'round(2.5)', json: '2.0' },
  { expression: 'round(3.5)', json: '4.0' },
  { expression: 'round(0.125, 2)', json: '0.12' },
  { expression: 'round(2.675, 2)', json: '2.67' },
  { expression: 'round(7)', json: '7' },
  { expression: 'round(1250, -2)', json: '1200' },
  { expression: 'pow(2, 10)', json: '1024' },
  { expression: 'pow(2, -1)', json: '0.5' },
  { expression: 'pow(2.0, 2)', json: '4.0' },
  { expression: 'pow(3, 4, 5)', json: '1' },
  { expression: 'sign(-3.5)', json: '-1' },
  { expression: 'max(1, 2.5)', json: '2.5' },
  { expression: '[1, 2.0].sum()', json: '3.0' },
  { expression: '[1.5, 2.5].sum()', json: '4.0' },
  { expression: 'isInteger(2.0)', json: 'false' },
  { expression: 'isNumber(2.0)', json: 'true' },
  { expression: 'isNumber(true)', json: 'false' },
  { expression: '1 < 1.5', json: 'true' },
];

export const NUMBER_ERRORS: readonly ErrorCase[] = [
  { expression: '10 / 0', code: 'evaluation', reason: 'integer division or modulo by zero' },
  { expression: '10.0 / 0', code: 'evaluation', reason: 'float division by zero' },
  { expression: '10 mod 0', code: 'evaluation', reason: 'integer division or modulo by zero' },
  { expression: "int('4.2')", code: 'evaluation', reason: "invalid literal for int() with base 10: '4.2'" },
  { expression: "float('abc')", code: 'evaluation', reason: "could not convert string to float: 'abc'" },
  { expression: 'true + 1', code: 'evaluation', reason: 'No function "#operator_+" matches supplied arguments' },
  { expression: "'a' < 1", code: 'evaluation', reason: 'No function "#operator_<" matches supplied arguments' },
];
