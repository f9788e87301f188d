/** A value as the saver's serde wrote it: `serde.dumpsTyped(value)`. */
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

/**
 * Everything one `put` stores, already serialized: what `serializeCheckpointRecord` makes
 * and `PostgresSaver.putMany` takes. A hot tier can keep this (bytes and all) in its outbox
 * and flush it later without deserializing channel values.
 */
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
  /** Values of the channels named in `newVersions`, at those versions. */
  channelValues: SerializedChannelValue[];
  /** When the checkpoint was first accepted; the server's clock when undefined. */
  createdAt?: Date;
}

/** One pending write, already serialized. */
export interface SerializedWrite {
  channel: string;
  value: SerializedValue;
}

/** Everything one `putWrites` call stores, already serialized. */
export interface SerializedWritesRecord {
  threadId: string;
  checkpointNs: string;
  checkpointId: string;
  taskId: string;
  /** The `taskPath` argument of `putWrites`; `""` when none was given. */
  taskPath: string;
  /** In call order: a regular write's index is its position here. */
  writes: SerializedWrite[];
  createdAt?: Date;
}

/** The argument of `putMany`: any number of checkpoints and writes, of any threads. */
export interface PutManyInput {
  checkpoints?: readonly SerializedCheckpointRecord[];
  writes?: readonly SerializedWritesRecord[];
}
