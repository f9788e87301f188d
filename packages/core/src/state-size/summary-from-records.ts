import { largestChannels } from "./state-size-guard.js";
import type { ChannelSize } from "./state-size-options.js";
import type { StoredCheckpointSize } from "./stored-checkpoint-size.js";
import type { ThreadSizeSummary } from "./thread-size-summary.js";

/** How many channels a summary names. */
export const SUMMARY_CHANNEL_COUNT = 10;

/** What a saver read of a thread's recorded sizes. */
export interface RecordedThreadSizes {
  threadId: string;
  /**
   * The thread's newest checkpoints' records, newest first, at most `lastN` of them. When
   * `wholeThread` is absent they are also the whole scope of the summary.
   */
  recent: readonly StoredCheckpointSize[];
  /**
   * Totals over every checkpoint of the thread, when the backend sums them cheaply (e.g. one
   * SQL aggregate): the summary's scope is then `thread`.
   */
  wholeThread?: {
    totalBytes: number;
    checkpointCount: number;
    /** Per channel, every stored version summed. */
    channels: readonly ChannelSize[];
  };
}

/** A `ThreadSizeSummary` from sizes recorded at write time (no value is re-encoded). */
export function summarizeRecordedSizes(sizes: RecordedThreadSizes): ThreadSizeSummary {
  const recentCheckpoints = sizes.recent.map((size) => ({
    ...size,
    channels: size.channels.map((channel) => ({ ...channel })),
  }));
  const newest = recentCheckpoints[0];
  const oldest = recentCheckpoints.at(-1);
  const growthBytes =
    newest === undefined || oldest === undefined ? 0 : newest.storedBytes - oldest.storedBytes;
  const whole = sizes.wholeThread;
  if (whole !== undefined) {
    return {
      threadId: sizes.threadId,
      scope: "thread",
      totalBytes: whole.totalBytes,
      checkpointCount: whole.checkpointCount,
      largestChannels: largestChannels(whole.channels).slice(0, SUMMARY_CHANNEL_COUNT),
      recentCheckpoints,
      growthBytes,
    };
  }
  return {
    threadId: sizes.threadId,
    scope: "lastN",
    totalBytes: recentCheckpoints.reduce((sum, size) => sum + size.storedBytes, 0),
    checkpointCount: recentCheckpoints.length,
    largestChannels: largestChannels(recentCheckpoints.flatMap((size) => size.channels)).slice(
      0,
      SUMMARY_CHANNEL_COUNT,
    ),
    recentCheckpoints,
    growthBytes,
  };
}
