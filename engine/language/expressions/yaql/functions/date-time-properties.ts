/** yaql's date/time properties (`dt.year`, `ts.hours`…), reached through member access. */
import { makeFloat, type Value } from '../../../values/value.js';
import { DateTime, MICROS_PER_DAY, TimeSpan, floorDiv } from '../values/date-time.js';

type Property<X> = (x: X) => Value;

const totalIn = (unit: number): Property<TimeSpan> => (ts) => makeFloat(Number(ts.micros) / unit);

function midnight(dt: DateTime): DateTime {
  const wall = dt.utcMicros + dt.offsetMicros;
  return new DateTime(floorDiv(wall, MICROS_PER_DAY) * MICROS_PER_DAY - dt.offsetMicros, dt.offsetMicros);
}

const DATETIME = new Map<string, Property<DateTime>>([
  ['year', (dt) => dt.fields().year],
  ['month', (dt) => dt.fields().month],
  ['day', (dt) => dt.fields().day],
  ['hour', (dt) => dt.fields().hour],
  ['minute', (dt) => dt.fields().minute],
  ['second', (dt) => dt.fields().second],
  ['microsecond', (dt) => dt.fields().microsecond],
  ['weekday', (dt) => dt.weekday()],
  ['date', midnight],
  ['time', (dt) => new TimeSpan(dt.utcMicros - midnight(dt).utcMicros)],
  ['utc', (dt) => new DateTime(dt.utcMicros, 0n)],
  ['offset', (dt) => new TimeSpan(dt.offsetMicros)],
  ['timestamp', (dt) => makeFloat(Number(dt.utcMicros) / 1e6)],
]);

const TIMESPAN = new Map<string, Property<TimeSpan>>([
  ['microseconds', (ts) => Number(ts.micros)],
  ['milliseconds', totalIn(1e3)],
  ['seconds', totalIn(1e6)],
  ['minutes', totalIn(6e7)],
  ['hours', totalIn(3.6e9)],
  ['days', totalIn(8.64e10)],
]);

/** The property's value, or undefined when the type has no such property. */
export function dateTimeProperty(x: DateTime | TimeSpan, name: string): Value | undefined {
  if (x instanceof DateTime) return DATETIME.get(name)?.(x);
  return TIMESPAN.get(name)?.(x);
}
