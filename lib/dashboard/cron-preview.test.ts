import { describe, expect, it } from 'vitest';
import { nextRuns } from './cron-preview';

const FROM = new Date('2026-11-27T10:02:00Z');
const iso = (result: ReturnType<typeof nextRuns>) => (result.ok ? result.runs.map((d) => d.toISOString()) : result.error);

describe('cron trigger preview', () => {
  it('lists the next five runs in UTC', () => {
    expect(iso(nextRuns({ pattern: '*/15 * * * *', from: FROM }))).toEqual([
      '2026-11-27T10:15:00.000Z',
      '2026-11-27T10:30:00.000Z',
      '2026-11-27T10:45:00.000Z',
      '2026-11-27T11:00:00.000Z',
      '2026-11-27T11:15:00.000Z',
    ]);
  });

  it('starts with the first execution time and stops at the remaining count', () => {
    const first = new Date('2026-11-28T08:00:00Z');
    expect(iso(nextRuns({ pattern: '0 9 * * *', firstExecution: first, remaining: 3, from: FROM }))).toEqual([
      '2026-11-28T08:00:00.000Z',
      '2026-11-28T09:00:00.000Z',
      '2026-11-29T09:00:00.000Z',
    ]);
  });

  it('explains a bad pattern', () => {
    expect(nextRuns({ pattern: '', from: FROM })).toMatchObject({ ok: false, error: expect.stringMatching(/Enter a cron pattern/) });
    expect(nextRuns({ pattern: '* * * *', from: FROM })).toMatchObject({ ok: false, error: expect.stringMatching(/five fields/) });
    expect(nextRuns({ pattern: '99 * * * *', from: FROM })).toMatchObject({ ok: false, error: expect.stringMatching(/^Invalid cron pattern/) });
  });
});
