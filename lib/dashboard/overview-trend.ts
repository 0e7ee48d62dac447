/**
 * The Overview's trend: the per-workflow daily series of `/v2/analytics/workflows` summed into one
 * series (executions per day, share that failed). Pure.
 */
export interface SeriesPoint {
  readonly bucket_start_ms: number;
  readonly count: number;
  readonly failure_rate: number | null;
}

export interface TrendPoint {
  readonly day: number;
  readonly executions: number;
  readonly failed: number;
  /** Percent, null when nothing ran. */
  readonly failurePercent: number | null;
}

export function combineSeries(workflows: readonly { readonly series?: readonly SeriesPoint[] }[]): TrendPoint[] {
  const byDay = new Map<number, { executions: number; failed: number }>();
  for (const wf of workflows) {
    for (const point of wf.series ?? []) {
      const entry = byDay.get(point.bucket_start_ms) ?? { executions: 0, failed: 0 };
      entry.executions += point.count;
      entry.failed += Math.round((point.failure_rate ?? 0) * point.count);
      byDay.set(point.bucket_start_ms, entry);
    }
  }
  return [...byDay]
    .sort(([a], [b]) => a - b)
    .map(([day, { executions, failed }]) => ({
      day,
      executions,
      failed,
      failurePercent: executions === 0 ? null : Math.round((failed / executions) * 1000) / 10,
    }));
}
