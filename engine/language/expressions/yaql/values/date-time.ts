/**
 * Python `datetime.datetime` (always timezone-aware, as yaql makes them) and `datetime.timedelta`.
 * Instants and durations are integer microseconds in bigints, so the full year 1–9999 range and
 * timedelta's ±999,999,999 days stay exact.
 */
import { type Value } from '../../../values/value.js';
import { fail } from '../errors.js';
import { HashableOpaque } from './hash.js';

export const MICROS_PER_SECOND = 1_000_000n;
export const MICROS_PER_DAY = 86_400_000_000n;
const MAX_TIMEDELTA_DAYS = 999_999_999n;
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

export function daysInMonth(year: number, month: number): number {
  return daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1);
}

const pad = (n: number | bigint, width = 2): string => String(n).padStart(width, '0');

export class TimeSpan extends HashableOpaque {
  readonly typeName = 'timedelta';

  constructor(readonly micros: bigint) {
    super();
    const days = floorDiv(micros, MICROS_PER_DAY);
    if (days > MAX_TIMEDELTA_DAYS || days < -MAX_TIMEDELTA_DAYS) {
      fail(`days=${days}; must have magnitude <= ${MAX_TIMEDELTA_DAYS}`);
    }
  }

  /** Python's normalised fields: days (any sign), seconds 0–86399, microseconds 0–999999. */
  parts(): { days: bigint; seconds: bigint; micros: bigint } {
    const days = floorDiv(this.micros, MICROS_PER_DAY);
    const rest = this.micros - days * MICROS_PER_DAY;
    return { days, seconds: rest / MICROS_PER_SECOND, micros: rest % MICROS_PER_SECOND };
  }

  repr(): string {
    const { days, seconds, micros } = this.parts();
    const args: string[] = [];
    if (days !== 0n) args.push(`days=${days}`);
    if (seconds !== 0n) args.push(`seconds=${seconds}`);
    if (micros !== 0n) args.push(`microseconds=${micros}`);
    return `datetime.timedelta(${args.length > 0 ? args.join(', ') : '0'})`;
  }

  override str(): string {
    const { days, seconds, micros } = this.parts();
    const s = Number(seconds);
    let text = `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
    if (days !== 0n) text = `${days} day${days === 1n || days === -1n ? '' : 's'}, ${text}`;
    if (micros !== 0n) text += `.${pad(micros, 6)}`;
    return text;
  }

  equals(other: Value): boolean {
    return other instanceof TimeSpan && other.micros === this.micros;
  }

  override compare(other: Value): number | undefined {
    if (!(other instanceof TimeSpan)) return undefined;
    return this.micros < other.micros ? -1 : this.micros > other.micros ? 1 : 0;
  }

  toJsonValue(): Value {
    return this.str();
  }

  override truthy(): boolean {
    return this.micros !== 0n;
  }

  hashKey(): string {
    return `T${this.micros}`;
  }
}

/** Calendar fields of a wall-clock time. */
export interface CivilFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;
}

export class DateTime extends HashableOpaque {
  readonly typeName = 'datetime';

  constructor(
    /** The instant, in microseconds since 1970-01-01T00:00:00Z. */
    readonly utcMicros: bigint,
    /** The UTC offset of the wall clock (0 prints as dateutil's `tzutc()`). */
    readonly offsetMicros: bigint,
  ) {
    super();
    const year = civilFromDays(Number(floorDiv(utcMicros + offsetMicros, MICROS_PER_DAY)))[0];
    if (year < MIN_YEAR || year > MAX_YEAR) fail('date value out of range');
  }

  static fromFields(f: CivilFields, offsetMicros: bigint): DateTime {
    if (f.year < MIN_YEAR || f.year > MAX_YEAR) fail(`year ${f.year} is out of range`);
    if (f.month < 1 || f.month > 12) fail('month must be in 1..12');
    if (f.day < 1 || f.day > daysInMonth(f.year, f.month)) fail('day is out of range for month');
    if (f.hour < 0 || f.hour > 23) fail('hour must be in 0..23');
    if (f.minute < 0 || f.minute > 59) fail('minute must be in 0..59');
    if (f.second < 0 || f.second > 59) fail('second must be in 0..59');
    if (f.microsecond < 0 || f.microsecond > 999999) fail('microsecond must be in 0..999999');
    const days = BigInt(daysFromCivil(f.year, f.month, f.day));
    const wall = days * MICROS_PER_DAY + BigInt(((f.hour * 60 + f.minute) * 60 + f.second) * 1_000_000 + f.microsecond);
    return new DateTime(wall - offsetMicros, offsetMicros);
  }

  /** Wall-clock fields in the datetime's own offset. */
  fields(): CivilFields {
    const wall = this.utcMicros + this.offsetMicros;
    const days = floorDiv(wall, MICROS_PER_DAY);
    const inDay = Number(wall - days * MICROS_PER_DAY);
    const [year, month, day] = civilFromDays(Number(days));
    const seconds = Math.floor(inDay / 1_000_000);
    return {
      year,
      month,
      day,
      hour: Math.floor(seconds / 3600),
      minute: Math.floor(seconds / 60) % 60,
      second: seconds % 60,
      microsecond: inDay % 1_000_000,
    };
  }

  /** Python weekday(): Monday is 0. */
  weekday(): number {
    const days = Number(floorDiv(this.utcMicros + this.offsetMicros, MICROS_PER_DAY));
    return (((days + 3) % 7) + 7) % 7;
  }

  withInstant(utcMicros: bigint): DateTime {
    return new DateTime(utcMicros, this.offsetMicros);
  }

  /** `+HH:MM` (with seconds when not whole minutes), as isoformat() prints it. */
  offsetText(separator = ':'): string {
    const sign = this.offsetMicros < 0n ? '-' : '+';
    const abs = this.offsetMicros < 0n ? -this.offsetMicros : this.offsetMicros;
    const seconds = Number(abs / MICROS_PER_SECOND);
    let text = `${sign}${pad(Math.floor(seconds / 3600))}${separator}${pad(Math.floor(seconds / 60) % 60)}`;
    if (seconds % 60 !== 0) text += `${separator}${pad(seconds % 60)}`;
    return text;
  }

  repr(): string {
    const f = this.fields();
    const parts = [f.year, f.month, f.day, f.hour, f.minute, f.second, f.microsecond];
    if (parts[6] === 0) parts.pop();
    if (parts.length === 6 && parts[5] === 0) parts.pop();
    const tz = this.offsetMicros === 0n ? 'tzutc()' : `tzoffset(None, ${this.offsetMicros / MICROS_PER_SECOND})`;
    return `datetime.datetime(${parts.join(', ')}, tzinfo=${tz})`;
  }

  override str(): string {
    const f = this.fields();
    const frac = f.microsecond !== 0 ? `.${pad(f.microsecond, 6)}` : '';
    return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)} ${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}${frac}${this.offsetText()}`;
  }

  equals(other: Value): boolean {
    return other instanceof DateTime && other.utcMicros === this.utcMicros;
  }

  override compare(other: Value): number | undefined {
    if (!(other instanceof DateTime)) return undefined;
    return this.utcMicros < other.utcMicros ? -1 : this.utcMicros > other.utcMicros ? 1 : 0;
  }

  toJsonValue(): Value {
    return this.str();
  }

  hashKey(): string {
    return `D${this.utcMicros}`;
  }
}
