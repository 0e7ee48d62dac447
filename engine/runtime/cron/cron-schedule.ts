/**
 * Cron trigger schedules with Mistral's semantics (API digest §7), as pure functions over croner.
 *
 * Mistral evaluates patterns with croniter, in UTC. Two croniter habits differ from croner's and are
 * translated here: a 6-field pattern carries the seconds *last* (croner reads them first), and the
 * nicknames (`@daily`, …) are expanded to the same 5-field patterns croniter uses. Day-of-month and
 * day-of-week combine with OR when both are restricted, in both libraries.
 */
import { Cron } from 'croner';
import type { EpochMs } from '../../store/schema.js';
import { EngineError } from '../errors.js';

/** Mistral refuses a `first_execution_time` closer than this to now. */
export const MIN_FIRST_EXECUTION_LEAD_MS = 60_000;

const NICKNAMES: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const COMPILED_LIMIT = 1_000;
const compiled = new Map<string, Cron>();

function invalidPattern(pattern: string, why: string): EngineError {
  return new EngineError('invalid-input', `Invalid cron pattern [pattern=${pattern}]: ${why}`);
}

/** croniter's field order (`min hour dom month dow [sec]`) rewritten as croner's 6-part order. */
function toCronerPattern(pattern: string): string {
  const trimmed = pattern.trim();
  const expanded = NICKNAMES[trimmed.toLowerCase()] ?? trimmed;
  const fields = expanded.split(/\s+/).filter((f) => f !== '');
  if (fields.length === 5) return ['0', ...fields].join(' ');
  if (fields.length === 6) return [fields[5] as string, ...fields.slice(0, 5)].join(' ');
  throw invalidPattern(
    pattern,
    `expected 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds last, got ${fields.length}`,
  );
}

function compile(pattern: string): Cron {
  const hit = compiled.get(pattern);
  if (hit) return hit;
  const cronerPattern = toCronerPattern(pattern);
  let cron: Cron;
  try {
    // No callback: croner only evaluates the pattern and never arms a timer.
    cron = new Cron(cronerPattern, { utcOffset: 0, mode: '6-part', paused: true });
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/^CronPattern:\s*/, '') : String(error);
    throw invalidPattern(pattern, why);
  }
  if (compiled.size >= COMPILED_LIMIT) compiled.clear();
  compiled.set(pattern, cron);
  return cron;
}

/**
 * Throws `EngineError('invalid-input', 'Invalid cron pattern [pattern=…]: <why>')` unless the
 * pattern parses and fires at least once after `now` (croniter-style 5 or 6 fields, or a nickname).
 */
export function validateCronPattern(pattern: string, now: EpochMs = Date.now()): void {
  if (pattern.trim() === '') throw invalidPattern(pattern, 'it is empty');
  if (nextFireTime(pattern, now) === null) throw invalidPattern(pattern, 'it never fires');
}

/** The first time strictly after `after` that `pattern` matches (UTC), or null when there is none. */
export function nextFireTime(pattern: string, after: EpochMs): EpochMs | null {
  const next = compile(pattern).nextRun(new Date(after));
  return next === null ? null : next.getTime();
}

const MISTRAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(?:Z|\+00:?00)?$/;

/**
 * Reads a UTC time as Mistral's clients send `first_execution_time` (`YYYY-MM-DD HH:MM`), also
 * accepting seconds, a fraction and the ISO `T`/`Z` forms, which Mistral itself would refuse.
 */
export function parseCronTime(text: string): EpochMs {
  const m = MISTRAL_TIME.exec(text.trim());
  const fail = (): EngineError =>
    new EngineError('invalid-input', `Invalid first_execution_time [value=${text}]: expected YYYY-MM-DD HH:MM (UTC)`);
  if (!m) throw fail();
  const [, y, mo, d, h, mi, s, frac] = m.map((part) => part ?? '');
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s || '0'), Math.floor(Number((frac || '0').padEnd(3, '0').slice(0, 3))));
  const back = new Date(ms);
  // Date.UTC rolls 2024-02-30 over into March; Mistral's strptime refuses it.
  if (back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s || '0') > 59) throw fail();
  return ms;
}

