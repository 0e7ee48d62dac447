/**
 * Python's `str.format` for YAQL's `format()`: `{}`/`{0}`/`{name}` fields with `.attr`/`[key]`,
 * `!r`/`!s` conversions and the format-spec mini-language. Values print as Python would see them
 * inside yaql (lists are tuples).
 */
import { pyRepr, pyStr } from '../../../values/python-format.js';
import { PyFloat, isList, isMap, toMapKey, type Value } from '../../../values/value.js';
import { fail } from '../errors.js';
import { DateTime } from '../values/date-time.js';
import { exponentDigits, fixedDigits, generalDigits } from './decimal.js';
import { strftime } from './strftime.js';

const TUPLES = { listsAsTuples: true } as const;

export function pyFormat(template: string, args: readonly Value[], kwargs: ReadonlyMap<string, Value>): string {
  let out = '';
  let auto = 0;
  let manual = false;
  let i = 0;
  const field = (text: string): string => {
    const m = /^([^.[!:]*)((?:\.[^.[!:]+|\[[^\]]*\])*)(?:!([rsa]))?(?::([\s\S]*))?$/.exec(text);
    if (!m) fail(`invalid format field {${text}}`);
    const name = m[1] as string;
    let value: Value;
    if (name === '') {
      if (manual) fail('cannot switch from manual field specification to automatic field numbering');
      value = positional(args, auto++);
    } else if (/^\d+$/.test(name)) {
      if (auto > 0) fail('cannot switch from automatic field numbering to manual field specification');
      manual = true;
      value = positional(args, Number(name));
    } else {
      const v = kwargs.get(name);
      if (v === undefined) fail(pyRepr(name));
      value = v;
    }
    for (const access of (m[2] as string).match(/\.[^.[]+|\[[^\]]*\]/g) ?? []) value = lookup(value, access);
    const conversion = m[3];
    if (conversion === 'r' || conversion === 'a') value = pyRepr(value, TUPLES);
    else if (conversion === 's') value = pyStr(value, TUPLES);
    // A spec may itself contain fields: `{0:{1}}`.
    const spec = (m[4] ?? '').replace(/\{([^{}]*)\}/g, (_, inner: string) => field(inner));
    return formatValue(value, spec);
  };
  while (i < template.length) {
    const ch = template[i] as string;
    if (ch === '{') {
      if (template[i + 1] === '{') {
        out += '{';
        i += 2;
        continue;
      }
      const end = closingBrace(template, i);
      out += field(template.slice(i + 1, end));
      i = end + 1;
    } else if (ch === '}') {
      if (template[i + 1] !== '}') fail("Single '}' encountered in format string");
      out += '}';
      i += 2;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

function closingBrace(template: string, open: number): number {
  let depth = 0;
  for (let j = open; j < template.length; j++) {
    if (template[j] === '{') depth++;
    else if (template[j] === '}' && --depth === 0) return j;
  }
  return fail("expected '}' before end of string");
}

function positional(args: readonly Value[], index: number): Value {
  if (index >= args.length) fail(`Replacement index ${index} out of range for positional args tuple`);
  return args[index] as Value;
}

function lookup(value: Value, access: string): Value {
  if (access.startsWith('.')) fail(`'${pyTypeName(value)}' object has no attribute '${access.slice(1)}'`);
  const key = access.slice(1, -1);
  if (isList(value)) {
    if (!/^\d+$/.test(key)) fail('tuple indices must be integers or slices, not str');
    const item = value[Number(key)];
    if (item === undefined) fail('tuple index out of range');
    return item;
  }
  if (isMap(value)) {
    const k = /^\d+$/.test(key) ? Number(key) : key;
    const item = value.get(toMapKey(k) ?? key);
    if (item === undefined) fail(pyRepr(k));
    return item;
  }
  return fail(`'${pyTypeName(value)}' object is not subscriptable`);
}

function pyTypeName(v: Value): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (v instanceof PyFloat) return 'float';
  if (typeof v === 'string') return 'str';
  if (isList(v)) return 'tuple';
  if (isMap(v)) return 'dict';
  return v.typeName;
}

interface Spec {
  fill: string;
  align: string;
  sign: string;
  alternate: boolean;
  zero: boolean;
  width: number;
  grouping: string;
  precision: number | undefined;
  type: string;
}

function parseSpec(spec: string): Spec {
  const m = /^(?:([\s\S])?([<>=^]))?([+\- ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/.exec(spec);
  if (!m) fail('Invalid format specifier');
  return {
    fill: m[1] ?? (m[6] && !m[2] ? '0' : ' '),
    align: m[2] ?? (m[6] ? '=' : ''),
    sign: m[3] ?? '-',
    alternate: m[5] !== undefined,
    zero: m[6] !== undefined,
    width: m[7] !== undefined ? Number(m[7]) : 0,
    grouping: m[8] ?? '',
    precision: m[9] !== undefined ? Number(m[9]) : undefined,
    type: m[10] ?? '',
  };
}

function formatValue(value: Value, specText: string): string {
  if (specText === '') return pyStr(value, TUPLES);
  if (value instanceof DateTime) return strftime(value, specText);
  const spec = parseSpec(specText);
  if (typeof value === 'string') {
    if (spec.type !== '' && spec.type !== 's') fail(`Unknown format code '${spec.type}' for object of type 'str'`);
    const text = spec.precision !== undefined ? Array.from(value).slice(0, spec.precision).join('') : value;
    return pad(text, '', spec, '<');
  }
  const n = typeof value === 'boolean' ? Number(value) : typeof value === 'number' ? value : value instanceof PyFloat ? value.value : undefined;
  if (n === undefined) fail(`unsupported format string passed to ${pyTypeName(value)}.__format__`);
  const isInt = (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'boolean';
  return isInt && 'bcdoxXn'.includes(spec.type) ? formatInt(n, spec) : formatFloatSpec(n, spec, isInt);
}

function formatInt(n: number, spec: Spec): string {
  if (spec.precision !== undefined) fail('Precision not allowed in integer format specifier');
  const abs = Math.abs(n);
  let digits: string;
  let prefix = '';
  switch (spec.type) {
    case 'b': digits = abs.toString(2); prefix = '0b'; break;
    case 'o': digits = abs.toString(8); prefix = '0o'; break;
    case 'x': digits = abs.toString(16); prefix = '0x'; break;
    case 'X': digits = abs.toString(16).toUpperCase(); prefix = '0X'; break;
    case 'c': return pad(String.fromCodePoint(n), '', spec, '<');
    default: digits = String(abs); break;
  }
  digits = group(digits, spec.grouping, spec.type === 'b' || spec.type === 'o' || spec.type.toLowerCase() === 'x' ? 4 : 3);
  return pad(digits, signOf(n < 0, spec) + (spec.alternate ? prefix : ''), spec, '>');
}

function formatFloatSpec(n: number, spec: Spec, fromInt: boolean): string {
  const negative = n < 0 || Object.is(n, -0);
  const abs = Math.abs(n);
  let body: string;
  if (!Number.isFinite(n)) {
    body = Number.isNaN(n) ? 'nan' : 'inf';
    if (spec.type === 'F' || spec.type === 'E' || spec.type === 'G') body = body.toUpperCase();
  } else {
    const p = spec.precision;
    switch (spec.type) {
      case 'f': case 'F': body = fixedDigits(abs, p ?? 6); break;
      case 'e': case 'E': body = exponentDigits(abs, p ?? 6, spec.type === 'E'); break;
      case 'g': case 'G': case 'n': body = generalDigits(abs, p ?? 6, spec.type === 'G', spec.alternate); break;
      case '%': body = `${fixedDigits(abs * 100, p ?? 6)}%`; break;
      default:
        if (fromInt) body = String(abs);
        else if (p === undefined) body = pyRepr(abs);
        else {
          body = generalDigits(abs, p, false, spec.alternate);
          if (!/[.e]/.test(body)) body += '.0';
        }
    }
    if (spec.grouping !== '') {
      const whole = /^\d*/.exec(body)?.[0] ?? '';
      body = group(whole, spec.grouping, 3) + body.slice(whole.length);
    }
  }
  return pad(body, signOf(negative && !Number.isNaN(n), spec), spec, '>');
}

function signOf(negative: boolean, spec: Spec): string {
  if (negative) return '-';
  return spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : '';
}

function group(digits: string, separator: string, size: number): string {
  if (separator === '') return digits;
  const parts: string[] = [];
  for (let end = digits.length; end > 0; end -= size) parts.unshift(digits.slice(Math.max(0, end - size), end));
  return parts.join(separator);
}

function pad(body: string, prefix: string, spec: Spec, defaultAlign: string): string {
  const length = Array.from(prefix + body).length;
  const missing = spec.width - length;
  if (missing <= 0) return prefix + body;
  const fill = spec.fill.repeat(missing);
  switch (spec.align || defaultAlign) {
    case '<': return prefix + body + fill;
    case '^': {
      const left = Math.floor(missing / 2);
      return spec.fill.repeat(left) + prefix + body + spec.fill.repeat(missing - left);
    }
    case '=': return prefix + fill + body;
    default: return fill + prefix + body;
  }
}
