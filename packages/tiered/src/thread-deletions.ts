/**
 * Orders what this process does to a thread behind the tiers' backs against its
 * `deleteThread`: rehydrations (cold → Redis copies without outbox entries) and durable
 * write-throughs (a flush outside the outbox order).
 * - a delete waits for the thread's rehydrations in flight, and a rehydration whose cold
 *   read may predate a delete (one started or ran since the read) is skipped, so no stale
 *   copy lands in Redis after the delete;
 * - a durable write-through waits for the thread's delete in progress, so the cold delete
 *   never removes a write that came after the Redis delete.
 * Processes do not see each other's: see the README's limitations.
 */
export class ThreadDeletions {
  /** Deletes in progress, per thread: settles when the last one is done. */
  readonly #inProgress = new Map<string, Promise<void>>();
  /** Deletes started so far, per thread (only threads deleted by this process). */
  readonly #started = new Map<string, number>();
  readonly #rehydrations = new Map<string, Set<Promise<unknown>>>();

  /** A mark to take before reading the cold tier for a rehydration. */
  epoch(threadId: string): number {
    return this.#started.get(threadId) ?? 0;
  }

  /** Runs `work` (the deletion of both tiers) after the thread's rehydrations in flight. */
  async delete(threadId: string, work: () => Promise<void>): Promise<void> {
    this.#started.set(threadId, this.epoch(threadId) + 1);
    const previous = this.#inProgress.get(threadId);
    let done: () => void = () => {};
    const current = new Promise<void>((resolve) => {
      done = resolve;
    });
    const chained = Promise.all([previous, current]).then(() => {});
    this.#inProgress.set(threadId, chained);
    try {
      await previous;
      await Promise.allSettled(this.#rehydrations.get(threadId) ?? []);
      await work();
    } finally {
      done();
      if (this.#inProgress.get(threadId) === chained) this.#inProgress.delete(threadId);
    }
  }

  /** Resolves once no delete of the thread is in progress. */
  async settled(threadId: string): Promise<void> {
    await this.#inProgress.get(threadId);
  }

  /**
   * Runs a rehydration read at `epoch`, unless a delete of the thread is in progress or
   * started since. Returns the work's promise (settled, never rejected).
   */
  rehydrate(threadId: string, epoch: number, work: () => Promise<void>): Promise<void> {
    if (this.#inProgress.has(threadId) || this.epoch(threadId) !== epoch) {
      return Promise.resolve();
    }
    const running = work().catch(() => {});
    const rehydrations = this.#rehydrations.get(threadId) ?? new Set();
    rehydrations.add(running);
    this.#rehydrations.set(threadId, rehydrations);
    void running.finally(() => {
      rehydrations.delete(running);
      if (rehydrations.size === 0) this.#rehydrations.delete(threadId);
    });
    return running;
  }
}