export interface CronPlanRequest {
  readonly pattern?: string | null;
  readonly firstExecutionTime?: EpochMs | null;
  readonly remainingExecutions?: number | null;
}

export interface CronPlan {
  /** Null for a one-shot trigger. */
  readonly pattern: string | null;
  readonly firstExecutionTime: EpochMs | null;
  readonly nextExecutionTime: EpochMs;
  /** Null = unlimited. */
  readonly remainingExecutions: number | null;
}

/**
 * Mistral's `create_cron_trigger` rules: at least one of pattern / first time; the first time at
 * least a minute ahead (`minLeadMs`); without a pattern the count defaults to 1 and may not exceed
 * it; the first firing is the first time when given, else the pattern's next match after `now`.
 */
export function planCronTrigger(req: CronPlanRequest, now: EpochMs, options: { readonly minLeadMs?: number } = {}): CronPlan {
  const pattern = req.pattern === undefined || req.pattern === null || req.pattern.trim() === '' ? null : req.pattern.trim();
  const first = req.firstExecutionTime ?? null;
  let count = req.remainingExecutions ?? null;
  if (pattern === null && first === null) throw new EngineError('invalid-input', 'Pattern or first_execution_time must be specified.');
  if (count !== null && (!Number.isInteger(count) || count < 1)) {
    throw new EngineError('invalid-input', `remaining_executions must be a positive integer [remaining_executions=${count}]`);
  }
  if (first !== null) {
    if (!Number.isFinite(first)) throw new EngineError('invalid-input', `Invalid first_execution_time [value=${first}]`);
    // Mistral compares against now truncated to the second (utc_now_sec).
    const earliest = Math.floor(now / 1000) * 1000 + (options.minLeadMs ?? MIN_FIRST_EXECUTION_LEAD_MS);
    if (first < earliest) throw new EngineError('invalid-input', 'first_execution_time must be at least 1 minute in the future.');
    if (pattern === null && count !== null && count > 1) throw new EngineError('invalid-input', 'Pattern must be provided if count is superior to 1.');
  }
  if (pattern !== null) validateCronPattern(pattern, first ?? now);
  if (first !== null) {
    if (pattern === null) count ??= 1;
    return { pattern, firstExecutionTime: first, nextExecutionTime: first, remainingExecutions: count };
  }
  return { pattern, firstExecutionTime: null, nextExecutionTime: nextFireTime(pattern as string, now) as EpochMs, remainingExecutions: count };
}

export type FiringOutcome =
  | { readonly kind: 'advance'; readonly nextExecutionTime: EpochMs; readonly remainingExecutions: number | null }
  | { readonly kind: 'delete' };

/**
 * What a trigger becomes once the occurrence due at `scheduledAt` has fired (Mistral's
 * `advance_cron_trigger`): the count drops by one and the trigger goes at zero; otherwise the next
 * time is the pattern's next match after the later of now and the fired time. So occurrences
 * missed while no engine ran collapse into the single late firing, and the schedule resumes from
 * now instead of replaying every missed slot.
 */
export function afterFiring(
  trigger: { readonly pattern: string | null; readonly remainingExecutions: number | null },
  scheduledAt: EpochMs,
  now: EpochMs,
): FiringOutcome {
  const remaining = trigger.remainingExecutions === null ? null : trigger.remainingExecutions - 1;
  if (remaining !== null && remaining <= 0) return { kind: 'delete' };
  // A one-shot trigger always has a count of 1; a stored row without a pattern has nothing more to fire.
  if (trigger.pattern === null || trigger.pattern.trim() === '') return { kind: 'delete' };
  const next = nextFireTime(trigger.pattern, Math.max(now, scheduledAt));
  if (next === null) return { kind: 'delete' };
  return { kind: 'advance', nextExecutionTime: next, remainingExecutions: remaining };
}
