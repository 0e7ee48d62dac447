/**
 * Cron schedules as Mistral (croniter, UTC) reads them: patterns, next times, the first due time a
 * new trigger gets, and what a firing does to the trigger.
 */
import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors.js';
import { occurrenceId } from './cron-runner.js';
import { afterFiring, nextFireTime, parseCronTime, planCronTrigger, validateCronPattern } from './cron-schedule.js';

const at = (iso: string): number => Date.parse(iso);

function errorOf(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
  throw new Error('expected an EngineError');
}

describe('nextFireTime', () => {
  it.each([
    ['every 5 minutes', '*/5 * * * *', '2024-03-10T10:00:30.000Z', '2024-03-10T10:05:00.000Z'],
    ['strictly after a matching instant', '0 * * * *', '2024-03-10T10:00:00.000Z', '2024-03-10T11:00:00.000Z'],
    ['milliseconds past a match', '0 12 * * *', '2024-03-10T12:00:00.500Z', '2024-03-11T12:00:00.000Z'],
    ['weekday names', '2 4 * * mon,fri', '2010-01-25T04:46:00.000Z', '2010-01-29T04:02:00.000Z'],
    ['6th field is seconds (croniter order)', '* * * * * 30', '2024-03-10T10:00:00.000Z', '2024-03-10T10:00:30.000Z'],
    ['6th field is seconds, next minute', '* * * * * 30', '2024-03-10T10:00:30.000Z', '2024-03-10T10:01:30.000Z'],
    ['every second', '* * * * * *', '2024-03-10T10:00:00.200Z', '2024-03-10T10:00:01.000Z'],
    ['*/30 in the first field is minutes, not seconds', '*/30 * * * * *', '2024-03-10T10:01:00.000Z', '2024-03-10T10:30:00.000Z'],
    ['day-of-month OR day-of-week', '0 0 1 * 1', '2024-03-10T10:00:00.000Z', '2024-03-11T00:00:00.000Z'],
    ['7 is Sunday', '0 0 * * 7', '2024-03-10T10:00:00.000Z', '2024-03-17T00:00:00.000Z'],
    ['last day of month', '0 0 L * *', '2024-02-10T10:00:00.000Z', '2024-02-29T00:00:00.000Z'],
    ['nickname', '@daily', '2024-03-10T10:00:00.000Z', '2024-03-11T00:00:00.000Z'],
    ['nickname weekly (Sunday midnight)', '@weekly', '2024-03-10T10:00:00.000Z', '2024-03-17T00:00:00.000Z'],
    ['UTC, whatever the local zone', '30 2 * * *', '2024-03-31T00:00:00.000Z', '2024-03-31T02:30:00.000Z'],
    ['surrounding spaces', '  0 0 1 1 *  ', '2024-03-10T10:00:00.000Z', '2025-01-01T00:00:00.000Z'],
  ])('%s: %s after %s', (_what, pattern, after, expected) => {
    expect(new Date(nextFireTime(pattern, at(after)) as number).toISOString()).toBe(expected);
  });
});

describe('validateCronPattern', () => {
  it.each([
    ['', 'it is empty'],
    ['bad', 'got 1'],
    ['* * * *', 'got 4'],
    ['* * * * * * *', 'got 7'],
    ['61 * * * *', 'minute'],
    ['* 24 * * *', 'hour'],
    ['* * * 13 *', 'month'],
    ['a b c d e', ''],
    ['0 0 31 2 *', 'it never fires'],
  ])('%j is refused', (pattern, why) => {
    const error = errorOf(() => validateCronPattern(pattern, at('2024-03-10T10:00:00Z')));
    expect(error.code).toBe('invalid-input');
    expect(error.message.startsWith(`Invalid cron pattern [pattern=${pattern}]: `)).toBe(true);
    expect(error.message).toContain(why);
  });

  it.each(['* * * * *', '*/15 0-6 1,15 * mon-fri', '* * * * * */10', '@hourly', '0 0 ? * *'])('%j is accepted', (pattern) => {
    expect(() => validateCronPattern(pattern)).not.toThrow();
  });
});

describe('parseCronTime', () => {
  it.each([
    ['2030-01-02 03:04', '2030-01-02T03:04:00.000Z'],
    ['2030-01-02 03:04:05', '2030-01-02T03:04:05.000Z'],
    ['2030-01-02 03:04:05.250000', '2030-01-02T03:04:05.250Z'],
    ['2030-01-02T03:04:05Z', '2030-01-02T03:04:05.000Z'],
  ])('%s', (text, iso) => {
    expect(new Date(parseCronTime(text)).toISOString()).toBe(iso);
  });

  it.each(['tomorrow', '2030-02-30 10:00', '2030-01-02 24:00', '2030-01-02', '2030-01-02 10:00+02:00'])('refuses %j', (text) => {
    const error = errorOf(() => parseCronTime(text));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toContain('first_execution_time');
  });
});

