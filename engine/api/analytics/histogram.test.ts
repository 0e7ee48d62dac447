import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_EXACT_VALUES, bucketOf, decodeHistogram, encodeHistogram, histogramOf, histogramPercentile, mergeHistograms } from './histogram.js';

/** Nearest rank over the raw values: what the histogram must answer (exactly or as a close upper bound). */
function exactPercentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] ?? null;
}

describe('duration histograms', () => {
  it('answer exact nearest-rank percentiles while small', () => {
    const h = histogramOf([4000, 1000, 3000, 2000]);
    expect(h.exact).toBe(true);
    expect(histogramPercentile(h, 50)).toBe(2000);
    expect(histogramPercentile(h, 95)).toBe(4000);
    expect(histogramPercentile(histogramOf([]), 95)).toBeNull();
  });

  it('switch to sub-buckets past the distinct-value limit, answering an upper bound within 1/128', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 86_400_000 }), { minLength: MAX_EXACT_VALUES + 1, maxLength: 3000 }), fc.integer({ min: 1, max: 100 }), (values, p) => {
        const h = histogramOf(values);
        const exact = exactPercentile(values, p) ?? 0;
        const approx = histogramPercentile(h, p) ?? -1;
        if (h.exact) return approx === exact;
        return approx >= exact && approx <= exact * (1 + 1 / 128) + 1;
      }),
      { numRuns: 200 },
    );
  });

  it('buckets idempotently, and keeps values under 256 as they are', () => {
    for (const v of [0, 1, 255, 256, 257, 1000, 123_456, 86_400_000]) expect(bucketOf(bucketOf(v))).toBe(bucketOf(v));
    expect(bucketOf(255)).toBe(255);
    expect(bucketOf(256)).toBe(257);
  });

  it('merge like a histogram of all the values, exactness included', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 400 }), { maxLength: 6 }), (parts) => {
        const merged = mergeHistograms(parts.map((p) => histogramOf(p)));
        const whole = histogramOf(parts.flat());
        expect(merged.exact).toBe(whole.exact);
        for (const p of [50, 95, 99]) expect(histogramPercentile(merged, p)).toBe(histogramPercentile(whole, p));
      }),
      { numRuns: 100 },
    );
  });

  it('survive a trip through the database text', () => {
    for (const h of [histogramOf([3, 1, 1, 2]), histogramOf(Array.from({ length: 2000 }, (_, i) => i * 37))]) {
      const back = decodeHistogram(encodeHistogram(h));
      expect(back.exact).toBe(h.exact);
      expect([...back.counts].sort((a, b) => a[0] - b[0])).toEqual([...h.counts].sort((a, b) => a[0] - b[0]));
    }
  });
});
