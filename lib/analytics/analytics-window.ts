/**
 * The analytics page's window from its URL: `?window=24h|7d|30d|90d` (relative to now) or
 * `?since=…&until=…` (ISO times), plus `?bucket=hour|day` (default: hours for windows up to two
 * days). Bad values fall back to the default with a message instead of failing the page.
 */

export const WINDOW_PRESETS = { '24h': 24 * 3600_000, '7d': 7 * 24 * 3600_000, '30d': 30 * 24 * 3600_000, '90d': 90 * 24 * 3600_000 } as const;
export type WindowPreset = keyof typeof WINDOW_PRESETS;
export const DEFAULT_PRESET: WindowPreset = '7d';

export interface AnalyticsWindow {
  readonly since: number;
  readonly until: number;
  readonly bucket: 'hour' | 'day';
  /** The preset in use; null for a custom since/until. */
  readonly preset: WindowPreset | null;
  /** What was wrong with the URL, if anything (shown above the charts). */
  readonly problem: string | null;
}

function isPreset(v: string | null): v is WindowPreset {
  return v !== null && v in WINDOW_PRESETS;
}

function time(raw: string | null): number | null {
  if (raw === null || raw.trim() === '') return null;
  const ms = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Date.parse(raw);
  return Number.isFinite(ms) ? ms : null;
}

export function analyticsWindow(params: { get(name: string): string | null }, now: number): AnalyticsWindow {
  const problems: string[] = [];
  let since: number;
  let until: number;
  let preset: WindowPreset | null = null;
  const rawSince = params.get('since');
  const rawUntil = params.get('until');
  const custom = rawSince !== null || rawUntil !== null;
  const s = time(rawSince);
  const u = time(rawUntil) ?? now;
  if (custom && s !== null && s < u) {
    since = s;
    until = u;
  } else {
    if (custom) problems.push(`The window ${rawSince ?? '…'} – ${rawUntil ?? 'now'} is not a valid time range; showing the last ${DEFAULT_PRESET}.`);
    const raw = params.get('window');
    if (raw !== null && !isPreset(raw)) problems.push(`Unknown window "${raw}"; showing the last ${DEFAULT_PRESET}.`);
    preset = !custom && isPreset(raw) ? raw : DEFAULT_PRESET;
    until = now;
    since = now - WINDOW_PRESETS[preset];
  }
  const rawBucket = params.get('bucket');
  let bucket: 'hour' | 'day' = until - since <= 2 * 24 * 3600_000 ? 'hour' : 'day';
  if (rawBucket === 'hour' || rawBucket === 'day') bucket = rawBucket;
  else if (rawBucket !== null) problems.push(`Unknown bucket "${rawBucket}"; using ${bucket}s.`);
  return { since, until, bucket, preset, problem: problems.length === 0 ? null : problems.join(' ') };
}
