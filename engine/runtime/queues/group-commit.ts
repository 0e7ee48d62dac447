/**
 * Group commit: work submitted while a commit is under way waits and goes into the next one, so N
 * concurrent callers cost one transaction instead of N. Without it, each worker's completion took
 * its own SQLite transaction, queued behind the engine's batch, and every engine batch then held
 * a single event.
 */
export class GroupCommit<T, R> {
  readonly #commit: (items: readonly T[]) => Promise<readonly R[]>;
  readonly #maxBatch: number;
  #pending: Array<{ readonly item: T; readonly resolve: (r: R) => void; readonly reject: (e: unknown) => void }> = [];
  #running = false;

  /** `commit` answers one result per item, in order. */
  constructor(commit: (items: readonly T[]) => Promise<readonly R[]>, maxBatch = 500) {
    this.#commit = commit;
    this.#maxBatch = maxBatch;
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      if (!this.#running) void this.#run();
    });
  }

  async #run(): Promise<void> {
    this.#running = true;
    try {
      while (this.#pending.length > 0) {
        const batch = this.#pending.splice(0, this.#maxBatch);
        try {
          const results = await this.#commit(batch.map((b) => b.item));
          batch.forEach((b, i) => b.resolve(results[i] as R));
        } catch (error) {
          for (const b of batch) b.reject(error);
        }
      }
    } finally {
      this.#running = false;
    }
  }
}
