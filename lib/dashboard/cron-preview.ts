/**
 * The next run times of a cron trigger, computed in the browser (croner) for the create form and
 * the list: Mistral patterns are five-field cron in UTC; a first execution time, when set, is the
 * first run and the pattern continues after it; `remaining` caps the count.
 */
import { Cron } from 'croner';

export type CronPreview = { readonly ok: true; readonly runs: readonly Date[] } | { readonly ok: false; readonly error: string };

export interface CronPreviewInput {
  readonly pattern: string;
  readonly firstExecution?: Date | null;
  readonly remaining?: number | null;
  readonly count?: number;
  readonly from?: Date;
}

export function nextRuns({ pattern, firstExecution = null, remaining = null, count = 5, from = new Date() }: CronPreviewInput): CronPreview {
  const trimmed = pattern.trim();
  if (trimmed === '') return { ok: false, error: 'Enter a cron pattern, e.g. */5 * * * * (every five minutes).' };
  if (trimmed.split(/\s+/).length !== 5) return { ok: false, error: 'A cron pattern has five fields: minute hour day-of-month month day-of-week.' };
  let cron: Cron;
  try {
    cron = new Cron(trimmed, { paused: true, timezone: 'UTC' });
  } catch (error) {
    return { ok: false, error: `Invalid cron pattern: ${error instanceof Error ? error.message.replace(/^CronPattern: /, '') : 'unreadable'}` };
  }
  const limit = Math.max(0, Math.min(count, remaining ?? count));
  const runs: Date[] = [];
  let after = from;
  if (firstExecution && firstExecution.getTime() >= from.getTime() && limit > 0) {
    runs.push(firstExecution);
    after = firstExecution;
  }
  runs.push(...cron.nextRuns(limit - runs.length, after));
  return { ok: true, runs };
}
