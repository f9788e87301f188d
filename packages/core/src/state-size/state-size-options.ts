import { InvalidConfigError } from "../errors/invalid-config-error.js";

/** The size of one channel's value (or one pending write's channel) as a write stores it. */
export interface ChannelSize {
  channel: string;
  /** Bytes the serde produced, before compression. */
  bytes: number;
  /** Bytes stored, after compression (equal to `bytes` when the value was not compressed). */
  storedBytes: number;
}

/** What `onLargeState` receives: a checkpoint whose stored size passed the warning threshold. */
export interface LargeStateEvent {
  threadId: string;
  checkpointNs: string;
  checkpointId: string;
  /** Stored bytes of the whole write: channel values plus the checkpoint and metadata records. */
  totalBytes: number;
  /** Largest stored size first. */
  channels: ChannelSize[];
}

/**
 * Size control shared by every saver. Sizes are the STORED bytes (after the serde and after
 * compression) of what one `put` (its new channel values + checkpoint + metadata) or one
 * `putWrites` (its writes) stores.
 */
export interface StateSizeOptions {
  /**
   * A `put` or `putWrites` storing more than this many bytes is refused with
   * `PayloadTooLargeError` before anything is written.
   * @default undefined (no limit beyond the backend's own)
   */
  maxCheckpointBytes?: number;
  /**
   * A `put` storing more than this many bytes calls `onLargeState`.
   * @default undefined (no warning)
   */
  largeStateWarningBytes?: number;
  /**
   * Called (synchronously, before the write goes to the backend) for each `put` past
   * `largeStateWarningBytes`. It cannot block or fail the write: a throw or a rejected
   * promise is caught and reported with `process.emitWarning`.
   * @default undefined
   */
  onLargeState?: (event: LargeStateEvent) => void | Promise<void>;
}

function checkBytes(value: unknown, field: string): void {
  if (value === undefined) return;
  if (!(typeof value === "number" && Number.isSafeInteger(value) && value > 0)) {
    throw new InvalidConfigError(`${field} must be a positive integer (bytes)`, { field });
  }
}

export function validateStateSizeOptions(options: StateSizeOptions): void {
  checkBytes(options.maxCheckpointBytes, "maxCheckpointBytes");
  checkBytes(options.largeStateWarningBytes, "largeStateWarningBytes");
  if (options.onLargeState !== undefined && typeof options.onLargeState !== "function") {
    throw new InvalidConfigError("onLargeState must be a function", { field: "onLargeState" });
  }
}
