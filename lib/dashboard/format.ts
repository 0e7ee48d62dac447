/** Display helpers shared by the panels. */
import { parseWireTime } from '@/lib/engine-client/wire';

/** A wire time (UTC) in the viewer's local time, `YYYY-MM-DD HH:MM:SS`; '—' when absent. */
export function formatTime(value: string | null | undefined): string {
  const ms = parseWireTime(value);
  if (ms === null) return '—';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "3 minutes ago" style, as Horizon humanises its time columns. */
export function timeAgo(value: string | null | undefined, now = Date.now()): string {
  const ms = parseWireTime(value);
  if (ms === null) return '';
  const seconds = Math.round((now - ms) / 1000);
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (Math.abs(seconds) >= size) {
      const n = Math.floor(Math.abs(seconds) / size);
      return seconds >= 0 ? `${n} ${name}${n === 1 ? '' : 's'} ago` : `in ${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return seconds >= 0 ? 'just now' : 'in a moment';
}

/** Milliseconds as "850 ms", "12.3 s", "4 min 5 s", "2 h 3 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** JSON text (as the wire carries it) pretty-printed; other text as is. */
export function prettyJson(text: string | null | undefined): string {
  if (text === null || text === undefined || text === '') return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}
