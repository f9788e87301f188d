/**
 * The cold writes in flight, per thread. A write reads its thread's delete fence before it
 * writes and again after (see `CosmosColdWriter`), so a delete that lands in between is undone
 * for a moment: the write's records reappear until it re-reads the fence and deletes again.
 * A delete waits here for the writes that may have read the fence before it, so once it
 * resolves, none of them shows the thread's deleted records again.
 */
export class InFlightWrites {
  readonly #byThread = new Map<string, Set<Promise<unknown>>>();

  /** Counts `work` as writing to each of `threadIds` until it settles; returns it. */
  track<T>(threadIds: Iterable<string>, work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => {},
      () => {},
    );
    const threads = [...threadIds];
    for (const threadId of threads) {
      const writes = this.#byThread.get(threadId) ?? new Set();
      writes.add(settled);
      this.#byThread.set(threadId, writes);
    }
    void settled.then(() => {
      for (const threadId of threads) {
        const writes = this.#byThread.get(threadId);
        writes?.delete(settled);
        if (writes?.size === 0) this.#byThread.delete(threadId);
      }
    });
    return work;
  }

  /** Resolves once every write of the thread in flight now has settled (never rejects). */
  async settled(threadId: string): Promise<void> {
    await Promise.all([...(this.#byThread.get(threadId) ?? [])]);
  }
}
