import type { ChannelSize } from "./state-size-options.js";

/** The stored size of one checkpoint, as `threadSizeSummary` reports it. */
export interface CheckpointSize {
  checkpointNs: string;
  checkpointId: string;
  /** Stored bytes of the checkpoint's new channel values plus its checkpoint and metadata records. */
  storedBytes: number;
}

export interface ThreadSizeSummaryOptions {
  /**
   * How many of the newest checkpoints `recentCheckpoints` and `growthBytes` cover.
   * @default 10
   */
  lastN?: number;
}

/** A thread's stored size, cheaply computed by the backend (see each saver's README). */
export interface ThreadSizeSummary {
  threadId: string;
  /** What `totalBytes` covers: the whole thread, or only its last N checkpoints. */
  scope: "thread" | "lastN";
  /** Stored bytes: checkpoint records, metadata, channel values and pending writes in scope. */
  totalBytes: number;
  /** Checkpoints in scope. */
  checkpointCount: number;
  /** Largest channels by stored bytes (all stored versions in scope summed), largest first. */
  largestChannels: ChannelSize[];
  /** The newest `lastN` checkpoints, newest first. */
  recentCheckpoints: CheckpointSize[];
  /** Stored bytes of the newest of `recentCheckpoints` minus the oldest (0 with fewer than two). */
  growthBytes: number;
}

export const DEFAULT_SIZE_SUMMARY_LAST_N = 10;
