/**
 * Wakes long polls in this process when their queue gets work, so a poll answers at once instead
 * of at its next look at the database (which still happens, for work queued by other replicas).
 */
export class QueueWakeups {
  readonly #waiters = new Map<string, Set<() => void>>();

  /** Resolves when `queue` is woken, after `ms`, or when `signal` aborts, whichever is first. */
  wait(queue: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.#waiters.get(queue) ?? new Set<() => void>();
      this.#waiters.set(queue, waiters);
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        waiters.delete(done);
        if (waiters.size === 0 && this.#waiters.get(queue) === waiters) this.#waiters.delete(queue);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal?.addEventListener('abort', done, { once: true });
      waiters.add(done);
    });
  }

  wake(queue: string): void {
    for (const w of [...(this.#waiters.get(queue) ?? [])]) w();
  }

  wakeAll(): void {
    for (const queue of [...this.#waiters.keys()]) this.wake(queue);
  }
}
