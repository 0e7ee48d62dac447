/**
 * The parts of Python's `str.format()` that Jinja and YAQL share: splitting a template into text
 * and `{fields}`, field numbering, and the format-spec mini-language (parsing, digit grouping, sign
 * and padding). What a field name reaches and how values print stay with each language. Errors go
 * through the caller's `fail`, so each language raises its own error type.
 */

export type Fail = (message: string) => never;

export type TemplatePart = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'field'; readonly field: string };

/**
 * The literal text (with `{{`/`}}` unescaped) and the fields of a template, in order. Lazy, so a
 * caller's error in one field comes before a malformed brace further on, as in Python.
 */
export function* templateParts(template: string, fail: Fail): Generator<TemplatePart, void, undefined> {
  let text = '';
  let i = 0;
  while (i < template.length) {
    const ch = template[i] as string;
    if (ch === '{' && template[i + 1] !== '{') {
      const end = fieldEnd(template, i, fail);
      if (text !== '') yield { kind: 'text', text };
      text = '';
      yield { kind: 'field', field: template.slice(i + 1, end) };
      i = end + 1;
    } else if (ch === '{' || ch === '}') {
      if (ch === '}' && template[i + 1] !== '}') fail("Single '}' encountered in format string");
      text += ch;
      i += 2;
    } else {
      text += ch;
      i++;
    }
  }
  if (text !== '') yield { kind: 'text', text };
}

/** The `}` closing the field opened at `open`; nested braces belong to the field's spec (`{0:{1}}`). */
function fieldEnd(template: string, open: number, fail: Fail): number {
  let depth = 0;
  for (let j = open + 1; j < template.length; j++) {
    const c = template[j];
    if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return j;
      depth--;
    }
  }
  return fail("expected '}' before end of string");
}

/**
 * Maps a field's head (`''` or digits) to a positional index: `{}` counts up, `{0}` names an index,
 * and Python refuses a template that mixes the two.
 */
export function fieldNumbering(fail: Fail): (head: string) => number {
  let next = 0;
  let manual = false;
  return (head) => {
    if (head === '') {
      if (manual) fail('cannot switch from manual field specification to automatic field numbering');
      return next++;
    }
    if (next > 0) fail('cannot switch from automatic field numbering to manual field specification');
    manual = true;
    return Number(head);
  };
}

export interface FormatSpec {
  readonly fill: string;
  /** Undefined when the spec leaves it to the value's type. */
  readonly align: string | undefined;
  readonly explicitAlign: boolean;
  readonly sign: string;
  readonly alternate: boolean;
  readonly zero: boolean;
  readonly width: number;
  readonly grouping: string;
  readonly precision: number | undefined;
  readonly type: string;
}

const SPEC = /^(?:([\s\S])?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/u;
const SPEC_UTF16 = new RegExp(SPEC.source);

/**
 * `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`. Python takes any character as
 * the fill; `unicodeFill: false` reads it as one UTF-16 unit, so a fill outside the BMP makes the
 * spec invalid, which is how YAQL's format() has always behaved.
 */
export function parseFormatSpec(spec: string, fail: Fail, unicodeFill = true): FormatSpec {
  const m = (unicodeFill ? SPEC : SPEC_UTF16).exec(spec);
  if (!m) return fail('Invalid format specifier');
  return {
    fill: m[1] ?? (m[6] && !m[2] ? '0' : ' '),
    align: m[2] ?? (m[6] ? '=' : undefined),
    explicitAlign: m[2] !== undefined,
    sign: m[3] ?? '-',
    alternate: m[5] !== undefined,
    zero: m[6] !== undefined,
    width: m[7] ? Number(m[7]) : 0,
    grouping: m[8] ?? '',
    precision: m[9] !== undefined ? Number(m[9]) : undefined,
    type: m[10] ?? '',
  };
}

/** `1234567` → `1,234,567` (every 3 digits, or 4 for binary, octal and hex). */
export function groupDigits(digits: string, separator: string, size: number): string {
  if (separator === '') return digits;
  const parts: string[] = [];
  for (let end = digits.length; end > 0; end -= size) parts.unshift(digits.slice(Math.max(0, end - size), end));
  return parts.join(separator);
}

export function signPrefix(negative: boolean, sign: string): string {
  if (negative) return '-';
  return sign === '+' ? '+' : sign === ' ' ? ' ' : '';
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Pads `prefix + body` to the spec's width; `=` puts the fill between sign/prefix and digits. */
export function padField(body: string, prefix: string, spec: FormatSpec, defaultAlign: string): string {
  const text = prefix + body;
  // Python counts code points, not UTF-16 units.
  const length = SURROGATE.test(text) ? Array.from(text).length : text.length;
  const missing = spec.width - length;
  if (missing <= 0) return text;
  const fill = spec.fill;
  switch (spec.align ?? defaultAlign) {
    case '<':
      return text + fill.repeat(missing);
    case '^': {
      const left = Math.floor(missing / 2);
      return fill.repeat(left) + text + fill.repeat(missing - left);
    }
    case '=':
      return prefix + fill.repeat(missing) + body;
    default:
      return fill.repeat(missing) + text;
  }
}
