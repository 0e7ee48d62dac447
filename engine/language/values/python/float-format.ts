/**
 * Python's float formatting (`%f`, `%e`, `%g`, `format()`) and `round()`, shared by Jinja and YAQL.
 * Python rounds the exact binary value half-to-even (`round(0.125, 2)` = 0.12, `'%.0f' % 0.5` = 0);
 * JavaScript's toFixed/toExponential are exact too but break ties upwards, so we round the exact
 * decimal expansion ourselves.
 */

interface Exact {
  readonly negative: boolean;
  /** value = digits × 10^exp10, exactly. */
  readonly digits: bigint;
  readonly exp10: number;
}

function exact(x: number): Exact {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const negative = hi >>> 31 === 1;
  const expBits = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2 = -1074;
  if (expBits !== 0) {
    mantissa |= 1n << 52n;
    e2 = expBits - 1075;
  }
  if (e2 >= 0) return { negative, digits: mantissa << BigInt(e2), exp10: 0 };
  // m × 2^-k = m × 5^k × 10^-k
  return { negative, digits: mantissa * 5n ** BigInt(-e2), exp10: e2 };
}

/** round-half-even(|value| × 10^places) as an integer; `places` may be negative (tens, hundreds…). */
function scaled(e: Exact, places: number): bigint {
  const shift = e.exp10 + places;
  if (shift >= 0) return e.digits * 10n ** BigInt(shift);
  const div = 10n ** BigInt(-shift);
  const q = e.digits / div;
  const twice = (e.digits % div) * 2n;
  return twice > div || (twice === div && (q & 1n) === 1n) ? q + 1n : q;
}

function special(x: number, upper: boolean): string | undefined {
  if (Number.isNaN(x)) return upper ? 'NAN' : 'nan';
  if (x === Infinity) return upper ? 'INF' : 'inf';
  if (x === -Infinity) return upper ? '-INF' : '-inf';
  return undefined;
}

/** `'%.{places}f' % x` (places ≥ 0). */
export function formatFixed(x: number, places: number, upper = false): string {
  const s = special(x, upper);
  if (s !== undefined) return s;
  const e = exact(x);
  const digits = scaled(e, places).toString().padStart(places + 1, '0');
  const body = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return (e.negative ? '-' : '') + body;
}

/** Decimal exponent and `significant` rounded digits of |x| (x finite). */
function significantDigits(x: number, significant: number): { digits: string; exponent: number; negative: boolean } {
  const e = exact(x);
  if (e.digits === 0n) return { digits: '0'.repeat(significant), exponent: 0, negative: e.negative };
  let exponent = e.digits.toString().length - 1 + e.exp10;
  let n = scaled(e, significant - 1 - exponent);
  if (n.toString().length > significant) {
    // Rounding carried into a new digit (9.99 → 10.0).
    n /= 10n;
    exponent += 1;
  }
  return { digits: n.toString(), exponent, negative: e.negative };
}

function exponentText(exponent: number, upper: boolean): string {
  const sign = exponent < 0 ? '-' : '+';
  return `${upper ? 'E' : 'e'}${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** `'%.{places}e' % x`. */
export function formatExponent(x: number, places: number, upper = false): string {
  const s = special(x, upper);
  if (s !== undefined) return s;
  const { digits, exponent, negative } = significantDigits(x, places + 1);
  const mantissa = places === 0 ? digits : `${digits[0]}.${digits.slice(1)}`;
  return (negative ? '-' : '') + mantissa + exponentText(exponent, upper);
}

/**
 * `'%.{precision}g' % x`. `alternate` keeps trailing zeros (`#`); `repr` is str.format's
 * no-type variant, which switches to exponent form one digit earlier and keeps a `.0`.
 */
export function formatGeneral(x: number, precision: number, upper = false, alternate = false, repr = false): string {
  const s = special(x, upper);
  if (s !== undefined) return s;
  const p = precision === 0 ? 1 : precision;
  const { exponent } = significantDigits(x, p);
  const limit = repr ? p - 1 : p;
  let out: string;
  if (exponent >= -4 && exponent < limit) {
    out = formatFixed(x, p - 1 - exponent, upper);
    if (!alternate && out.includes('.')) out = out.replace(/0+$/, '').replace(/\.$/, repr ? '.0' : '');
  } else {
    out = formatExponent(x, p - 1, upper);
    if (!alternate) out = out.replace(/\.?0+(?=[eE])/, '');
  }
  return out;
}

/** Python's `round(x, places)` for floats: ties to even on the exact value, for any `places`. */
export function roundFloat(x: number, places: number): number {
  if (!Number.isFinite(x) || places > 330) return x;
  const e = exact(x);
  // Every finite double is below 0.5 × 10^309; skipping the scaling keeps 10^-places from growing huge.
  if (places < -309) return e.negative ? -0 : 0;
  const units = scaled(e, places);
  // The decimal text is exact, so Number() gives the correctly rounded double.
  const n = Number(places >= 0 ? `${units}e-${places}` : `${units}e${-places}`);
  return e.negative ? -n : n;
}
