/*
 * The records a checkpoint is made of, already serialized by the saver's serde: what a hot
 * tier reads out of its store and a cold tier writes, bytes and all, without deserializing
 * a channel value on the way. One family for every package, so no tier converts between
 * look-alike shapes.
 */

/** A value as a serde wrote it: `serde.dumpsTyped(value)`. */
export interface SerializedValue {
  /** The serde's type tag, e.g. `"json"` or `"bytes"`. */
  type: string;
  bytes: Uint8Array;
}

/** The stored value of one channel at one version; `undefined` value = the channel is empty. */
export interface SerializedChannelValue {
  channel: string;
  /** A channel version as LangGraph hands it out (number or string). */
  version: number | string;
  value: SerializedValue | undefined;
}

/** Everything one `put` stores, already serialized. */
export interface SerializedCheckpointRecord {
  threadId: string;
  /** `""` for the root graph. */
  checkpointNs: string;
  checkpointId: string;
  /** The checkpoint this one follows (`config.configurable.checkpoint_id` of the `put`). */
  parentCheckpointId: string | undefined;
  /** `serde.dumpsTyped(checkpoint)` of the checkpoint WITHOUT `channel_values`. */
  checkpoint: SerializedValue;
  /** `serde.dumpsTyped(metadata)`. */
  metadata: SerializedValue;
  /** Channel values at the versions the record names (see the consumer for which ones). */
  channelValues: readonly SerializedChannelValue[];
  /**
   * The channels the `put` stored new versions of, when the record ships more values than
   * that (a checkpoint shipped self-contained carries every channel): its size record counts
   * only these. Absent: every value in `channelValues` is new.
   */
  introducedChannels?: readonly string[];
  /** When the checkpoint was first accepted; the store's clock when undefined. */
  createdAt?: Date;
}

/** One pending write, already serialized. */
export interface SerializedWrite {
  channel: string;
  value: SerializedValue;
  /**
   * The index it is stored under, when the record comes from a store that kept it; else the
   * write's position in its record gives it (see `storedWriteIndex`).
   */
  idx?: number;
}

/** Everything one `putWrites` call stores, already serialized. */
export interface SerializedWritesRecord {
  threadId: string;
  checkpointNs: string;
  checkpointId: string;
  taskId: string;
  /** The `taskPath` argument of `putWrites`; `""` when none was given. */
  taskPath: string;
  /** In call order: a write without `idx` is stored under its position's index. */
  writes: readonly SerializedWrite[];
  /** When the writes were first accepted; the store's clock when undefined. */
  createdAt?: Date;
}
