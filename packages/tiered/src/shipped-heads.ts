/** Threads whose last shipped checkpoints are remembered, at most (the oldest is forgotten). */
const MAX_REMEMBERED_THREADS = 10_000;

interface ShippedHead {
  checkpointId: string;
  versions: ReadonlyMap<string, number | string>;
  /** The checkpoint's own time: what the cold tier's retention counts from. */
  createdAtMs: number;
}

/**
 * The channel versions of the checkpoint each (thread, namespace) last had committed to the
 * cold tier by this process. A child of that checkpoint ships only the values whose version
 * differs (its `newVersions`): the others are in the cold tier already. Forgetting is
 * always safe: a record whose parent is not relied on ships every value it has. So a head
 * is forgotten whenever the cold tier may no longer hold it:
 * - the thread was deleted, or one of its records was refused (split or dead-lettered: what
 *   the thread's later records relied on may be what failed);
 * - the cold tier expires threads (`ttlSeconds`) and the head's checkpoint is older than
 *   half of that: the thread may have expired in the cold tier while Redis still holds it.
 */
export class ShippedHeads {
  /** thread → namespace → head; threads in least-recently-shipped order. */
  readonly #threads = new Map<string, Map<string, ShippedHead>>();
  readonly #trustedForMs: number;

  /** `coldTtlSeconds`: the cold tier's retention, undefined when it keeps everything. */
  constructor(coldTtlSeconds?: number) {
    this.#trustedForMs =
      coldTtlSeconds === undefined ? Number.POSITIVE_INFINITY : (coldTtlSeconds * 1000) / 2;
  }

  /** The parent's versions when `parentCheckpointId` is the remembered head, else undefined. */
  parentVersions(
    threadId: string,
    checkpointNs: string,
    parentCheckpointId: string | undefined,
  ): ReadonlyMap<string, number | string> | undefined {
    if (parentCheckpointId === undefined) return undefined;
    const head = this.#threads.get(threadId)?.get(checkpointNs);
    if (head?.checkpointId !== parentCheckpointId) return undefined;
    return this.isRetained(head.createdAtMs) ? head.versions : undefined;
  }

  /**
   * True when a checkpoint created at `createdAtMs` and committed cannot have expired from the
   * cold tier yet (with a margin of half the TTL).
   */
  isRetained(createdAtMs: number): boolean {
    return Date.now() - createdAtMs < this.#trustedForMs;
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

  /** Nothing of the thread may be assumed to be in the cold tier any more. */
  forgetThread(threadId: string): void {
    this.#threads.delete(threadId);
  }
}
