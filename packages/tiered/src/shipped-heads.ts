/** Threads whose last shipped checkpoints are remembered, at most (the oldest is forgotten). */
const MAX_REMEMBERED_THREADS = 10_000;

interface ShippedHead {
  checkpointId: string;
  versions: ReadonlyMap<string, number | string>;
}

/**
 * The channel versions of the checkpoint each (thread, namespace) last had committed to the
 * cold tier by this process. A child of that checkpoint ships only the values whose version
 * differs (its `newVersions`): the others are in the cold tier already. Forgetting is
 * always safe: a record whose parent is not remembered ships every value it has.
 */
export class ShippedHeads {
  /** thread → namespace → head; threads in least-recently-shipped order. */
  readonly #threads = new Map<string, Map<string, ShippedHead>>();

  /** The parent's versions when `parentCheckpointId` is the remembered head, else undefined. */
  parentVersions(
    threadId: string,
    checkpointNs: string,
    parentCheckpointId: string | undefined,
  ): ReadonlyMap<string, number | string> | undefined {
    if (parentCheckpointId === undefined) return undefined;
    const head = this.#threads.get(threadId)?.get(checkpointNs);
    return head?.checkpointId === parentCheckpointId ? head.versions : undefined;
  }

  remember(threadId: string, checkpointNs: string, head: ShippedHead): void {
    const namespaces = this.#threads.get(threadId) ?? new Map<string, ShippedHead>();
    this.#threads.delete(threadId);
    this.#threads.set(threadId, namespaces);
    namespaces.set(checkpointNs, head);
    if (this.#threads.size > MAX_REMEMBERED_THREADS) {
      const oldest = this.#threads.keys().next().value;
      if (oldest !== undefined) this.#threads.delete(oldest);
    }
  }

  /** A deleted thread's values are gone from the cold tier: nothing of it may be assumed. */
  forgetThread(threadId: string): void {
    this.#threads.delete(threadId);
  }
}
