import { describe, expect, it } from 'vitest';
import { analyticsWindow } from './analytics-window';

const NOW = Date.UTC(2026, 10, 27, 12);
const at = (query: string) => analyticsWindow(new URLSearchParams(query), NOW);

describe('analyticsWindow', () => {
  it('defaults to the last 7 days in daily buckets', () => {
    expect(at('')).toEqual({ since: NOW - 7 * 86_400_000, until: NOW, bucket: 'day', preset: '7d', problem: null });
  });

  it('uses hourly buckets for a day, unless the URL says otherwise', () => {
    expect(at('window=24h')).toMatchObject({ since: NOW - 86_400_000, bucket: 'hour', preset: '24h' });
    expect(at('window=24h&bucket=day').bucket).toBe('day');
  });

  it('takes a custom since/until (ISO or epoch ms)', () => {
    const w = at(`since=2026-11-01T00:00:00Z&until=${Date.UTC(2026, 10, 2)}`);
    expect(w).toMatchObject({ since: Date.UTC(2026, 10, 1), until: Date.UTC(2026, 10, 2), preset: null, bucket: 'hour', problem: null });
  });

  it('falls back to the default and says why for a bad URL', () => {
    expect(at('window=1y')).toMatchObject({ preset: '7d', problem: 'Unknown window "1y"; showing the last 7d.' });
    expect(at('since=2026-11-05&until=2026-11-01').problem).toMatch(/not a valid time range/);
    expect(at('bucket=week').problem).toBe('Unknown bucket "week"; using days.');
  });
});
