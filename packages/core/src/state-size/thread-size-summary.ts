import type { RunnableConfig } from "@langchain/core/runnables";
import type { ChannelSize } from "./state-size-options.js";
import type { StoredCheckpointSize } from "./stored-checkpoint-size.js";

/**
 * The stored size of one checkpoint, as `threadSizeSummary` reports it: its new channel
 * values (before and after compression) plus its checkpoint and metadata records.
 */
export type CheckpointSize = StoredCheckpointSize;

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
  /** Stored bytes of the checkpoints in scope: their size records (pending writes are not counted). */
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

/** What every saver offers about stored sizes (see core's README, "State size"). */
export interface StateSizeReader {
  /**
   * The size record the `put` of this checkpoint stored (`thread_id`, `checkpoint_ns`,
   * `checkpoint_id` in `configurable`); `undefined` when there is no such checkpoint or it was
   * written before sizes were recorded.
   */
  getCheckpointSize(config: RunnableConfig): Promise<StoredCheckpointSize | undefined>;
  threadSizeSummary(
    threadId: string,
    options?: ThreadSizeSummaryOptions,
  ): Promise<ThreadSizeSummary>;
}
