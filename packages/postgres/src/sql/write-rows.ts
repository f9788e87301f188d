/** One channel value to store, deduplicated by `(thread, namespace, channel, version)`. */
export interface BlobRow {
  threadId: string;
  checkpointNs: string;
  channel: string;
  version: string;
  /** Serde type tag, or `"empty"` when the checkpoint has no value for the channel. */
  type: string;
  bytes: Uint8Array | null;
}

/** One checkpoint row, values already serialized and keys already in stored-text form. */
export interface CheckpointRow {
  threadId: string;
  checkpointNs: string;
  checkpointId: string;
  parentCheckpointId: string | null;
  formatVersion: number;
  checkpointType: string;
  checkpointBytes: Uint8Array;
  channelVersionsJson: string;
  metadataType: string;
  metadataBytes: Uint8Array;
  metadataJson: string;
  /** Null means the server's `now()`. */
  createdAt: Date | null;
  /** core's `encodeStoredSize` text of this checkpoint's stored size. */
  storedSize: string;
  /** The record's total (`StoredCheckpointSize.storedBytes`). */
  storedBytes: number;
}

/** One pending write row. */
export interface WriteRow {
  threadId: string;
  checkpointNs: string;
  checkpointId: string;
  taskId: string;
  idx: number;
  taskPath: string;
  node: string | null;
  channel: string;
  type: string;
  bytes: Uint8Array;
  /** Special writes (errors, interrupts, ...) replace a stored one; regular writes never do. */
  upsert: boolean;
  createdAt: Date | null;
}
