/**
 * Re-running a unit of work that lost a race (a busy SQLite lock, a PostgreSQL deadlock victim),
 * with exponential backoff and "equal" jitter: half of each delay is fixed, so the retries always
 * span a useful amount of time (full jitter could spend all attempts within a few milliseconds
 * and give up on a lock held for 50 ms), and half is random, so competing workers spread out.
 */

export interface RetryPolicy {
  /** Attempts in total, counting the first. */
  readonly attempts: number;
  /** Upper bound of the first delay; doubles per attempt. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({ attempts: 8, baseDelayMs: 5, maxDelayMs: 250 });

/** Calls `fn` until it succeeds, throws a non-retryable error, or the attempts run out. */
export async function withRetries<T>(
  fn: () => Promise<T>,
  isRetryable: (error: unknown) => boolean,
  policy: RetryPolicy,
  onRetry?: (error: unknown, attempt: number) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= policy.attempts || !isRetryable(error)) throw error;
      onRetry?.(error, attempt);
      await sleep(backoffMs(policy, attempt));
    }
  }
}

function backoffMs(policy: RetryPolicy, attempt: number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return cap / 2 + Math.random() * (cap / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
