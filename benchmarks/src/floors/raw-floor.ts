import type { RoundTripCounter } from "../measure/round-trip-counter.js";
import type { FloorBackend } from "../savers/saver-plugin.js";

/**
 * The least a saver on one backend could possibly do: the same serialized bytes written and
 * read with the bare client, one round trip per operation, no keys to encode, no versions to
 * reconcile. Every saver's figures are divided by its backend's floor.
 */
export interface RawFloor {
  backend: FloorBackend;
  label: string;
  counter: RoundTripCounter;
  /** Appends a checkpoint's bytes to the thread: one round trip. */
  putCheckpoint(threadId: string, bytes: Uint8Array): Promise<void>;
  /** Appends one step's writes: one round trip. */
  putWrites(threadId: string, bytes: Uint8Array): Promise<void>;
  /** The newest checkpoint and the newest writes of the thread: one round trip. */
  getLatest(threadId: string): Promise<{ checkpoint?: Uint8Array; writes?: Uint8Array }>;
  /** The newest `limit` checkpoints (all when undefined), newest first: one round trip. */
  listCheckpoints(threadId: string, limit: number | undefined): Promise<Uint8Array[]>;
  /** The newest `depth` writes plus the oldest checkpoint (the seed): one round trip. */
  writesHistory(
    threadId: string,
    depth: number,
  ): Promise<{ writes: Uint8Array[]; seed?: Uint8Array }>;
  dispose(): Promise<void>;
}

/** Makes a floor over fresh storage; a floor whose server is missing is simply not made. */
export interface RawFloorFactory {
  backend: FloorBackend;
  create(): Promise<RawFloor>;
}
