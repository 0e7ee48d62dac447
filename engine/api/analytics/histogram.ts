/**
 * Duration histograms that merge across rollup rows and still answer percentiles exactly while
 * they are small. A histogram holds each distinct value with its count; past
 * {@link MAX_EXACT_VALUES} distinct values it switches to HDR-style sub-buckets (128 per power of
 * two, values below 256 kept as they are), so a percentile read from it is an upper bound within
 * 1/128 (0.8 %) of the true value. Merging an exact with a bucketed histogram buckets both, so the
 * answer says which kind it is.
 */

/** Distinct values kept exactly before a histogram switches to sub-buckets. */
export const MAX_EXACT_VALUES = 512;
const SUB_BUCKET_BITS = 7;
const EXACT_BELOW = 1 << (SUB_BUCKET_BITS + 1);

export interface Histogram {
  readonly exact: boolean;
  /** Value → how many times it was seen (values are whole milliseconds). */
  readonly counts: ReadonlyMap<number, number>;
}

export const EMPTY_HISTOGRAM: Histogram = { exact: true, counts: new Map() };

/** The largest value of `value`'s sub-bucket; a fixed point, so bucketing twice changes nothing. */
export function bucketOf(value: number): number {
  if (value < EXACT_BELOW) return value;
  const step = 2 ** (Math.floor(Math.log2(value)) - SUB_BUCKET_BITS);
  return Math.floor(value / step) * step + step - 1;
}

function bucketed(counts: ReadonlyMap<number, number>): Map<number, number> {
  const out = new Map<number, number>();
  for (const [v, n] of counts) {
    const b = bucketOf(v);
    out.set(b, (out.get(b) ?? 0) + n);
  }
  return out;
}

function settle(exact: boolean, counts: Map<number, number>): Histogram {
  if (exact && counts.size <= MAX_EXACT_VALUES) return { exact: true, counts };
  return { exact: false, counts: bucketed(counts) };
}

export function histogramOf(values: Iterable<number>): Histogram {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return settle(true, counts);
}

export function mergeHistograms(parts: Iterable<Histogram>): Histogram {
  let exact = true;
  const counts = new Map<number, number>();
  for (const h of parts) {
    exact &&= h.exact;
    for (const [v, n] of h.counts) counts.set(v, (counts.get(v) ?? 0) + n);
  }
  return settle(exact, counts);
}

/** Nearest-rank percentile (what `percentile_disc` answers over the raw values), or null when empty. */
export function histogramPercentile(h: Histogram, p: number): number | null {
  let total = 0;
  for (const n of h.counts.values()) total += n;
  if (total === 0) return null;
  const rank = Math.min(total, Math.max(1, Math.ceil((p / 100) * total)));
  let seen = 0;
  for (const v of [...h.counts.keys()].sort((a, b) => a - b)) {
    seen += h.counts.get(v) ?? 0;
    if (seen >= rank) return v;
  }
  return null;
}

/** `{"exact":true,"values":[[ms,count],…]}`, values ascending. */
export function encodeHistogram(h: Histogram): string {
  const values = [...h.counts].sort((a, b) => a[0] - b[0]);
  return JSON.stringify({ exact: h.exact, values });
}

export function decodeHistogram(text: string): Histogram {
  const parsed = JSON.parse(text) as { exact?: unknown; values?: unknown };
  const counts = new Map<number, number>();
  if (Array.isArray(parsed.values)) {
    for (const pair of parsed.values as unknown[]) {
      if (Array.isArray(pair) && typeof pair[0] === 'number' && typeof pair[1] === 'number') counts.set(pair[0], pair[1]);
    }
  }
  return { exact: parsed.exact !== false, counts };
}
