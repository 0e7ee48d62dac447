/** yaql's date_time library: building datetimes and timespans, `now()`, `replace`, `format`. */
import { num } from '../../../values/value.js';
import { fail } from '../errors.js';
import { roundHalfEven } from '../operators.js';
import { parseOffset, strftime, strptime } from '../python/strftime.js';
import { DateTime, MICROS_PER_DAY, MICROS_PER_SECOND, TimeSpan } from '../values/date-time.js';
import { P, T, define, type Overload, type Param } from './signature.js';

const ZERO = new TimeSpan(0n);
const DAY = MICROS_PER_DAY;

function checkOffset(offset: TimeSpan): bigint {
  if (offset.micros <= -DAY || offset.micros >= DAY) {
    fail('offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24)');
  }
  return offset.micros;
}

/** dateutil-style parsing of the formats workflows use: ISO 8601 and `YYYY-MM-DD HH:MM:SS`. */
function parseDateTime(text: string): DateTime {
  const m = /^\s*(\d{4})-?(\d\d)-?(\d\d)(?:[T ](\d\d):?(\d\d)(?::?(\d\d)(?:[.,](\d{1,6})\d*)?)?)?\s*(Z|UTC|[+-]\d\d(?::?\d\d)?)?\s*$/i.exec(text);
  if (!m) fail(`Unknown string format: ${text}`);
  const zone = m[8]?.toUpperCase();
  const offset = zone === undefined || zone === 'UTC' ? 0n : parseOffset(zone);
  const n = (i: number): number => Number(m[i] ?? 0);
  return DateTime.fromFields(
    { year: n(1), month: n(2), day: n(3), hour: n(4), minute: n(5), second: n(6), microsecond: Number((m[7] ?? '').padEnd(6, '0')) },
    offset,
  );
}

const int = (name: string): Param<number> => P.opt(name, T.int, 0);

export const DATE_TIME_FUNCTIONS: readonly Overload[] = [
  define({
    name: 'datetime',
    form: 'function',
    params: [P.req('year', T.int), P.req('month', T.int), P.req('day', T.int), int('hour'), int('minute'), int('second'), int('microsecond'), P.opt('offset', T.timespan, ZERO)],
    impl: ([year, month, day, hour, minute, second, microsecond, offset]) =>
      DateTime.fromFields({ year, month, day, hour, minute, second, microsecond }, checkOffset(offset)),
  }),
  define({
    name: 'datetime',
    form: 'function',
    params: [P.req('timestamp', T.number), P.opt('offset', T.timespan, ZERO)],
    impl: ([timestamp, offset]) => {
      const micros = num(timestamp) * 1e6;
      if (!Number.isFinite(micros)) fail('cannot convert float NaN or infinity to a timestamp');
      return new DateTime(BigInt(roundHalfEven(micros)), checkOffset(offset));
    },
  }),
  define({
    name: 'datetime',
    form: 'function',
    params: [P.req('string', T.string), P.opt('format', T.nullable(T.string), null)],
    impl: ([text, format]) => (format ? strptime(text, format) : parseDateTime(text)),
  }),
  define({
    name: 'timespan',
    form: 'function',
    params: [int('days'), int('hours'), int('minutes'), int('seconds'), int('milliseconds'), int('microseconds')],
    impl: ([days, hours, minutes, seconds, milliseconds, microseconds]) =>
      new TimeSpan(
        BigInt(days) * DAY + BigInt(hours) * 3_600_000_000n + BigInt(minutes) * 60_000_000n + BigInt(seconds) * MICROS_PER_SECOND + BigInt(milliseconds) * 1000n + BigInt(microseconds),
      ),
  }),
  define({
    name: 'now',
    form: 'function',
    params: [P.opt('offset', T.timespan, ZERO)],
    impl: ([offset]) => new DateTime(BigInt(Date.now()) * 1000n, checkOffset(offset)),
  }),
  define({
    name: 'localtz',
    form: 'function',
    params: [],
    impl: () => new TimeSpan(BigInt(-new Date().getTimezoneOffset()) * 60_000_000n),
  }),
  define({ name: 'utctz', form: 'function', params: [], impl: () => ZERO }),
  define({
    name: 'replace',
    form: 'method',
    params: [
      P.req('dt', T.datetime),
      ...(['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond'] as const).map((n) => P.opt(n, T.nullable(T.int), null)),
      P.opt('offset', T.nullable(T.timespan), null),
    ],
    impl: ([dt, ...rest], _ctx) => {
      const f = dt.fields();
      const pick = (i: number, fallback: number): number => {
        const v = rest[i];
        return typeof v === 'number' ? v : fallback;
      };
      const offset = rest[7];
      const fields = {
        year: pick(0, f.year),
        month: pick(1, f.month),
        day: pick(2, f.day),
        hour: pick(3, f.hour),
        minute: pick(4, f.minute),
        second: pick(5, f.second),
        microsecond: pick(6, f.microsecond),
      };
      return DateTime.fromFields(fields, offset instanceof TimeSpan ? checkOffset(offset) : dt.offsetMicros);
    },
  }),
  define({ name: 'format', form: 'method', params: [P.req('dt', T.datetime), P.req('format', T.string)], impl: ([dt, format]) => strftime(dt, format) }),
  define({ name: 'isDatetime', form: 'function', params: [P.req('value', T.any)], impl: ([v]) => v instanceof DateTime }),
  define({ name: 'isTimespan', form: 'function', params: [P.req('value', T.any)], impl: ([v]) => v instanceof TimeSpan }),
].flat();
