/**
 * Python's `str.format()` and format-spec mini-language, as the sandbox allows it: fields may reach
 * into arguments with `.attr` and `[key]`, resolved through the same safe lookups as expressions.
 */
import { formatExponent, formatFixed, formatGeneral } from '../../values/python/float-format.js';
import { fieldNumbering, groupDigits, padField, parseFormatSpec, signPrefix, templateParts, type FormatSpec } from '../../values/python/str-format.js';
import { PyFloat, type Value } from '../../values/value.js';
import { pyTypeName } from './py-kinds.js';
import { jRepr, jStr } from './py-str.js';
import { PyError, strict, type JArgs, type JValue, type Runtime } from './runtime.js';
import { chars } from './sequences.js';

function pyFail(message: string): never {
  throw new PyError(message);
}

export function strFormat(format: string, args: JArgs, rt: Runtime, depth = 0): string {
  let out = '';
  const positionOf = fieldNumbering(pyFail);
  for (const part of templateParts(format, pyFail)) {
    if (part.kind === 'text') {
      out += part.text;
      continue;
    }
    const { name, conversion, spec } = splitField(part.field);
    const head = /^[^.[]*/.exec(name)?.[0] ?? '';
    let value: JValue;
    if (head === '' || /^\d+$/.test(head)) {
      const index = positionOf(head);
      if (index >= args.positional.length) throw new PyError(`Replacement index ${index} out of range for positional args tuple`);
      value = args.positional[index] as JValue;
    } else {
      if (!args.named.has(head)) throw new PyError(`'${head}'`);
      value = args.named.get(head) as JValue;
    }
    value = walkField(name.slice(head.length), value, rt);
    let v = strict(value);
    if (conversion === 'r' || conversion === 'a') v = jRepr(v);
    else if (conversion === 's') v = jStr(v);
    else if (conversion !== undefined) throw new PyError(`Unknown conversion specifier ${conversion}`);
    const fullSpec = spec.includes('{') && depth < 1 ? strFormatNested(spec, args, rt, depth) : spec;
    out += formatValue(v, fullSpec, rt);
    rt.budget.checkSize(out.length);
  }
  return out;
}

function strFormatNested(spec: string, args: JArgs, rt: Runtime, depth: number): string {
  return strFormat(spec, args, rt, depth + 1);
}

function splitField(field: string): { name: string; conversion: string | undefined; spec: string } {
  let j = 0;
  while (j < field.length && field[j] !== '!' && field[j] !== ':') {
    if (field[j] === '[') j = field.indexOf(']', j) < 0 ? field.length : field.indexOf(']', j);
    j++;
  }
  const name = field.slice(0, j);
  let rest = field.slice(j);
  let conversion: string | undefined;
  if (rest.startsWith('!')) {
    conversion = rest[1] ?? '';
    if (rest.length > 2 && rest[2] !== ':') throw new PyError("expected ':' after conversion specifier");
    rest = rest.slice(2);
  }
  return { name, conversion, spec: rest.startsWith(':') ? rest.slice(1) : '' };
}

function walkField(path: string, value: JValue, rt: Runtime): JValue {
  let rest = path;
  while (rest.length > 0) {
    if (rest.startsWith('.')) {
      const attr = /^\.([^.[]*)/.exec(rest)?.[1] ?? '';
      if (attr === '') throw new PyError('Empty attribute in format string');
      value = rt.getattr(value, attr);
      rest = rest.slice(1 + attr.length);
    } else if (rest.startsWith('[')) {
      const close = rest.indexOf(']');
      if (close < 0) throw new PyError("Missing ']' in format string");
      const key = rest.slice(1, close);
      value = rt.getitem(value, /^\d+$/.test(key) ? Number(key) : key);
      rest = rest.slice(close + 1);
    } else {
      throw new PyError('Only \'.\' or \'[\' may follow \']\' in format field specifier');
    }
  }
  return value;
}

/** Python's `format(value, spec)`. */
export function formatValue(v: Value, spec: string, rt: Runtime): string {
  if (spec === '') return jStr(v);
  const s = parseFormatSpec(spec, pyFail);
  rt.budget.checkSize(s.width);
  rt.budget.checkSize(s.precision ?? 0);
  if (typeof v === 'string') {
    if (s.type !== '' && s.type !== 's') throw new PyError(`Unknown format code '${s.type}' for object of type 'str'`);
    if (s.sign !== '-') throw new PyError('Sign not allowed in string format specifier');
    if (s.align === '=' && s.explicitAlign) throw new PyError("'=' alignment not allowed in string format specifier");
    const text = s.precision !== undefined ? chars(v).slice(0, s.precision).join('') : v;
    // A bare '0' flag pads strings on the right (Python 3.10+).
    return padField(text, '', s.explicitAlign ? s : { ...s, align: '<' }, '<');
  }
  const isInt = typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v));
  const isFloat = v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v));
  if (isInt && !'eEfFgG%'.includes(s.type || 'x')) return formatIntSpec(Number(v), s);
  if (isInt || isFloat) return formatFloatSpec(typeof v === 'number' ? v : v instanceof PyFloat ? v.value : Number(v), s);
  throw new PyError(`unsupported format string passed to ${pyTypeName(v)}.__format__`);
}

function formatIntSpec(n: number, s: FormatSpec): string {
  if (s.precision !== undefined) throw new PyError('Precision not allowed in integer format specifier');
  if (s.type === 'c') return padField(String.fromCodePoint(n), '', s, '>');
  const radix = { b: 2, o: 8, x: 16, X: 16 }[s.type] ?? 10;
  let digits = BigInt(Math.abs(n)).toString(radix);
  if (s.type === 'X') digits = digits.toUpperCase();
  digits = groupDigits(digits, s.grouping, radix === 10 ? 3 : 4);
  const prefix = s.alternate && radix !== 10 ? `0${s.type}` : '';
  return padField(digits, signPrefix(n < 0, s.sign) + prefix, s, '>');
}

function formatFloatSpec(x: number, s: FormatSpec): string {
  const abs = Math.abs(x);
  const upper = s.type === s.type.toUpperCase() && s.type !== '%' && s.type !== '';
  const p = s.precision ?? 6;
  let body: string;
  switch (s.type) {
    case 'f':
    case 'F':
      body = formatFixed(abs, p, upper);
      break;
    case 'e':
    case 'E':
      body = formatExponent(abs, p, upper);
      break;
    case '%':
      body = formatFixed(abs * 100, p) + '%';
      break;
    case '':
      body = s.precision === undefined ? jStr(abs) : formatGeneral(abs, p, false, s.alternate, true);
      break;
    default:
      body = formatGeneral(abs, p, upper, s.alternate);
  }
  if (s.grouping) {
    const [int = '', frac] = body.split(/(?=[.eE%])/, 2);
    body = groupDigits(int, s.grouping, 3) + (frac === undefined ? '' : body.slice(int.length));
  }
  const negative = (x < 0 || Object.is(x, -0)) && !Number.isNaN(x);
  return padField(body, signPrefix(negative, s.sign), s, '>');
}
