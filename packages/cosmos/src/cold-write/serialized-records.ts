import type {
  FencePosition,
  SerializedCheckpointRecord,
  SerializedWritesRecord,
} from "@checkpointkit/core";

export type { SerializedChannelValue, SerializedValue } from "@checkpointkit/core";

/**
 * Everything one `put` stores, already serialized, with its place in the writer's order.
 * Stored as `CosmosSaver.put` would store it: values are never deserialized; the checkpoint
 * body and metadata (small) are read for the channel versions and the metadata `list`
 * filters on. `channelValues` are the channels at new versions; the others point at stored
 * values. `createdAt` (the checkpoint's own time) is what `expireIdleThreads` counts a
 * thread's idle time from; undefined: the time it is written.
 */
export interface FencedCheckpointRecord extends SerializedCheckpointRecord {
  fencePosition: FencePosition;
}

/**
 * Everything one `putWrites` stores, already serialized, with its place in the order. A
 * write's `idx`, when given, is the index it is stored under. `createdAt`: when the writes
 * were accepted, for `expireIdleThreads`; undefined: when written.
 */
export interface FencedWritesRecord extends SerializedWritesRecord {
  fencePosition: FencePosition;
}

/** What `CosmosColdWriter.writeBatch` stores: records of any threads. */
export interface FencedBatch {
  checkpoints: readonly FencedCheckpointRecord[];
  writes: readonly FencedWritesRecord[];
}

/** What a fenced write did. */
export interface FencedWriteResult {
  /** Records stored (or already there: writes are idempotent). */
  stored: number;
  /** Records left out: at or before their thread's delete fence. */
  fenced: number;
}
