/**
 * Exact decimal arithmetic on doubles, for Python's float formatting and `round()`. Python rounds
 * the exact binary value half-to-even (`round(0.125, 2)` = 0.12, `'%.2f' % 2.675` = 2.67);
 * JavaScript's toFixed rounds exact ties up, so we round the exact expansion ourselves.
 */

/** A finite double as `digits × 10^exponent` exactly (digits without leading zeros, or "0"). */
interface Exact {
  readonly negative: boolean;
  readonly digits: string;
  readonly exponent: number;
}

function exact(x: number): Exact {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & 0xfffffffffffffn;
  if (biased !== 0) mantissa |= 1n << 52n;
  const e2 = (biased === 0 ? 1 : biased) - 1075;
  if (mantissa === 0n) return { negative, digits: '0', exponent: 0 };
  if (e2 >= 0) return { negative, digits: (mantissa << BigInt(e2)).toString(), exponent: 0 };
  return { negative, digits: (mantissa * 5n ** BigInt(-e2)).toString(), exponent: e2 };
}

/** Keeps `keep` leading digits of `digits`, rounding the rest half-to-even. May return keep+1 digits. */
function roundDigits(digits: string, keep: number): string {
  if (keep >= digits.length) return digits + '0'.repeat(keep - digits.length);
  if (keep < 0) return '0';
  const head = digits.slice(0, keep);
  const first = digits[keep] as string;
  const rest = digits.slice(keep + 1);
  const lastKept = keep > 0 ? Number(head[keep - 1]) : 0;
  const up = first > '5' || (first === '5' && (/[1-9]/.test(rest) || lastKept % 2 === 1));
  if (!up) return head === '' ? '0' : head;
  return (BigInt(head === '' ? '0' : head) + 1n).toString();
}

/**
 * The value rounded to `places` decimal places (negative: to tens, hundreds…), as an integer count
 * of 10^-places units.
 */
function scaled(x: number, places: number): { negative: boolean; units: bigint } {
  const e = exact(x);
  // value = digits × 10^exponent; units of 10^-places → keep digits down to that position.
  const keep = e.digits.length + e.exponent + places;
  const rounded = keep >= e.digits.length ? e.digits + '0'.repeat(keep - e.digits.length) : roundDigits(e.digits, keep);
  return { negative: e.negative, units: BigInt(rounded) };
}

/** Python `round(x, places)` for a finite float. */
export function roundFloat(x: number, places: number): number {
  if (!Number.isFinite(x) || places > 330) return x;
  const { negative, units } = scaled(x, places);
  const text = places >= 0 ? `${units}e-${places}` : `${units}e${-places}`;
  const n = Number(text);
  return negative ? -n : n;
}

/** `format(x, '.Nf')` digits, without sign. */
export function fixedDigits(x: number, places: number): string {
  const { units } = scaled(Math.abs(x), places);
  if (places <= 0) return units.toString();
  const s = units.toString().padStart(places + 1, '0');
  return `${s.slice(0, -places)}.${s.slice(-places)}`;
}

/** Mantissa digits and decimal exponent of |x| rounded to `significant` digits. */
export function significantDigits(x: number, significant: number): { digits: string; exponent: number } {
  const e = exact(Math.abs(x));
  if (e.digits === '0') return { digits: '0'.repeat(significant), exponent: 0 };
  let digits = roundDigits(e.digits, significant);
  let exponent = e.digits.length - 1 + e.exponent;
  if (digits.length > significant) {
    digits = digits.slice(0, significant);
    exponent++;
  }
  return { digits, exponent };
}

/** `format(x, '.Ne')` without sign: `d.ddde+XX`. */
export function exponentDigits(x: number, precision: number, upper = false): string {
  const { digits, exponent } = significantDigits(x, precision + 1);
  const mantissa = precision > 0 ? `${digits[0]}.${digits.slice(1)}` : (digits[0] as string);
  const sign = exponent < 0 ? '-' : '+';
  return `${mantissa}${upper ? 'E' : 'e'}${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** `format(x, '.Ng')` without sign; `keepZeros` is the `#` flag. */
export function generalDigits(x: number, precision: number, upper = false, keepZeros = false): string {
  const p = precision === 0 ? 1 : precision;
  const { exponent } = significantDigits(x, p);
  let text = exponent >= -4 && exponent < p ? fixedDigits(x, p - 1 - exponent) : exponentDigits(x, p - 1, upper);
  if (!keepZeros) text = text.replace(/(\.\d*?)0+(?=$|[eE])/, '$1').replace(/\.(?=$|[eE])/, '');
  return text;
}
