import { describe, expect, it } from 'vitest';
import { combineSeries } from './overview-trend';

describe('overview trend', () => {
  it('sums the workflows per day and recomputes the failure share', () => {
    const day1 = Date.parse('2026-11-25T00:00:00Z');
    const day2 = Date.parse('2026-11-26T00:00:00Z');
    expect(
      combineSeries([
        { series: [{ bucket_start_ms: day2, count: 4, failure_rate: 0.5 }, { bucket_start_ms: day1, count: 1, failure_rate: 0 }] },
        { series: [{ bucket_start_ms: day2, count: 6, failure_rate: 0 }] },
        {},
      ]),
    ).toEqual([
      { day: day1, executions: 1, failed: 0, failurePercent: 0 },
      { day: day2, executions: 10, failed: 2, failurePercent: 20 },
    ]);
  });
});
