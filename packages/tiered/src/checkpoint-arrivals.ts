import { checkpointAddress } from "./write-addresses.js";

/** Checkpoint addresses remembered for a later durable put, at most. */
const MAX_DURABLE_ON_PUT = 10_000;

/**
 * LangGraph may write to a checkpoint before (or while) it stores it. This tracks, per
 * checkpoint address, the puts of this process still on their way to Redis (so durable
 * writes can wait for the checkpoint they belong to) and the checkpoints whose put, when it
 * comes, must be written through (they got interrupt writes first).
 */
export class CheckpointArrivals {
  readonly #inFlight = new Map<string, Promise<void>>();
  readonly #durableOnPut = new Set<string>();

  /** Marks a put as on its way; call the returned function once it is stored (or failed). */
  putStarted(threadId: string, checkpointNs: string, checkpointId: string): () => void {
    const address = checkpointAddress(threadId, checkpointNs, checkpointId);
    let settle: () => void = () => {};
    const settled = new Promise<void>((resolve) => {
      settle = resolve;
    });
    this.#inFlight.set(address, settled);
    return () => {
      settle();
      if (this.#inFlight.get(address) === settled) this.#inFlight.delete(address);
    };
  }

  /** Resolves once this process's put of the checkpoint, if one is on its way, is done. */
  async putSettled(threadId: string, checkpointNs: string, checkpointId: string): Promise<void> {
    await this.#inFlight.get(checkpointAddress(threadId, checkpointNs, checkpointId));
  }

  /** The checkpoint's put, when it comes, is written through. Bounded: the oldest is dropped. */
  makePutDurable(threadId: string, checkpointNs: string, checkpointId: string): void {
    this.#durableOnPut.add(checkpointAddress(threadId, checkpointNs, checkpointId));
    if (this.#durableOnPut.size > MAX_DURABLE_ON_PUT) {
      const oldest = this.#durableOnPut.values().next().value;
      if (oldest !== undefined) this.#durableOnPut.delete(oldest);
    }
  }

  /** True (once) when the checkpoint's put was asked to be durable. */
  takeDurablePut(threadId: string, checkpointNs: string, checkpointId: string): boolean {
    return this.#durableOnPut.delete(checkpointAddress(threadId, checkpointNs, checkpointId));
  }
}
