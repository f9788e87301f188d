import type { SerializedValue } from "../cosmos-payloads.js";
import type { FencePosition } from "./fence-position.js";

export type { SerializedValue };

/** The value of one channel at one version; `value` undefined = the channel is empty there. */
export interface SerializedChannelValue {
  channel: string;
  /** A channel version as LangGraph hands it out (number or string). */
  version: number | string;
  value: SerializedValue | undefined;
}

/**
 * Everything one `put` stores, already serialized (`serde.dumpsTyped`), with its place in
 * the writer's order. Stored as `CosmosSaver.put` would store it: values are never
 * deserialized; the checkpoint body and metadata (small) are read for the channel versions
 * and the metadata `list` filters on.
 */
export interface FencedCheckpointRecord {
  threadId: string;
  checkpointNs: string;
  checkpointId: string;
  /** The checkpoint this one follows (`config.configurable.checkpoint_id` of the `put`). */
  parentCheckpointId: string | undefined;
  /** `serde.dumpsTyped(checkpoint)` of the checkpoint WITHOUT `channel_values`. */
  checkpoint: SerializedValue;
  metadata: SerializedValue;
  /** The channels at new versions (`newVersions`); other channels point at stored values. */
  channelValues: readonly SerializedChannelValue[];
  fencePosition: FencePosition;
  /**
   * The checkpoint's own time (`checkpoint.ts`): what `expireIdleThreads` counts a thread's
   * idle time from. Undefined: the time it is written.
   */
  createdAt?: Date;
}

/** Everything one `putWrites` stores, already serialized, with its place in the order. */
export interface FencedWritesRecord {
  threadId: string;
  checkpointNs: string;
  checkpointId: string;
  taskId: string;
  /** `""` when `putWrites` was called without one. */
  taskPath: string;
  /** In call order: a regular write's index is its position here. */
  writes: readonly { channel: string; value: SerializedValue }[];
  fencePosition: FencePosition;
  /** When the writes were accepted, for `expireIdleThreads`. Undefined: when written. */
  createdAt?: Date;
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
