import type { ThreadSizeSummary, ThreadSizeSummaryOptions } from "@checkpointkit/core";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";

/** A saver that can summarize a thread's size (every checkpointkit saver). */
interface SizeSummarizer {
  threadSizeSummary(
    threadId: string,
    options?: ThreadSizeSummaryOptions,
  ): Promise<ThreadSizeSummary>;
}

function canSummarize(saver: BaseCheckpointSaver): saver is BaseCheckpointSaver & SizeSummarizer {
  return typeof (saver as Partial<SizeSummarizer>).threadSizeSummary === "function";
}

/**
 * The hot tier's summary (its last N checkpoints); when Redis holds nothing of the thread
 * (flushed and expired, or never there), the cold saver's, if it offers one. Never merged:
 * the hot tier's checkpoints are the newest, so its last N are the thread's last N.
 */
export async function tieredThreadSizeSummary(
  hot: SizeSummarizer,
  cold: BaseCheckpointSaver,
  threadId: string,
  options?: ThreadSizeSummaryOptions,
): Promise<ThreadSizeSummary> {
  const fromHot = await hot.threadSizeSummary(threadId, options);
  if (fromHot.checkpointCount > 0 || !canSummarize(cold)) return fromHot;
  return cold.threadSizeSummary(threadId, options);
}
