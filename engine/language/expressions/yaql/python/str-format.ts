/**
 * Python's `str.format` for YAQL's `format()`: `{}`/`{0}`/`{name}` fields with `.attr`/`[key]`,
 * `!r`/`!s` conversions and the format-spec mini-language. Values print as Python would see them
 * inside yaql (lists are tuples).
 */
import { pyRepr, pyStr } from '../../../values/python-format.js';
import { formatExponent, formatFixed, formatGeneral } from '../../../values/python/float-format.js';
import { fieldNumbering, groupDigits, padField, parseFormatSpec, signPrefix, templateParts, type FormatSpec } from '../../../values/python/str-format.js';
import { PyFloat, isList, isMap, toMapKey, type Value } from '../../../values/value.js';
import { fail } from '../errors.js';
import { pyTypeName } from '../functions/util.js';
import { DateTime } from '../values/date-time.js';
import { strftime } from './strftime.js';

const TUPLES = { listsAsTuples: true } as const;

export function pyFormat(template: string, args: readonly Value[], kwargs: ReadonlyMap<string, Value>): string {
  const positionOf = fieldNumbering(fail);
  const field = (text: string): string => {
    const m = /^([^.[!:]*)((?:\.[^.[!:]+|\[[^\]]*\])*)(?:!([rsa]))?(?::([\s\S]*))?$/.exec(text);
    if (!m) fail(`invalid format field {${text}}`);
    const name = m[1] as string;
    let value: Value;
    if (name === '' || /^\d+$/.test(name)) {
      value = positional(args, positionOf(name));
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
  let out = '';
  for (const part of templateParts(template, fail)) out += part.kind === 'text' ? part.text : field(part.field);
  return out;
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

function formatValue(value: Value, specText: string): string {
  if (specText === '') return pyStr(value, TUPLES);
  if (value instanceof DateTime) return strftime(value, specText);
  const spec = parseFormatSpec(specText, fail, false);
  if (typeof value === 'string') {
    if (spec.type !== '' && spec.type !== 's') fail(`Unknown format code '${spec.type}' for object of type 'str'`);
    const text = spec.precision !== undefined ? Array.from(value).slice(0, spec.precision).join('') : value;
    return padField(text, '', spec, '<');
  }
  const n = typeof value === 'boolean' ? Number(value) : typeof value === 'number' ? value : value instanceof PyFloat ? value.value : undefined;
  if (n === undefined) fail(`unsupported format string passed to ${pyTypeName(value)}.__format__`);
  const isInt = (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'boolean';
  return isInt && 'bcdoxXn'.includes(spec.type) ? formatInt(n, spec) : formatFloatSpec(n, spec, isInt);
}

function formatInt(n: number, spec: FormatSpec): string {
  if (spec.precision !== undefined) fail('Precision not allowed in integer format specifier');
  const abs = Math.abs(n);
  let digits: string;
  let prefix = '';
  switch (spec.type) {
    case 'b': digits = abs.toString(2); prefix = '0b'; break;
    case 'o': digits = abs.toString(8); prefix = '0o'; break;
    case 'x': digits = abs.toString(16); prefix = '0x'; break;
    case 'X': digits = abs.toString(16).toUpperCase(); prefix = '0X'; break;
    case 'c': return padField(String.fromCodePoint(n), '', spec, '<');
    default: digits = String(abs); break;
  }
  digits = groupDigits(digits, spec.grouping, spec.type === 'b' || spec.type === 'o' || spec.type.toLowerCase() === 'x' ? 4 : 3);
  return padField(digits, signPrefix(n < 0, spec.sign) + (spec.alternate ? prefix : ''), spec, '>');
}

function formatFloatSpec(n: number, spec: FormatSpec, fromInt: boolean): string {
  const negative = n < 0 || Object.is(n, -0);
  const abs = Math.abs(n);
  let body: string;
  if (!Number.isFinite(n)) {
    body = Number.isNaN(n) ? 'nan' : 'inf';
    if (spec.type === 'F' || spec.type === 'E' || spec.type === 'G') body = body.toUpperCase();
  } else {
    const p = spec.precision;
    switch (spec.type) {
      case 'f': case 'F': body = formatFixed(abs, p ?? 6); break;
      case 'e': case 'E': body = formatExponent(abs, p ?? 6, spec.type === 'E'); break;
      case 'g': case 'G': case 'n': body = formatGeneral(abs, p ?? 6, spec.type === 'G', spec.alternate); break;
      case '%': body = `${formatFixed(abs * 100, p ?? 6)}%`; break;
      default:
        if (fromInt) body = String(abs);
        else if (p === undefined) body = pyRepr(abs);
        else {
          body = formatGeneral(abs, p, false, spec.alternate);
          if (!/[.e]/.test(body)) body += '.0';
        }
    }
    if (spec.grouping !== '') {
      const whole = /^\d*/.exec(body)?.[0] ?? '';
      body = groupDigits(whole, spec.grouping, 3) + body.slice(whole.length);
    }
  }
  return padField(body, signPrefix(negative && !Number.isNaN(n), spec.sign), spec, '>');
}
