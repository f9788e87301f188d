import type { FencePosition } from "@checkpointkit/core";
import type { SerializedCheckpointRecord, SerializedWritesRecord } from "../serialized-records.js";

/** A checkpoint record with its position in the writer's order (see `FencePosition`). */
export interface FencedCheckpointRecord extends SerializedCheckpointRecord {
  fencePosition: FencePosition;
}

/** A writes record with its position in the writer's order. */
export interface FencedWritesRecord extends SerializedWritesRecord {
  fencePosition: FencePosition;
}

/** What `PostgresColdWriter.writeBatch` stores: records of any threads. */
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