describe('planCronTrigger', () => {
  const now = at('2024-03-10T10:00:30.700Z');

  it('pattern only: due at its next match, count as given', () => {
    expect(planCronTrigger({ pattern: '*/5 * * * *', remainingExecutions: 3 }, now)).toEqual({
      pattern: '*/5 * * * *',
      firstExecutionTime: null,
      nextExecutionTime: at('2024-03-10T10:05:00Z'),
      remainingExecutions: 3,
    });
    expect(planCronTrigger({ pattern: '*/5 * * * *' }, now).remainingExecutions).toBeNull();
  });

  it('first time only: fires once', () => {
    const first = at('2024-03-10T10:02:00Z');
    expect(planCronTrigger({ firstExecutionTime: first }, now)).toEqual({ pattern: null, firstExecutionTime: first, nextExecutionTime: first, remainingExecutions: 1 });
    expect(planCronTrigger({ pattern: '', firstExecutionTime: first }, now).pattern).toBeNull();
  });

  it('first time and pattern: first at that time, unlimited unless counted', () => {
    const first = at('2024-03-10T10:02:17Z');
    expect(planCronTrigger({ pattern: '0 * * * *', firstExecutionTime: first }, now)).toEqual({ pattern: '0 * * * *', firstExecutionTime: first, nextExecutionTime: first, remainingExecutions: null });
    expect(planCronTrigger({ pattern: '0 * * * *', firstExecutionTime: first, remainingExecutions: 4 }, now).remainingExecutions).toBe(4);
  });

  it('a minute ahead at least, counted from now truncated to the second', () => {
    expect(planCronTrigger({ firstExecutionTime: at('2024-03-10T10:01:30Z') }, now).nextExecutionTime).toBe(at('2024-03-10T10:01:30Z'));
    expect(planCronTrigger({ firstExecutionTime: 5_000 }, 0, { minLeadMs: 1_000 }).nextExecutionTime).toBe(5_000);
  });

  it.each([
    [{}, 'Pattern or first_execution_time must be specified.'],
    [{ pattern: '   ' }, 'Pattern or first_execution_time must be specified.'],
    [{ firstExecutionTime: at('2024-03-10T10:01:29.999Z') }, 'first_execution_time must be at least 1 minute in the future.'],
    [{ firstExecutionTime: at('2020-01-01T00:00:00Z'), pattern: '* * * * *' }, 'first_execution_time must be at least 1 minute in the future.'],
    [{ firstExecutionTime: at('2024-03-10T11:00:00Z'), remainingExecutions: 2 }, 'Pattern must be provided if count is superior to 1.'],
    [{ pattern: '* * * * *', remainingExecutions: 0 }, 'remaining_executions must be a positive integer [remaining_executions=0]'],
    [{ pattern: '* * * * *', remainingExecutions: -1 }, 'remaining_executions must be a positive integer [remaining_executions=-1]'],
    [{ pattern: '* * * * *', remainingExecutions: 1.5 }, 'remaining_executions must be a positive integer [remaining_executions=1.5]'],
    [{ pattern: '99 * * * *' }, 'Invalid cron pattern [pattern=99 * * * *]: '],
  ])('%j is refused', (req, message) => {
    const error = errorOf(() => planCronTrigger(req, now));
    expect(error.code).toBe('invalid-input');
    expect(error.message.startsWith(message)).toBe(true);
  });
});

describe('afterFiring', () => {
  const due = at('2024-03-10T10:05:00Z');

  it.each([
    ['last of a count: deleted', { pattern: '*/5 * * * *', remainingExecutions: 1 }, due + 300, { kind: 'delete' }],
    ['one-shot: deleted', { pattern: null, remainingExecutions: 1 }, due + 300, { kind: 'delete' }],
    ['count decremented', { pattern: '*/5 * * * *', remainingExecutions: 3 }, due + 300, { kind: 'advance', nextExecutionTime: at('2024-03-10T10:10:00Z'), remainingExecutions: 2 }],
    ['unlimited stays unlimited', { pattern: '*/5 * * * *', remainingExecutions: null }, due + 300, { kind: 'advance', nextExecutionTime: at('2024-03-10T10:10:00Z'), remainingExecutions: null }],
    ['late: next match after now, missed slots not replayed', { pattern: '*/5 * * * *', remainingExecutions: null }, at('2024-03-10T13:41:00Z'), { kind: 'advance', nextExecutionTime: at('2024-03-10T13:45:00Z'), remainingExecutions: null }],
    ['clock behind the due time: after the due time', { pattern: '*/5 * * * *', remainingExecutions: null }, due - 2_000, { kind: 'advance', nextExecutionTime: at('2024-03-10T10:10:00Z'), remainingExecutions: null }],
  ])('%s', (_what, trigger, now, expected) => {
    expect(afterFiring(trigger, due, now)).toEqual(expected);
  });
});

describe('occurrenceId', () => {
  it('is a UUID fixed by trigger and due time', () => {
    const id = occurrenceId('0190aaaa-0000-7000-8000-000000000001', 1_700_000_000_000);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(occurrenceId('0190aaaa-0000-7000-8000-000000000001', 1_700_000_000_000)).toBe(id);
    expect(occurrenceId('0190aaaa-0000-7000-8000-000000000001', 1_700_000_001_000)).not.toBe(id);
    expect(occurrenceId('0190aaaa-0000-7000-8000-000000000002', 1_700_000_000_000)).not.toBe(id);
  });
});
