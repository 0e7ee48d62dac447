/**
 * Python's `strftime`/`strptime` in the C locale, for `dt.format(…)`, `'{:%Y}'.format(dt)` and
 * `datetime(string, format)`.
 */
import { fail } from '../errors.js';
import { DateTime, MICROS_PER_SECOND, daysFromCivil, type CivilFields } from '../values/date-time.js';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const pad = (n: number, width = 2, fill = '0'): string => String(n).padStart(width, fill);

export function strftime(dt: DateTime, format: string): string {
  const f = dt.fields();
  const weekday = dt.weekday();
  const dayOfYear = daysFromCivil(f.year, f.month, f.day) - daysFromCivil(f.year, 1, 1) + 1;
  const hour12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
  const weekNumber = (firstDay: number): number => Math.floor((dayOfYear + 6 - ((weekday - firstDay + 7) % 7)) / 7);
  const code = (c: string): string | undefined => {
    switch (c) {
      case 'a': return DAYS[weekday]?.slice(0, 3);
      case 'A': return DAYS[weekday];
      case 'w': return String((weekday + 1) % 7);
      case 'u': return String(weekday + 1);
      case 'd': return pad(f.day);
      case 'e': return pad(f.day, 2, ' ');
      case 'b': return MONTHS[f.month - 1]?.slice(0, 3);
      case 'B': return MONTHS[f.month - 1];
      case 'm': return pad(f.month);
      case 'y': return pad(f.year % 100);
      case 'Y': return String(f.year);
      case 'H': return pad(f.hour);
      case 'I': return pad(hour12);
      case 'p': return f.hour < 12 ? 'AM' : 'PM';
      case 'M': return pad(f.minute);
      case 'S': return pad(f.second);
      case 'f': return pad(f.microsecond, 6);
      case 'z': return dt.offsetText('');
      case 'Z': return dt.offsetMicros === 0n ? 'UTC' : '';
      case 'j': return pad(dayOfYear, 3);
      case 'U': return pad(weekNumber(6));
      case 'W': return pad(weekNumber(0));
      case 'c': return `${code('a')} ${code('b')} ${code('e')} ${code('H')}:${code('M')}:${code('S')} ${f.year}`;
      case 'x': return `${code('m')}/${code('d')}/${code('y')}`;
      case 'X': return `${code('H')}:${code('M')}:${code('S')}`;
      case '%': return '%';
      default: return undefined;
    }
  };
  return format.replace(/%(.?)/gs, (all, c: string) => code(c) ?? all);
}

const PATTERNS: Readonly<Record<string, string>> = {
  d: '(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])',
  m: '(1[0-2]|0[1-9]|[1-9])',
  Y: '(\\d\\d\\d\\d)',
  y: '(\\d\\d)',
  H: '(2[0-3]|[0-1]\\d|\\d)',
  I: '(1[0-2]|0[1-9]|[1-9])',
  M: '([0-5]\\d|\\d)',
  S: '(6[0-1]|[0-5]\\d|\\d)',
  f: '(\\d{1,6})',
  j: '(36[0-6]|3[0-5]\\d|[12]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9])',
  p: '(am|pm)',
  b: `(${MONTHS.map((m) => m.slice(0, 3)).join('|')})`,
  B: `(${MONTHS.join('|')})`,
  a: `(${DAYS.map((d) => d.slice(0, 3)).join('|')})`,
  A: `(${DAYS.join('|')})`,
  z: '(Z|[+-]\\d\\d:?[0-5]\\d(?::?[0-5]\\d)?)',
};

/** `datetime.strptime(text, format)`; the offset comes from `%z`, or UTC. */
export function strptime(text: string, format: string): DateTime {
  const codes: string[] = [];
  let source = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i] as string;
    if (ch === '%' && i + 1 < format.length) {
      const c = format[++i] as string;
      if (c === '%') source += '%';
      else {
        const p = PATTERNS[c];
        if (p === undefined) fail(`'${c}' is a bad directive in format '%${c}'`);
        codes.push(c);
        source += p;
      }
    } else if (/\s/.test(ch)) source += '\\s+';
    else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const m = new RegExp(`^${source}`, 'i').exec(text);
  if (!m) fail(`time data ${JSON.stringify(text)} does not match format ${JSON.stringify(format)}`);
  if (m[0].length < text.length) fail(`unconverted data remains: ${text.slice(m[0].length)}`);
  const f = { year: 1900, month: 1, day: 1, hour: 0, minute: 0, second: 0, microsecond: 0 };
  let pm: boolean | undefined;
  let offset = 0n;
  codes.forEach((c, i) => {
    const v = m[i + 1] as string;
    const n = Number(v.trim());
    switch (c) {
      case 'd': f.day = n; break;
      case 'm': f.month = n; break;
      case 'Y': f.year = n; break;
      case 'y': f.year = n + (n < 69 ? 2000 : 1900); break;
      case 'H': case 'I': f.hour = n; break;
      case 'M': f.minute = n; break;
      case 'S': f.second = n; break;
      case 'f': f.microsecond = Number(v.padEnd(6, '0')); break;
      case 'p': pm = v.toLowerCase() === 'pm'; break;
      case 'b': case 'B': f.month = MONTHS.findIndex((x) => x.toLowerCase().startsWith(v.toLowerCase())) + 1; break;
      case 'z': offset = parseOffset(v); break;
      default: break;
    }
  });
  if (pm !== undefined && codes.includes('I')) f.hour = (f.hour % 12) + (pm ? 12 : 0);
  return DateTime.fromFields(f satisfies CivilFields, offset);
}

/** `Z`, `+03:00`, `+0300`, `+03` → microseconds. */
export function parseOffset(text: string): bigint {
  if (text === 'Z' || text === 'z') return 0n;
  const m = /^([+-])(\d\d):?(\d\d)?(?::?(\d\d))?$/.exec(text);
  if (!m) fail(`invalid UTC offset ${JSON.stringify(text)}`);
  const seconds = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  return BigInt(m[1] === '-' ? -seconds : seconds) * MICROS_PER_SECOND;
}
